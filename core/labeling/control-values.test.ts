import { describe, expect, it } from 'vitest';
import { decodeResult, encodeRecord } from './codec.ts';
import type { ConfigNode, ControlNode } from './config-model.ts';
import {
  choiceEntries,
  findControlRecord,
  formatDateTime,
  isChoicePartial,
  isChoiceSelected,
  nextControlRecord,
  parseDateTime,
  preselectedChoices,
  rankerOrder,
  rankerValue,
  readControlValue,
  taxonomyEntries,
  toggleChoice,
  toggleTaxonomy,
  type ChoiceItem,
} from './control-values.ts';
import { parseLabelingConfig } from './parse-config.ts';
import type { ResultRecord } from './records.ts';

/** The first control of a config written as Label Studio users write it. */
function control(xml: string): ControlNode {
  const find = (node: ConfigNode): ControlNode | undefined =>
    node.kind === 'control'
      ? node
      : node.kind === 'view' || node.kind === 'other'
        ? node.children.map(find).find(Boolean)
        : undefined;
  const found = find(parseLabelingConfig(`<View><Text name="txt" value="$text"/>${xml}</View>`).root);
  if (!found) throw new Error('no control in test config');
  return found;
}

/** Writes a value the way the views do and returns the item Label Studio would receive. */
function write(c: ControlNode, records: ResultRecord[], value: unknown, target = {}) {
  const next = nextControlRecord(c, records, value as never, target);
  return next ? encodeRecord(next) : null;
}

describe('choices', () => {
  const single = control(
    '<Choices name="sentiment" toName="txt"><Choice value="Positive" alias="pos"/><Choice value="Negative"/></Choices>',
  );

  it('writes the alias in place of the value, in LS shape', () => {
    const [pos] = choiceEntries(single);
    const item = write(single, [], toggleChoice(single, [], pos!));
    expect(item).toMatchObject({
      from_name: 'sentiment',
      to_name: 'txt',
      type: 'choices',
      value: { choices: ['pos'] },
      origin: 'manual',
    });
    expect(String(item?.id)).toMatch(/^[A-Za-z0-9_-]{10}$/);
  });

  it('single keeps one; toggling the chosen one again clears it; emptied means remove', () => {
    const [pos, neg] = choiceEntries(single);
    let picked: ChoiceItem[] = toggleChoice(single, [], pos!);
    picked = toggleChoice(single, picked, neg!);
    expect(picked).toEqual(['Negative']);
    picked = toggleChoice(single, picked, neg!);
    expect(picked).toEqual([]);
    expect(nextControlRecord(single, [], picked)).toBeNull();
  });

  it('single-radio is not unchecked by choosing it again', () => {
    const radio = control(
      '<Choices name="c" toName="txt" choice="single-radio"><Choice value="A"/></Choices>',
    );
    const [a] = choiceEntries(radio);
    expect(toggleChoice(radio, ['A'], a!)).toEqual(['A']);
  });

  it('multiple keeps document order and values the config no longer offers', () => {
    const multi = control(
      '<Choices name="c" toName="txt" choice="multiple"><Choice value="A"/><Choice value="B"/><Choice value="C"/></Choices>',
    );
    const [a, , cc] = choiceEntries(multi);
    let picked: ChoiceItem[] = ['Old'];
    picked = toggleChoice(multi, picked, cc!);
    picked = toggleChoice(multi, picked, a!);
    expect(picked).toEqual(['A', 'C', 'Old']);
  });

  it('numeric choices read from results match their option', () => {
    const numeric = control(
      '<Choices name="c" toName="txt"><Choice value="1"/><Choice value="2"/></Choices>',
    );
    const { records } = decodeResult([
      { id: 'x', from_name: 'c', to_name: 'txt', type: 'choices', value: { choices: [2] } },
    ]);
    const selected = readControlValue<'Choices'>(numeric, records);
    expect(choiceEntries(numeric).map((e) => isChoiceSelected(numeric, selected, e))).toEqual([false, true]);
  });

  it('allowNested writes paths; a parent is selected when all its children are', () => {
    const nested = control(
      `<Choices name="c" toName="txt" choice="multiple" allowNested="true">
         <Choice value="Animal"><Choice value="Cat" alias="cat"/><Choice value="Dog"/></Choice>
         <Choice value="Plant"/>
       </Choices>`,
    );
    const [animal, cat, dog] = choiceEntries(nested);
    let picked = toggleChoice(nested, [], cat!);
    expect(picked).toEqual([['Animal', 'cat']]);
    expect(isChoicePartial(nested, picked, animal!)).toBe(true);
    picked = toggleChoice(nested, picked, dog!);
    expect(picked).toEqual([['Animal'], ['Animal', 'cat'], ['Animal', 'Dog']]);
    expect(isChoiceSelected(nested, picked, animal!)).toBe(true);
    expect(toggleChoice(nested, picked, animal!)).toEqual([]);
    expect(write(nested, [], picked)).toMatchObject({ value: { choices: picked } });
  });

  it('without allowNested, nested choices are not offered (Label Studio skips them)', () => {
    const flat = control(
      '<Choices name="c" toName="txt"><Choice value="A"><Choice value="A1"/></Choice></Choices>',
    );
    expect(choiceEntries(flat).map((e) => e.item)).toEqual(['A']);
  });

  it('selected="true" gives the starting choices', () => {
    const pre = control(
      '<Choices name="c" toName="txt" choice="multiple"><Choice value="A" selected="true"/><Choice value="B"/><Choice value="C" selected="true"/></Choices>',
    );
    expect(preselectedChoices(pre)).toEqual(['A', 'C']);
  });

  it('an edit keeps the id, the other keys and their order; a prediction becomes prediction-changed', () => {
    const raw = {
      value: { choices: ['Negative'], extra: 1 },
      id: 'keep-me',
      from_name: 'sentiment',
      to_name: 'txt',
      type: 'choices',
      origin: 'prediction',
      score: 0.4,
    };
    const { records } = decodeResult([raw]);
    const item = write(single, records, ['pos']);
    expect(Object.keys(item!)).toEqual(Object.keys(raw));
    expect(item).toEqual({ ...raw, value: { choices: ['pos'], extra: 1 }, origin: 'prediction-changed' });
  });
});

