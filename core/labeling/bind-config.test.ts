import { describe, expect, it } from 'vitest';
import { bindConfig, classifyValue, dynamicOptions, type ValueResolver } from './bind-config.ts';
import type { ConfigNode, ControlNode, HeaderNode, ObjectNode } from './config-model.ts';
import { parseLabelingConfig, walk } from './parse-config.ts';

/** Main's resolver in miniature: s3:// becomes a (fake) presigned https URL; the rest as core classifies. */
const presign: ValueResolver = (value, object) => {
  const classified = classifyValue(value, object);
  if (classified.kind === 'url' && classified.url.startsWith('s3://'))
    return {
      kind: 'url',
      url: `https://signed.example/${classified.url.slice(5)}?sig=1`,
      source: classified.url,
    };
  return classified;
};

function bound(xml: string, data: unknown): ConfigNode[] {
  const all: ConfigNode[] = [];
  walk(bindConfig(parseLabelingConfig(xml), data, presign).root, (n) => all.push(n));
  return all;
}
const objectValues = (all: ConfigNode[]) =>
  Object.fromEntries(all.filter((n): n is ObjectNode => n.kind === 'object').map((n) => [n.name, n.value]));

describe('bindConfig', () => {
  it('looks up $var, $a.b and $list[0], resolving media through main', () => {
    const all = bound(
      '<View><Image name="i" value="$image"/><Text name="t" value="$meta.caption"/><Audio name="a" value="$clips[1]"/></View>',
      { image: 's3://bucket/cat.jpg', meta: { caption: 'A cat' }, clips: ['x', 's3://bucket/b.wav'] },
    );
    expect(objectValues(all)).toEqual({
      i: { kind: 'url', url: 'https://signed.example/bucket/cat.jpg?sig=1', source: 's3://bucket/cat.jpg' },
      t: { kind: 'text', text: 'A cat' },
      a: { kind: 'url', url: 'https://signed.example/bucket/b.wav?sig=1', source: 's3://bucket/b.wav' },
    });
  });

  it('names a missing field', () => {
    const all = bound('<View><Image name="i" value="$pages[3].url"/><Text name="t" value="$nope"/></View>', {
      pages: [],
    });
    expect(objectValues(all)).toEqual({
      i: { kind: 'missing', field: 'pages[3].url' },
      t: { kind: 'missing', field: 'nope' },
    });
  });

  it('substitutes mixed text in Header and Text; literal text stays text', () => {
    const all = bound(
      '<View><Header value="Title: $title ($meta.year)."/><Text name="t" value="By $author, $missing!"/><Text name="help" value="Read carefully."/></View>',
      { title: 'Dune', meta: { year: 1965 }, author: 'Herbert' },
    );
    expect((all.find((n) => n.kind === 'header') as HeaderNode).text).toBe('Title: Dune (1965).');
    expect(objectValues(all)).toEqual({
      t: { kind: 'text', text: 'By Herbert, !' },
      help: { kind: 'text', text: 'Read carefully.' },
    });
  });

  it('marks valueType="url" content for main to load, on Text, HyperText, Paragraphs and TimeSeries only', () => {
    const all = bound(
      '<View><Text name="t" value="$doc" valueType="url"/><HyperText name="h" value="$page" valuetype="URL"/><Paragraphs name="p" value="$dialog" valueType="url"/><TimeSeries name="ts" value="$csv" valueType="url"/><Text name="plain" value="$doc"/></View>',
      {
        doc: 's3://b/doc.txt',
        page: 'https://x.example/p.html',
        dialog: 's3://b/d.json',
        csv: 's3://b/s.csv',
      },
    );
    const values = objectValues(all);
    expect(values.t).toEqual({
      kind: 'url',
      url: 'https://signed.example/b/doc.txt?sig=1',
      source: 's3://b/doc.txt',
    });
    expect(values.h).toEqual({ kind: 'url', url: 'https://x.example/p.html' });
    expect(values.p?.kind).toBe('url');
    expect(values.ts?.kind).toBe('url');
    expect(values.plain).toEqual({ kind: 'text', text: 's3://b/doc.txt' });
  });

  it('turns valueList into a list of resolved items', () => {
    const all = bound('<View><Image name="pages" valueList="$images"/></View>', {
      images: ['s3://b/1.png', 'https://h/2.png'],
    });
    expect(objectValues(all).pages).toEqual({
      kind: 'list',
      items: [
        { kind: 'url', url: 'https://signed.example/b/1.png?sig=1', source: 's3://b/1.png' },
        { kind: 'url', url: 'https://h/2.png' },
      ],
    });
    expect(objectValues(bound('<View><Image name="pages" valueList="$images"/></View>', {})).pages).toEqual({
      kind: 'missing',
      field: 'images',
    });
  });

  it('keeps structured data structured (Paragraphs, Table)', () => {
    const dialog = [{ author: 'A', text: 'Hi' }];
    expect(objectValues(bound('<View><Paragraphs name="p" value="$dialog"/></View>', { dialog })).p).toEqual({
      kind: 'json',
      json: dialog,
    });
  });

  it("resolves Paragraphs' audioUrl from the task as audio (s3:// presigned); a missing field drops it", () => {
    const xml = '<View><Paragraphs name="p" value="$dialog" audioUrl="$audio"/></View>';
    const paragraphs = (data: unknown) =>
      bound(xml, data).find((n): n is ObjectNode => n.kind === 'object') as ObjectNode;
    expect(paragraphs({ dialog: [], audio: 's3://bucket/call.wav' }).attrs.audiourl).toBe(
      'https://signed.example/bucket/call.wav?sig=1',
    );
    expect(paragraphs({ dialog: [] }).attrs).not.toHaveProperty('audiourl');
    const literal = bound(
      '<View><Paragraphs name="p" value="$dialog" audioUrl="https://x.example/a.wav"/></View>',
      { dialog: [] },
    ).find((n): n is ObjectNode => n.kind === 'object') as ObjectNode;
    expect(literal.attrs.audiourl).toBe('https://x.example/a.wav');
  });

  it('expands a Repeater per item, replacing the index flag in names, toName and values', () => {
    const xml = `<View><Repeater on="$pages" indexFlag="{{i}}">
      <Image name="page_{{i}}" value="$pages[{{i}}].url"/>
      <Header value="Page {{i}}: $pages[{{i}}].title"/>
      <Choices name="quality_{{i}}" toName="page_{{i}}" visibleWhen="choice-selected" whenTagName="other_{{i}}"><Choice value="Good {{i}}"/></Choices>
    </Repeater></View>`;
    const data = {
      pages: [
        { url: 's3://b/p0.png', title: 'Cover' },
        { url: 's3://b/p1.png', title: 'Back' },
      ],
    };
    const all = bound(xml, data);
    expect(all.some((n) => n.tag === 'Repeater' || JSON.stringify(n).includes('{{i}}'))).toBe(false);
    const images = all.filter((n): n is ObjectNode => n.kind === 'object');
    expect(images.map((n) => [n.id, n.name, n.value?.kind === 'url' ? n.value.source : null])).toEqual([
      ['0.0[0].0', 'page_0', 's3://b/p0.png'],
      ['0.0[1].0', 'page_1', 's3://b/p1.png'],
    ]);
    expect(all.filter((n) => n.kind === 'header').map((n) => (n as HeaderNode).text)).toEqual([
      'Page 0: Cover',
      'Page 1: Back',
    ]);
    const controls = all.filter((n): n is ControlNode => n.kind === 'control');
    expect(controls.map((c) => [c.name, c.toName, c.options[0]?.value, c.visibleWhen?.tagName])).toEqual([
      ['quality_0', ['page_0'], 'Good 0', 'other_0'],
      ['quality_1', ['page_1'], 'Good 1', 'other_1'],
    ]);
    // Ids are unique after expansion.
    expect(new Set(all.map((n) => n.id)).size).toBe(all.length);
  });

  it('uses {{idx}} when the Repeater names no flag, and an empty list gives no items', () => {
    const xml =
      '<View><Repeater on="$items"><Text name="t_{{idx}}" value="$items[{{idx}}]"/></Repeater></View>';
    expect(objectValues(bound(xml, { items: ['a', 'b'] }))).toEqual({
      t_0: { kind: 'text', text: 'a' },
      t_1: { kind: 'text', text: 'b' },
    });
    expect(objectValues(bound(xml, {}))).toEqual({});
  });

  it('fills dynamic options from task data after the static ones, nested children and strings too', () => {
    const all = bound(
      '<View><Text name="t" value="$t"/><Choices name="c" toName="t" value="$options" allowNested="true"><Choice value="Static"/></Choices></View>',
      {
        t: 'x',
        options: [
          {
            value: 'Animal',
            alias: 'animal',
            hint: 'living',
            background: '#0f0',
            html: '<b>A</b>',
            children: [{ value: 'Cat' }],
          },
          'Plain',
          42,
          { alias: 'no value' },
          null,
        ],
      },
    );
    expect((all.find((n) => n.kind === 'control') as ControlNode).options).toEqual([
      { value: 'Static', children: [] },
      {
        value: 'Animal',
        alias: 'animal',
        hint: 'living',
        background: '#0f0',
        children: [{ value: 'Cat', children: [] }],
      },
      { value: 'Plain', children: [] },
      { value: '42', children: [] },
    ]);
  });

  it('tolerates dynamic options that are not a list', () => {
    expect(dynamicOptions('A,B')).toEqual([]);
    expect(dynamicOptions(undefined)).toEqual([]);
  });

  it('leaves the unbound config untouched', () => {
    const config = parseLabelingConfig(
      '<View><Header value="$title"/><Image name="i" value="$image"/></View>',
    );
    const before = JSON.stringify(config);
    bindConfig(config, { title: 'x', image: 'y' }, presign);
    expect(JSON.stringify(config)).toBe(before);
  });
});
