/**
 * Conformance against Label Studio's own material, read from ../shared beside the clone (never copied
 * into the project): every gallery config parses and binds, and every result in its sample exports
 * round-trips through the codec unchanged. Skipped, by name, where the folder is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { bindConfig, classifyValue } from './bind-config.ts';
import { EDITABLE_CONTROL_TAGS, EDITABLE_TARGETS, LabelingConfig, type ConfigNode } from './config-model.ts';
import { decodeResult, encodeResult } from './codec.ts';
import { parseLabelingConfigDetailed, walk } from './parse-config.ts';
import { checkResultItem } from './result-schema.ts';
import { LAYOUT_TAGS, OBJECT_TAGS, OPTION_TAGS } from './tag-names.ts';

const galleryDir = path.resolve(import.meta.dirname, '../../../shared/data/label-studio-templates');
const present = existsSync(path.join(galleryDir, 'INDEX.tsv'));

interface Template {
  path: string;
  tags: string[];
  config: string;
}

function templates(): Template[] {
  const [, ...rows] = readFileSync(path.join(galleryDir, 'INDEX.tsv'), 'utf8').trimEnd().split('\n');
  return rows.map((row) => {
    const [file = '', , tags = ''] = row.split('\t');
    const doc = yaml.load(readFileSync(path.join(galleryDir, file), 'utf8')) as { config: string };
    return { path: file, tags: tags.split(','), config: doc.config };
  });
}

/** The example task Label Studio's gallery keeps in a comment after the config, when there is one. */
function exampleData(config: string): Record<string, unknown> | undefined {
  const comment = /<!--\s*(\{[\s\S]*\})\s*-->/.exec(config)?.[1];
  if (!comment) return undefined;
  try {
    const parsed = JSON.parse(comment) as { data?: Record<string, unknown> };
    return parsed.data;
  } catch {
    return undefined;
  }
}

/** Labels on an object with no segment or span editor (Video's timeline, for now). */
function labelsWithoutEditor(root: ConfigNode): boolean {
  const nodes: ConfigNode[] = [];
  walk(root, (n) => nodes.push(n));
  const tagOf = new Map(nodes.flatMap((n) => (n.kind === 'object' ? [[n.name, n.tag] as const] : [])));
  return nodes.some(
    (n) =>
      n.kind === 'control' &&
      n.tag === 'Labels' &&
      n.toName.some((t) => !EDITABLE_TARGETS['Labels']?.has(tagOf.get(t) ?? '')),
  );
}

/** Tags that structure a config without being controls (Repeater, TimeSeries' Channel). */
const STRUCTURAL = new Set(['Repeater', 'Channel']);

describe.skipIf(!present)(
  'Label Studio gallery and exports (needs ../shared/data/label-studio-templates)',
  () => {
    const gallery = present ? templates() : [];

    it('has all 131 gallery configs', () => {
      expect(gallery).toHaveLength(131);
    });

    it.each(gallery.map((t) => [t.path, t] as const))(
      '%s parses, tags and read-only tags as INDEX.tsv says',
      (_p, template) => {
        const { config, tags } = parseLabelingConfigDetailed(template.config);
        expect(new Set(tags)).toEqual(new Set(template.tags));
        const expectedReadOnly = template.tags.filter(
          (t) =>
            !OBJECT_TAGS.has(t) &&
            !LAYOUT_TAGS.has(t) &&
            !OPTION_TAGS.has(t) &&
            !STRUCTURAL.has(t) &&
            !EDITABLE_CONTROL_TAGS.has(t),
        );
        // Labels on an object without an editor for them keeps the project view only.
        if (labelsWithoutEditor(config.root)) expectedReadOnly.push('Labels');
        expect(new Set(config.readOnlyTags)).toEqual(new Set(expectedReadOnly));
        const nodes: ConfigNode[] = [];
        walk(config.root, (n) => nodes.push(n));
        const names = new Set(nodes.flatMap((n) => (n.kind === 'object' ? [n.name] : [])));
        for (const node of nodes)
          if (node.kind === 'control')
            for (const target of node.toName)
              if (!target.includes('{{')) expect(names, `${node.tag} ${node.name}`).toContain(target);
      },
    );

    it.each(gallery.map((t) => [t.path, t] as const))(
      '%s binds to its example task with every variable filled',
      (_p, template) => {
        const data = exampleData(template.config);
        const { config } = parseLabelingConfigDetailed(template.config);
        const bound = bindConfig(config, data ?? {}, classifyValue);
        // Both cross IPC: the contract's schema must carry them whole (it strips what it does not name).
        expect(LabelingConfig.parse(config)).toStrictEqual(config);
        expect(LabelingConfig.parse(bound)).toStrictEqual(bound);
        const nodes: ConfigNode[] = [];
        walk(bound.root, (n) => nodes.push(n));
        expect(nodes.some((n) => n.tag === 'Repeater')).toBe(false);
        if (!data) return;
        for (const node of nodes) {
          if (node.kind === 'header') expect(node.text).not.toMatch(/\$[A-Za-z_]/);
          if (node.kind === 'object' && node.valueTemplate.startsWith('$'))
            expect(node.value?.kind, `${node.tag} ${node.name}`).not.toBe('missing');
        }
      },
    );

    const exportsDir = path.join(galleryDir, 'exports');
    const exportFiles = present
      ? readFileSync(path.join(exportsDir, 'SOURCES.txt'), 'utf8')
          .split('\n')
          .filter((line) => line.trim() !== '' && !line.startsWith('#'))
          .map((line) => line.split('\t')[0] as string)
      : [];

    it('reads five sample exports', () => {
      expect(exportFiles).toHaveLength(5);
    });

    it.each(exportFiles)('%s: every result list round-trips JSON-identical, every item checked', (file) => {
      const value = JSON.parse(readFileSync(path.join(exportsDir, file), 'utf8')) as unknown;
      const tasks = (Array.isArray(value) ? value : [value]) as Record<string, unknown>[];
      let lists = 0;
      for (const task of tasks)
        for (const key of ['annotations', 'completions', 'predictions'])
          for (const entry of (task[key] as { result?: unknown[] }[] | undefined) ?? []) {
            if (!Array.isArray(entry.result)) continue;
            lists++;
            const text = JSON.stringify(entry.result);
            expect(JSON.stringify(encodeResult(decodeResult(entry.result)))).toBe(text);
            for (const item of entry.result) {
              const checked = checkResultItem(item);
              expect(checked.ok || !checked.known, JSON.stringify(item)).toBe(true);
            }
          }
      expect(lists).toBeGreaterThan(0);
    });
  },
);