describe('perRegion and perItem', () => {
  const perRegion = control(
    '<Choices name="attr" toName="txt" perRegion="true"><Choice value="A"/></Choices>',
  );
  const region = decodeResult([
    {
      id: 'r1',
      from_name: 'bbox',
      to_name: 'img',
      type: 'rectanglelabels',
      original_width: 640,
      original_height: 480,
      image_rotation: 0,
      value: { x: 1, y: 2, width: 3, height: 4, rectanglelabels: ['Car'] },
    },
  ]).records;

  it('no region selected: no value, and nothing to find', () => {
    expect(readControlValue<'Choices'>(perRegion, region)).toEqual([]);
    expect(findControlRecord(perRegion, region)).toBeUndefined();
  });

  it("a region's item carries its id, object and image size", () => {
    expect(write(perRegion, region, ['A'], { regionId: 'r1' })).toMatchObject({
      id: 'r1',
      from_name: 'attr',
      to_name: 'img',
      type: 'choices',
      original_width: 640,
      original_height: 480,
      image_rotation: 0,
      value: { choices: ['A'] },
    });
  });

  it("an audio segment's transcript carries the segment's start, end and channel, as Label Studio writes it", () => {
    const transcript = control('<TextArea name="tr" toName="audio" perRegion="true"/>');
    const segment = decodeResult([
      {
        id: 's1',
        from_name: 'labels',
        to_name: 'audio',
        type: 'labels',
        original_length: 4,
        value: { start: 0.5, end: 2.2, channel: 0, labels: ['Speech'] },
      },
    ]).records;
    expect(write(transcript, segment, ['hello'], { regionId: 's1' })).toMatchObject({
      id: 's1',
      to_name: 'audio',
      type: 'textarea',
      value: { start: 0.5, end: 2.2, channel: 0, text: ['hello'] },
    });
    // Other regions' items carry only their own value.
    expect(write(perRegion, region, ['A'], { regionId: 'r1' })?.value).toEqual({ choices: ['A'] });
  });

  it('perItem writes item_index and reads per item', () => {
    const perItem = control('<Rating name="r" toName="txt" perItem="true"/>');
    const first = nextControlRecord<'Rating'>(perItem, [], 3, { itemIndex: 2 });
    expect(first?.meta).toMatchObject({ item_index: 2 });
    expect(readControlValue<'Rating'>(perItem, [first!], { itemIndex: 2 })).toBe(3);
    expect(readControlValue<'Rating'>(perItem, [first!], { itemIndex: 0 })).toBeNull();
  });
});

