import { describe, expect, it } from 'vitest';
import type { ConfigNode, ControlNode } from './config-model.ts';
import { LabelingConfigError } from './labeling-config-error.ts';
import { parseLabelingConfig, parseLabelingConfigDetailed, walk } from './parse-config.ts';

function nodes(xml: string): ConfigNode[] {
  const all: ConfigNode[] = [];
  walk(parseLabelingConfig(xml).root, (node) => all.push(node));
  return all;
}
const controls = (xml: string) => nodes(xml).filter((n): n is ControlNode => n.kind === 'control');

function refusal(xml: string): LabelingConfigError {
  try {
    parseLabelingConfig(xml);
  } catch (error) {
    expect(error).toBeInstanceOf(LabelingConfigError);
    expect((error as LabelingConfigError).code).toBe('LABELING_CONFIG_INVALID');
    return error as LabelingConfigError;
  }
  throw new Error('expected the config to be refused');
}

describe('parseLabelingConfig: strict XML', () => {
  it('refuses an unclosed tag, naming it and its line', () => {
    const error = refusal(
      '<View>\n  <Text name="t" value="$t"/>\n\n  <Image name="i" value="$image">\n</View>',
    );
    expect(error.message).toBe(
      'line 4: The labeling config is not well-formed XML: <Image> is not closed before </View>.',
    );
    expect(error.line).toBe(4);
  });

  it('refuses a tag never closed at the end, and a stray closing tag', () => {
    expect(refusal('<View>\n<Header value="x">').message).toBe(
      'line 2: The labeling config is not well-formed XML: <Header> is never closed.',
    );
    expect(refusal('<View>\n\n</Text></View>').message).toBe(
      'line 3: The labeling config is not well-formed XML: </Text> closes a tag that was never opened.',
    );
  });

  it.each([
    ['<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><View>&e;</View>', /DOCTYPE or ENTITY/],
    ['<!doctype View><View/>', /DOCTYPE or ENTITY/],
    ['<View><Text name="t" value="&xxe;"/></View>', /not well-formed XML: "&xxe;" is not an XML entity/],
    ['<View><Text name="t" name="u" value="$t"/></View>', /the attribute "name" appears twice/],
    ['<View><Text name=t/></View>', /the attribute value t needs quotes/],
    ['<View><Text name="t" value="a<b"/></View>', /a "<" inside an attribute of <Text> must be written &lt;/],
    ['<View/><View/>', /more than one top-level tag/],
    ['<View/>trailing', /text outside the top-level <View>/],
    ['just text', /text outside the top-level <View>/],
    ['', /is empty/],
    ['<Image name="i" value="$image"/>', /must start with <View>, not <Image>/],
  ])('refuses %j', (xml, message) => {
    expect(refusal(xml).message).toMatch(message);
  });

  it('accepts what well-formed XML allows: comments, CDATA, a declaration, ">" inside attribute values', () => {
    const config = parseLabelingConfig(
      '<?xml version="1.0"?>\n<View><!-- <Image name="x"> --><Header value="a > b, c/>d"/><Style><![CDATA[ .a > .b { } ]]></Style><Text name="t" value="$t"/></View>',
    );
    expect(config.root.kind === 'view' && config.root.children.map((n) => n.tag)).toEqual([
      'Header',
      'Style',
      'Text',
    ]);
  });

  it('refuses more than 1 MB', () => {
    const xml = `<View><Header value="${'x'.repeat(1_000_001)}"/></View>`;
    expect(refusal(xml).message).toMatch(/larger than 1 MB/);
  });

  it('refuses nesting deeper than 64 levels, naming the line, and accepts 64', () => {
    const deep = (n: number) => `${'<View>\n'.repeat(n)}${'</View>'.repeat(n)}`;
    expect(() => parseLabelingConfig(deep(64))).not.toThrow();
    const error = refusal(deep(65));
    expect(error.message).toMatch(/more than 64 levels deep/);
    expect(error.line).toBe(65);
  });
});

