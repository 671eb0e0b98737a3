/**
 * macOS managed preferences: an MDM profile's payload for the app lands in
 * /Library/Managed Preferences/<bundle id>.plist (root-owned; binary or XML). `plutil` (part of macOS)
 * turns it into XML, parsed here with the XML parser main already uses.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { DOMParser } from '@xmldom/xmldom';

export const macBundleId = 'com.federated-annotator.desktop';
export const macManagedPreferencesFile = `/Library/Managed Preferences/${macBundleId}.plist`;

const elements = (node: Element): Element[] =>
  Array.from(node.childNodes).filter((child): child is Element => child.nodeType === 1);

function value(node: Element): unknown {
  const text = node.textContent ?? '';
  switch (node.tagName) {
    case 'string':
      return text;
    case 'integer':
      return Number.parseInt(text, 10);
    case 'real':
      return Number.parseFloat(text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'date':
      return text;
    case 'data':
      return Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'array':
      return elements(node).map(value);
    case 'dict': {
      const out: Record<string, unknown> = {};
      const children = elements(node);
      for (let i = 0; i + 1 < children.length; i += 2) {
        if (children[i]!.tagName !== 'key') throw new Error('a plist dict must alternate key and value');
        out[children[i]!.textContent ?? ''] = value(children[i + 1]!);
      }
      return out;
    }
    default:
      throw new Error(`unknown plist element <${node.tagName}>`);
  }
}

/** An XML property list → its value (the top-level dict of a preferences file). */
export function parsePlistXml(xml: string): unknown {
  let failed: string | null = null;
  const fail = (message: string) => void (failed ??= message);
  const doc = new DOMParser({
    errorHandler: { warning: () => undefined, error: fail, fatalError: fail },
  }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (failed || !root || root.tagName !== 'plist')
    throw new Error(`not a property list${failed ? ` (${failed})` : ''}`);
  const [top] = elements(root as unknown as Element);
  if (!top) throw new Error('an empty property list');
  return value(top);
}

const run = promisify(execFile);

/** The file as XML, whether it is stored binary or XML. */
export async function plistAsXml(file: string): Promise<string> {
  const { stdout } = await run('plutil', ['-convert', 'xml1', '-o', '-', file], { timeout: 10_000 });
  return stdout;
}
