/**
 * The text view's span reading against Label Studio's own NER results (the gallery's relation-extraction
 * and question-answering examples): their offsets, read as JavaScript string indices, pick out exactly
 * their `text`, and the results are written back unchanged. Skipped, by name, without ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { decodeResult, encodeResult } from '../../core/labeling/codec.ts';
import { parseLabelingConfig } from '../../core/labeling/parse-config.ts';
import { controlsByName } from '../../renderer/src/workspace/model/config-tree.ts';
import { readSpans } from '../../renderer/src/workspace/text/model/spans.ts';

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