describe('parseLabelingConfig: Label Studio reading rules', () => {
  it('reads tag and attribute names case-insensitively, canonical in the model', () => {
    const config = parseLabelingConfig(
      '<view><Hypertext name="h" value="$html"/><textarea NAME="notes" toname="h" maxSubmissions="2"/><CHOICES name="c" toName="h"><choice value="A"/></CHOICES></view>',
    );
    const all: ConfigNode[] = [];
    walk(config.root, (n) => all.push(n));
    expect(all.map((n) => [n.tag, n.kind])).toEqual([
      ['View', 'view'],
      ['HyperText', 'object'],
      ['TextArea', 'control'],
      ['Choices', 'control'],
    ]);
    const notes = all[2] as ControlNode;
    expect(notes).toMatchObject({ name: 'notes', toName: ['h'], editable: true });
    expect(notes.attrs).toEqual({ name: 'notes', toname: 'h', maxsubmissions: '2' });
    expect((all[3] as ControlNode).options.map((o) => o.value)).toEqual(['A']);
  });

  it('never makes layout tags controls, even with name and toName', () => {
    const all = nodes(
      '<View><Text name="t" value="$t"/><Filter name="f" toName="labels"/><Header name="h" toName="t" value="Hi"/><Style>.x { color: red }</Style><Collapse><Panel value="More"><View/></Panel></Collapse><Labels name="labels" toName="t"><Label value="A"/></Labels></View>',
    );
    expect(all.filter((n) => n.kind === 'control').map((n) => n.tag)).toEqual(['Labels']);
    expect(all.find((n) => n.tag === 'Filter')?.kind).toBe('other');
    expect(all.find((n) => n.tag === 'Style')).toMatchObject({ kind: 'other', text: '.x { color: red }' });
    expect(all.find((n) => n.tag === 'Header')).toMatchObject({ kind: 'header', text: 'Hi' });
    expect(all.map((n) => n.tag)).toContain('Panel');
  });

  it('finds Choice options inside View wrappers inside Choices, in document order', () => {
    const [choices] = controls(
      '<View><Text name="t" value="$t"/><Choices name="c" toName="t"><View style="display:flex"><Header value="Group"/><Choice value="A"/><View><Choice value="B" alias="b" hotkey="q" selected="true" hint="bee"/></View></View><Choice value="C"/></Choices></View>',
    );
    expect(choices?.options).toEqual([
      { value: 'A', children: [] },
      { value: 'B', alias: 'b', hotkey: 'q', selected: true, hint: 'bee', children: [] },
      { value: 'C', children: [] },
    ]);
  });

  it('keeps nested Choice as option children only with allowNested (Label Studio skips them otherwise)', () => {
    const xml = (nested: string) =>
      `<View><Text name="t" value="$t"/><Choices name="c" toName="t"${nested}><Choice value="Animal"><Choice value="Cat"/><Choice value="Dog"/></Choice></Choices></View>`;
    expect(controls(xml(' allowNested="true"'))[0]?.options).toEqual([
      {
        value: 'Animal',
        children: [
          { value: 'Cat', children: [] },
          { value: 'Dog', children: [] },
        ],
      },
    ]);
    expect(controls(xml(''))[0]?.options).toEqual([{ value: 'Animal', children: [] }]);
  });

  it("reads a Taxonomy's nested Choice tree", () => {
    const [taxonomy] = controls(
      '<View><Text name="t" value="$t"/><Taxonomy name="tx" toName="t"><Choice value="Science"><Choice value="Physics"><Choice value="Optics"/></Choice></Choice><Choice value="Art" alias="art"/></Taxonomy></View>',
    );
    expect(taxonomy?.options).toEqual([
      {
        value: 'Science',
        children: [{ value: 'Physics', children: [{ value: 'Optics', children: [] }] }],
      },
      { value: 'Art', alias: 'art', children: [] },
    ]);
  });

  it('marks dynamic options, and reads perRegion, perItem, required', () => {
    const [choices, rating] = controls(
      '<View><Image name="i" valueList="$images"/><Choices name="c" toName="i" value="$options" required="true" perItem="true"/><Rating name="r" toName="i" perRegion="true"/></View>',
    );
    expect(choices).toMatchObject({
      dynamicOptions: '$options',
      required: true,
      perItem: true,
      perRegion: false,
    });
    expect(rating).toMatchObject({ required: false, perRegion: true, perItem: false });
    expect(rating?.dynamicOptions).toBeUndefined();
  });

  it('reads visibleWhen with whenTagName, a comma list of whenChoiceValue, and whenLabelValue', () => {
    const all = nodes(
      '<View><Text name="t" value="$t"/><Choices name="c" toName="t"><Choice value="A"/></Choices><View visibleWhen="choice-selected" whenTagName="c" whenChoiceValue="A, B,"><TextArea name="why" toName="t"/></View><TextArea name="box" toName="t" visibleWhen="region-selected" whenLabelValue="Car" whenTagName="labels"/><Rating name="r" toName="t" whenChoiceValue="A"/><View visibleWhen="sometimes"/></View>',
    );
    expect(all.filter((n) => n.visibleWhen).map((n) => [n.tag, n.visibleWhen])).toEqual([
      ['View', { when: 'choice-selected', tagName: 'c', choiceValues: ['A', 'B'] }],
      ['TextArea', { when: 'region-selected', tagName: 'labels', labelValue: 'Car' }],
      ['Rating', { when: 'choice-selected', choiceValues: ['A'] }],
    ]);
  });

  it('reads Header value or its text, and object tags with value, valueList or text content', () => {
    const all = nodes(
      '<View><Header value="Title: $title"/><Header>Plain words</Header><Image name="i" valueList="$pages"/><Text name="t">Read this</Text><HyperText name="h"><p>Hi <b>there</b></p></HyperText></View>',
    );
    expect(all.filter((n) => n.kind === 'header').map((n) => (n.kind === 'header' ? n.text : ''))).toEqual([
      'Title: $title',
      'Plain words',
    ]);
    expect(all.flatMap((o) => (o.kind === 'object' ? [[o.name, o.valueTemplate]] : []))).toEqual([
      ['i', '$pages'],
      ['t', 'Read this'],
      ['h', '<p>Hi <b>there</b></p>'],
    ]);
  });

  it('reads Label attributes: value, alias, hotkey, background, maxUsages, selected', () => {
    const [labels] = controls(
      '<View><Image name="i" value="$image"/><RectangleLabels name="b" toName="i"><Label value="Car" alias="car" hotkey="c" background="#f00" maxUsages="3" selected="true"/><Label value="Bus" maxUsages="zero"/></RectangleLabels></View>',
    );
    expect(labels?.options).toEqual([
      {
        value: 'Car',
        alias: 'car',
        hotkey: 'c',
        background: '#f00',
        maxUsages: 3,
        selected: true,
        children: [],
      },
      { value: 'Bus', children: [] },
    ]);
    // RectangleLabels on an Image has an editor (the image workspace).
    expect(labels?.editable).toBe(true);
  });

  it('lists the control tags it cannot edit yet in readOnlyTags, once each', () => {
    const config = parseLabelingConfig(
      '<View><Image name="i" value="$image"/><RectangleLabels name="b" toName="i"><Label value="Car"/></RectangleLabels><PolygonLabels name="p" toName="i"/><RectangleLabels name="b2" toName="i"/><Choices name="c" toName="i"/><Relations><Relation value="near"/></Relations><OcrLabels name="o" toName="i"/></View>',
    );
    expect(config.readOnlyTags).toEqual(['OcrLabels']);
    // Region tools are edited on an Image only: a box on a video stays view only.
    expect(
      parseLabelingConfig(
        '<View><Video name="v" value="$v"/><RectangleLabels name="b" toName="v"><Label value="Car"/></RectangleLabels></View>',
      ).readOnlyTags,
    ).toEqual(['RectangleLabels']);
    expect(
      parseLabelingConfig('<View><Text name="t" value="$t"/><Choices name="c" toName="t"/></View>')
        .readOnlyTags,
    ).toEqual([]);
  });

  it('edits Labels only where every object it targets has an editor (Text spans, Audio segments; not Video)', () => {
    const text =
      '<View><Text name="t" value="$t"/><Labels name="l" toName="t"><Label value="A"/></Labels></View>';
    expect(parseLabelingConfig(text).readOnlyTags).toEqual([]);
    const audio =
      '<View><Audio name="a" value="$a"/><Labels name="l" toName="a"><Label value="A"/></Labels></View>';
    expect(parseLabelingConfig(audio).readOnlyTags).toEqual([]);
    const audioPlus = '<View><AudioPlus name="a" value="$a"/><Labels name="l" toName="a"/></View>';
    expect(parseLabelingConfig(audioPlus).readOnlyTags).toEqual([]);
    const both =
      '<View><Text name="t" value="$t"/><Video name="v" value="$v"/><Labels name="l" toName="t,v"/></View>';
    expect(parseLabelingConfig(both).readOnlyTags).toEqual(['Labels']);
    const html =
      '<View><HyperText name="h" value="$h"/><HyperTextLabels name="l" toName="h"><Label value="A"/></HyperTextLabels></View>';
    expect(parseLabelingConfig(html).readOnlyTags).toEqual([]);
    const htmlOnText = '<View><Text name="t" value="$t"/><HyperTextLabels name="l" toName="t"/></View>';
    expect(parseLabelingConfig(htmlOnText).readOnlyTags).toEqual(['HyperTextLabels']);
    const dialogue =
      '<View><Paragraphs name="d" value="$d" layout="dialogue"/><ParagraphLabels name="l" toName="d"/></View>';
    expect(parseLabelingConfig(dialogue).readOnlyTags).toEqual([]);
    const missing = '<View><Text name="t" value="$t"/><Labels name="l" toName="nowhere"/></View>';
    expect(parseLabelingConfig(missing).readOnlyTags).toEqual(['Labels']);
  });

  it('refuses a control without name or toName, naming the tag and line', () => {
    expect(refusal('<View>\n<Text name="a" value="$a"/>\n<Choices toName="a"/></View>').message).toBe(
      'line 3: <Choices> needs a name.',
    );
    expect(
      refusal('<View><Text name="a" value="$a"/><Text name="b" value="$b"/>\n<choices name="c"/></View>')
        .message,
    ).toBe('line 2: <choices name="c"> needs a toName: the name of the object tag it labels.');
    expect(refusal('<View>\n<Image value="$image"/></View>').message).toBe('line 2: <Image> needs a name.');
  });

  it('binds a control without toName to the only object tag, as Label Studio does', () => {
    expect(controls('<View><Image name="img" value="$image"/><Choices name="c"/></View>')[0]?.toName).toEqual(
      ['img'],
    );
  });

  it('gives nodes their element path as id', () => {
    const all = nodes(
      '<View><Header value="a"/><View><Text name="t" value="$t"/><Choices name="c" toName="t"/></View></View>',
    );
    expect(all.map((n) => n.id)).toEqual(['0', '0.0', '0.1', '0.1.0', '0.1.1']);
  });

  it('reports every distinct tag, options included, in document order', () => {
    expect(
      parseLabelingConfigDetailed(
        '<View><Text name="t" value="$t"/><Labels name="l" toName="t"><Label value="A"/><Label value="B"/></Labels><view/></View>',
      ).tags,
    ).toEqual(['View', 'Text', 'Labels', 'Label']);
  });
});
