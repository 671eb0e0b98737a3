import { describe, expect, it } from 'vitest';
import { bindConfig, classifyValue } from './bind-config.ts';
import { newRecord } from './codec.ts';
import { parseLabelingConfig } from './parse-config.ts';
import type { ResultRecord } from './records.ts';
import { validateDocument } from './validate.ts';

const config = (xml: string, data: unknown = {}) => bindConfig(parseLabelingConfig(xml), data, classifyValue);
const rec = (
  fromName: string,
  type: string,
  value: Record<string, unknown>,
  extra: { id?: string; toName?: string; meta?: Record<string, unknown> } = {},
): ResultRecord =>
  newRecord({
    fromName,
    toName: extra.toName ?? 'text',
    type,
    value,
    ...(extra.id ? { id: extra.id } : {}),
    ...(extra.meta ? { meta: extra.meta } : {}),
  });
const box = (id: string, label: string) =>
  rec(
    'bbox',
    'rectanglelabels',
    { x: 1, y: 1, width: 1, height: 1, rectanglelabels: [label] },
    { id, toName: 'image' },
  );

describe('validateDocument', () => {
  it('names each required control without a value, by its kind', () => {
    const c = config(`<View><Text name="text" value="x"/>
      <Choices name="sentiment" toName="text" required="true"><Choice value="A"/></Choices>
      <TextArea name="notes" toName="text" required="true"/>
      <Rating name="stars" toName="text" required="true"/>
      <Number name="count" toName="text" required="true"/>
      <DateTime name="when" toName="text" required="true"/>
      <Labels name="ner" toName="text" required="true"><Label value="X"/></Labels>
      <Choices name="optional" toName="text"><Choice value="A"/></Choices></View>`);
    expect(validateDocument(c, [])).toEqual([
      { controlName: 'sentiment', message: 'Choose a value for sentiment' },
      { controlName: 'notes', message: 'Write a text for notes' },
      { controlName: 'stars', message: 'Give a rating for stars' },
      { controlName: 'count', message: 'Enter a number for count' },
      { controlName: 'when', message: 'Enter a date for when' },
      { controlName: 'ner', message: 'Mark at least one region for ner' },
    ]);
    const filled = [
      rec('sentiment', 'choices', { choices: ['A'] }),
      rec('notes', 'textarea', { text: ['ok'] }),
      rec('stars', 'rating', { rating: 3 }),
      rec('count', 'number', { number: 0 }),
      rec('when', 'datetime', { datetime: '2024-01-01' }),
      rec('ner', 'labels', { start: 0, end: 1, labels: ['X'] }),
    ];
    expect(validateDocument(c, filled)).toEqual([]);
  });

  it('does not count an empty value, and uses requiredMessage when the config has one', () => {
    const c = config(
      '<View><Text name="text" value="x"/><TextArea name="notes" toName="text" required="true" requiredMessage="Say why"/></View>',
    );
    expect(validateDocument(c, [rec('notes', 'textarea', { text: ['  '] })])).toEqual([
      { controlName: 'notes', message: 'Say why' },
    ]);
  });

  it('skips required controls that are hidden (visibleWhen, or inside a hidden View)', () => {
    const c = config(`<View><Text name="text" value="x"/>
      <Choices name="kind" toName="text"><Choice value="Other"/><Choice value="Cat"/></Choices>
      <View visibleWhen="choice-selected" whenTagName="kind" whenChoiceValue="Other">
        <TextArea name="which" toName="text" required="true"/>
      </View></View>`);
    expect(validateDocument(c, [])).toEqual([]);
    expect(validateDocument(c, [rec('kind', 'choices', { choices: ['Cat'] })])).toEqual([]);
    expect(validateDocument(c, [rec('kind', 'choices', { choices: ['Other'] })])).toEqual([
      { controlName: 'which', message: 'Write a text for which' },
    ]);
  });

  it('requires a perRegion control on every region of its object (whenLabelValue narrows)', () => {
    const c = config(`<View><Image name="image" value="x"/>
      <RectangleLabels name="bbox" toName="image"><Label value="Car"/><Label value="Tree"/></RectangleLabels>
      <Choices name="color" toName="image" perRegion="true" required="true" whenLabelValue="Car"><Choice value="Red"/></Choices></View>`);
    const records = [
      box('r1', 'Car'),
      box('r2', 'Tree'),
      box('r3', 'Car'),
      rec('color', 'choices', { choices: ['Red'] }, { id: 'r1', toName: 'image' }),
    ];
    expect(validateDocument(c, records)).toEqual([
      { controlName: 'color', message: 'Choose a value for color', regionId: 'r3' },
    ]);
  });

  it('requires a perItem control on every item of a multi-image object', () => {
    const c = config(
      '<View><Image name="pages" valueList="$pages"/><Choices name="q" toName="pages" perItem="true" required="true"><Choice value="ok"/></Choices></View>',
      {
        pages: ['a', 'b', 'c'],
      },
    );
    const records = [rec('q', 'choices', { choices: ['ok'] }, { toName: 'pages', meta: { item_index: 1 } })];
    expect(validateDocument(c, records).map((p) => p.itemIndex)).toEqual([0, 2]);
  });

  it('allows one value in single Choices, several in multiple', () => {
    const xml = (choice: string) =>
      `<View><Text name="text" value="x"/><Choices name="c" toName="text" choice="${choice}"><Choice value="A"/><Choice value="B"/></Choices></View>`;
    const two = [rec('c', 'choices', { choices: ['A', 'B'] })];
    expect(validateDocument(config(xml('single')), two).map((p) => p.message)).toEqual([
      'Choose only one value for c',
    ]);
    expect(validateDocument(config(xml('single-radio')), two)).toHaveLength(1);
    expect(validateDocument(config(xml('multiple')), two)).toEqual([]);
  });

  it("checks Number's min and max", () => {
    const c = config(
      '<View><Text name="text" value="x"/><Number name="n" toName="text" min="1" max="5"/></View>',
    );
    expect(validateDocument(c, [rec('n', 'number', { number: 0 })]).map((p) => p.message)).toEqual([
      'The number for n must be at least 1',
    ]);
    expect(validateDocument(c, [rec('n', 'number', { number: 6 })]).map((p) => p.message)).toEqual([
      'The number for n must be at most 5',
    ]);
    expect(validateDocument(c, [rec('n', 'number', { number: 5 })])).toEqual([]);
  });

  it("checks TextArea's maxSubmissions", () => {
    const c = config(
      '<View><Text name="text" value="x"/><TextArea name="t" toName="text" maxSubmissions="1"/></View>',
    );
    expect(validateDocument(c, [rec('t', 'textarea', { text: ['a', 'b'] })]).map((p) => p.message)).toEqual([
      't takes at most 1 text',
    ]);
    expect(validateDocument(c, [rec('t', 'textarea', { text: ['a'] })])).toEqual([]);
  });

  it("checks a Label's maxUsages (by alias when it has one) and the control's", () => {
    const c = config(`<View><Image name="image" value="x"/>
      <RectangleLabels name="bbox" toName="image" maxUsages="3"><Label value="Sun" alias="sun" maxUsages="1"/><Label value="Car"/></RectangleLabels></View>`);
    expect(validateDocument(c, [box('a', 'sun'), box('b', 'Car')])).toEqual([]);
    expect(
      validateDocument(c, [box('a', 'sun'), box('b', 'sun'), box('c', 'Car'), box('d', 'Car')]).map(
        (p) => p.message,
      ),
    ).toEqual(['"Sun" may label at most 1 region (2 now)', 'bbox allows at most 3 regions (4 now)']);
  });
});
