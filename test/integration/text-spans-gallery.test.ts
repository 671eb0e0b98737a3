/**
 * The text view's span reading against Label Studio's own NER results (the gallery's relation-extraction
 * and question-answering examples): their offsets, read as JavaScript string indices, pick out exactly
 * their `text`, and the results are written back unchanged. And the gallery's dialogue (conversational
 * analysis: Paragraphs with audioUrl, each turn's start with end or duration) and HTML NER configs:
 * editable here, turns timed as Label Studio reads them, a span across turns counted in each turn's
 * JavaScript string indices. Skipped, by name, without ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { bindConfig, classifyValue } from '../../core/labeling/bind-config.ts';
import { decodeResult, encodeResult } from '../../core/labeling/codec.ts';
import type { ObjectNode } from '../../core/labeling/config-model.ts';
import { parseLabelingConfig, walk } from '../../core/labeling/parse-config.ts';
import { controlsByName } from '../../renderer/src/workspace/model/config-tree.ts';
import { readSpans } from '../../renderer/src/workspace/text/model/spans.ts';
import {
  paragraphText,
  paragraphValue,
  virtualRange,
} from '../../renderer/src/workspace/text/paragraphs/paragraphs.ts';

const gallery = path.resolve(import.meta.dirname, '../../../shared/data/label-studio-templates');
const examples = [
  'natural-language-processing/relation-extraction',
  'natural-language-processing/question-answering',
];

describe.skipIf(!existsSync(gallery))("Label Studio's own NER results (gallery exports)", () => {
  it.each(examples)("%s: every span's offsets pick out its text; read and written back unchanged", (dir) => {
    const { config } = yaml.load(readFileSync(path.join(gallery, dir, 'config.yml'), 'utf8')) as {
      config: string;
    };
    const example = JSON.parse(/<!--\s*(\{[\s\S]*\})\s*-->/.exec(config)?.[1] ?? '{}') as {
      data: Record<string, string>;
      completions: { result: unknown[] }[];
    };
    const parsed = parseLabelingConfig(config).root;
    const labels = new Map([...controlsByName(parsed)].filter(([, c]) => c.tag === 'Labels'));
    const result = example.completions[0]!.result;
    const decoded = decodeResult(result);
    const target = [...labels.values()][0]!.toName[0]!;
    const text = example.data[target] ?? '';
    const spans = readSpans(decoded.records, target, labels, text.length);
    expect(spans.length).toBeGreaterThan(0);
    for (const span of spans) expect(text.slice(span.start, span.end)).toBe(span.record.value.text);
    expect(encodeResult(decoded)).toEqual(result);
  });
});

/** A gallery template's config and the example task in its comment. */
function template(dir: string): { config: string; data: Record<string, unknown> } {
  const { config } = yaml.load(readFileSync(path.join(gallery, dir, 'config.yml'), 'utf8')) as {
    config: string;
  };
  const example = /<!--\s*(\{[\s\S]*\})\s*-->/.exec(config)?.[1];
  return { config, data: example ? (JSON.parse(example) as { data: Record<string, unknown> }).data : {} };
}

describe.skipIf(!existsSync(gallery))("Label Studio's gallery dialogue and HTML configs", () => {
  it('conversational analysis: editable, its turns timed, a span across turns in string indices', () => {
    const { config, data } = template('audio-speech-processing/conversational-analysis');
    const bound = bindConfig(parseLabelingConfig(config), data, classifyValue);
    const objects: ObjectNode[] = [];
    walk(bound.root, (n) => {
      if (n.kind === 'object') objects.push(n);
    });
    const paragraphs = objects.find((o) => o.tag === 'Paragraphs')!;
    expect(controlsByName(bound.root).get('label')?.editable).toBe(true);
    // audioUrl="$audio" is bound to the task's audio, as the Audio object's value is.
    expect(paragraphs.attrs.audiourl).toBe(data.audio);
    const doc = paragraphText(data.text, paragraphs.attrs.namekey, paragraphs.attrs.textkey);
    expect(doc.paragraphs.map((p) => [p.name, p.start, p.end])).toEqual([
      ['Mia Wallace', 0, 1.5],
      ['Vincent Vega:', 1.5, 4.5], // start + duration
      ['Mia Wallace:', 4.5, 7],
      ['Vincent Vega:', 8, 10],
      ['Mia Wallace:', 10, undefined], // no end: plays on
    ]);
    // From "silences" in turn 2 to the end of turn 4: paragraph indexes as strings, offsets in JS
    // string indices of each turn (Label Studio's own Paragraphs example ends a span at offset 134,
    // the length of its last turn's text, as this one does).
    const turns = data.text as { text: string }[];
    const from = doc.paragraphs[2]!.base + turns[2]!.text.indexOf('silences');
    const to = doc.paragraphs[4]!.base + turns[4]!.text.length;
    const value = paragraphValue(doc, { start: from, end: to })!;
    expect(value).toMatchObject({ start: '2', end: '4', startOffset: 14, endOffset: 134 });
    expect(value.text.split('\n')).toEqual([turns[2]!.text.slice(14), turns[3]!.text, turns[4]!.text]);
    expect(virtualRange(doc, value)).toEqual({ start: from, end: to });
  });

  it('HTML entity recognition: HyperTextLabels on HyperText are editable', () => {
    const { config } = template('structured-data-parsing/html-entity-recognition');
    const ner = controlsByName(parseLabelingConfig(config).root).get('ner')!;
    expect([ner.tag, ner.editable]).toEqual(['HyperTextLabels', true]);
  });
});