describe('taxonomy', () => {
  const tax = control(
    `<Taxonomy name="topic" toName="txt" leafsOnly="true">
       <Choice value="Science"><Choice value="Physics" alias="phys"/><Choice value="Physics"/></Choice>
       <Choice value="Arts"/>
     </Taxonomy>`,
  );

  it('paths use aliases, a repeated value at one level is offered once', () => {
    expect(taxonomyEntries(tax).map((e) => e.path)).toEqual([['Science'], ['Science', 'phys'], ['Arts']]);
  });

  it('writes {taxonomy: [[...path]]}; leafsOnly refuses inner nodes', () => {
    const [science, physics, arts] = taxonomyEntries(tax);
    expect(toggleTaxonomy(tax, [], science!)).toEqual([]);
    const picked = toggleTaxonomy(tax, toggleTaxonomy(tax, [], physics!), arts!);
    expect(write(tax, [], picked)).toMatchObject({
      type: 'taxonomy',
      value: { taxonomy: [['Science', 'phys'], ['Arts']] },
    });
    expect(toggleTaxonomy(tax, picked, physics!)).toEqual([['Arts']]);
  });

  it('maxUsages="1" makes it single', () => {
    const one = control(
      '<Taxonomy name="t" toName="txt" maxUsages="1"><Choice value="A"/><Choice value="B"/></Taxonomy>',
    );
    const [a, b] = taxonomyEntries(one);
    expect(toggleTaxonomy(one, toggleTaxonomy(one, [], a!), b!)).toEqual([['B']]);
  });
});

describe('textarea, rating, number', () => {
  it('textarea writes {text: [...]}', () => {
    const ta = control('<TextArea name="transcript" toName="txt"/>');
    expect(write(ta, [], ['hello world', 'second'])).toMatchObject({
      type: 'textarea',
      value: { text: ['hello world', 'second'] },
    });
    expect(write(ta, [], [])).toBeNull();
  });

  it('rating writes {rating: n}; 0 is "not rated"', () => {
    const rating = control('<Rating name="rating" toName="txt" maxRating="10"/>');
    expect(write(rating, [], 4)).toMatchObject({ type: 'rating', value: { rating: 4 } });
    expect(write(rating, [], 0)).toBeNull();
  });

  it('number writes {number: n}; 0 is a number, null removes', () => {
    const number = control('<Number name="count" toName="txt"/>');
    expect(write(number, [], 0)).toMatchObject({ type: 'number', value: { number: 0 } });
    expect(write(number, [], null)).toBeNull();
  });
});

describe('datetime', () => {
  it('datetime (default): %Y-%m-%dT%H:%M; no time counts as 00:00', () => {
    const dt = control('<DateTime name="when" toName="txt"/>');
    expect(formatDateTime(dt, { date: '2024-05-01', time: '10:00' })).toBe('2024-05-01T10:00');
    expect(formatDateTime(dt, { date: '2024-05-01' })).toBe('2024-05-01T00:00');
    expect(formatDateTime(dt, { time: '10:00' })).toBeNull();
    expect(parseDateTime(dt, '2024-05-01T10:00')).toMatchObject({ date: '2024-05-01', time: '10:00' });
    expect(write(dt, [], '2024-05-01T10:00')).toMatchObject({
      type: 'datetime',
      value: { datetime: '2024-05-01T10:00' },
    });
  });

  it('only="date" writes the date, only="time" HH:MM, only="year" the year', () => {
    expect(
      formatDateTime(control('<DateTime name="d" toName="txt" only="date"/>'), {
        date: '2024-05-01',
        time: '9:30',
      }),
    ).toBe('2024-05-01');
    const time = control('<DateTime name="d" toName="txt" only="time"/>');
    expect(formatDateTime(time, { time: '9:30' })).toBe('09:30');
    expect(parseDateTime(time, '09:30').time).toBe('09:30');
    expect(formatDateTime(control('<DateTime name="d" toName="txt" only="year"/>'), { year: '1999' })).toBe(
      '1999',
    );
  });

  it('a config format is used both ways', () => {
    const custom = control('<DateTime name="d" toName="txt" only="date" format="%d.%m.%Y"/>');
    expect(formatDateTime(custom, { date: '2024-05-01' })).toBe('01.05.2024');
    expect(parseDateTime(custom, '01.05.2024').date).toBe('2024-05-01');
    expect(parseDateTime(custom, 'yesterday').date).toBe('');
  });
});

describe('pairwise and ranker', () => {
  it('pairwise names itself as from_name and to_name, {selected: "left"}', () => {
    const pw = control('<Pairwise name="pick" toName="txt,txt2"/>');
    expect(write(pw, [], 'left')).toMatchObject({
      from_name: 'pick',
      to_name: 'pick',
      type: 'pairwise',
      value: { selected: 'left' },
    });
    expect(write(pw, [], null)).toBeNull();
  });

  it('ranker writes {ranker: {<name>: [ids]}} to the List', () => {
    const ranker = control('<List name="results" value="$items"/><Ranker name="rank" toName="results"/>');
    const order = rankerOrder(ranker, { rank: ['wiki', 'gone'] }, ['blog', 'mdn', 'wiki']);
    expect(order).toEqual(['wiki', 'blog', 'mdn']);
    expect(write(ranker, [], rankerValue(ranker, order))).toMatchObject({
      from_name: 'rank',
      to_name: 'results',
      type: 'ranker',
      value: { ranker: { rank: ['wiki', 'blog', 'mdn'] } },
    });
  });
});
