/**
 * Label Studio's real template gallery and sample exports, read from ../shared beside the clone (CI has
 * it there too). Never copied into the project; conformance tests skip themselves, by name, without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const repoRoot = path.resolve(import.meta.dirname, '../../..');
export const galleryDir = path.resolve(repoRoot, '../shared/data/label-studio-templates');
export const galleryPresent = existsSync(path.join(galleryDir, 'INDEX.tsv'));

export interface GalleryTemplate {
  path: string;
  title: string;
  tags: string[];
  config: string;
}

export function galleryTemplates(): GalleryTemplate[] {
  const [, ...rows] = readFileSync(path.join(galleryDir, 'INDEX.tsv'), 'utf8').trimEnd().split('\n');
  return rows.map((row) => {
    const [file = '', title = '', tags = ''] = row.split('\t');
    const doc = yaml.load(readFileSync(path.join(galleryDir, file), 'utf8')) as { config: string };
    return { path: file, title, tags: tags.split(','), config: doc.config };
  });
}

export function galleryExports(): { name: string; text: string }[] {
  const dir = path.join(galleryDir, 'exports');
  return readFileSync(path.join(dir, 'SOURCES.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split('\t')[0] as string)
    .map((name) => ({ name, text: readFileSync(path.join(dir, name), 'utf8') }));
}
