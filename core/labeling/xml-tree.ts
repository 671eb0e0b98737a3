/**
 * Strict XML reading for labeling configs: well-formed or refused (xmldom repairs unclosed tags silently
 * unless its warnings count too), no DTD (so no entity expansion or external fetch), bounded size and
 * depth. Produces a small element tree with line numbers, so later errors can name where they are.
 */
import { DOMParser, XMLSerializer } from '@xmldom/xmldom';
import { LabelingConfigError } from './labeling-config-error.ts';

export const MAX_CONFIG_CHARS = 1_000_000;
export const MAX_DEPTH = 64;

export interface XmlNode {
  /** As written. */
  tagName: string;
  /** Attribute names as written, in order (duplicates are a parse error already). */
  attrs: [string, string][];
  children: XmlNode[];
  /** Concatenated text of the element's own text/CDATA children (trimmed). */
  text: string;
  /** The element's inner markup, serialised (HyperText's inline HTML). */
  innerXml: string;
  line: number | undefined;
}

/** The few DOM members used (xmldom's types come from lib.dom, which main does not load). */
interface DomNode {
  nodeType: number;
  nodeValue: string | null;
  tagName: string;
  firstChild: DomNode | null;
  nextSibling: DomNode | null;
  attributes: { length: number; item(i: number): { name: string; value: string } | null };
  lineNumber?: number;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

export function readXml(xml: string): XmlNode {
  if (xml.length > MAX_CONFIG_CHARS)
    throw new LabelingConfigError('The labeling config is larger than 1 MB (1,000,000 characters).');
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new LabelingConfigError('The labeling config must not contain a DOCTYPE or ENTITY declaration.');
  if (xml.trim() === '') throw new LabelingConfigError('The labeling config is empty.');
  const problems: { message: string; line: number | undefined }[] = [];
  const report = (message: string) => {
    const line = /@#\[line:(\d+)/.exec(message)?.[1];
    problems.push({ message: clean(message), line: line === undefined ? undefined : Number(line) });
  };
  let root: DomNode | null = null;
  try {
    const doc = new DOMParser({
      locator: {},
      errorHandler: { warning: report, error: report, fatalError: report },
    }).parseFromString(xml, 'text/xml');
    root = (doc?.documentElement ?? null) as unknown as DomNode | null;
  } catch (error) {
    report(error instanceof Error ? error.message : String(error));
  }
  // xmldom accepts some stray closing tags silently and words an unclosed tag "unclosed xml attribute":
  // a scan of the tags finds both, and says what is really wrong.
  const unbalanced = findUnbalancedTag(xml);
  if (problems.length > 0 || !root || unbalanced) {
    const first = problems[0];
    const what = unbalanced?.message ?? first?.message ?? 'there is no root element';
    const line = unbalanced?.line ?? first?.line;
    throw new LabelingConfigError(`The labeling config is not well-formed XML: ${what}.`, line);
  }
  return toTree(root, 1);
}

function toTree(element: DomNode, depth: number): XmlNode {
  if (depth > MAX_DEPTH)
    throw new LabelingConfigError(
      `The labeling config nests tags more than ${MAX_DEPTH} levels deep.`,
      element.lineNumber,
    );
  const attrs: [string, string][] = [];
  for (let i = 0; i < element.attributes.length; i++) {
    const attr = element.attributes.item(i);
    if (attr) attrs.push([attr.name, attr.value]);
  }
  const children: XmlNode[] = [];
  let text = '';
  let innerXml = '';
  const serializer = new XMLSerializer();
  for (let child = element.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === ELEMENT) children.push(toTree(child, depth + 1));
    else if (child.nodeType === TEXT || child.nodeType === CDATA) text += child.nodeValue ?? '';
    innerXml += serializer.serializeToString(child as never);
  }
  return {
    tagName: element.tagName,
    attrs,
    children,
    text: text.trim(),
    innerXml: innerXml.trim(),
    line: element.lineNumber,
  };
}

/** xmldom's wording, said for people. */
function clean(message: string): string {
  const text = message
    .replace(/^\[xmldom \w+\]\s*/, '')
    .replace(/\s*@#\[line:.*$/s, '')
    .replace(/\s+/g, ' ')
    .trim();
  const redefined = /^Attribute (\S+) redefined/.exec(text);
  if (redefined) return `the attribute "${redefined[1]}" appears twice in one tag`;
  const entity = /entity not found:\s*(&\S+;?)/.exec(text);
  if (entity) return `"${entity[1]}" is not an XML entity (write a plain & as &amp;)`;
  const quotes = /attribute "([^"]*)" missed quot/.exec(text);
  if (quotes) return `the attribute value ${quotes[1]} needs quotes`;
  return text;
}

/**
 * The first tag left open or closed out of order, with its line: a plain scan of the markup (comments,
 * CDATA and processing instructions skipped). Only used to explain a parse that already failed.
 */
export function findUnbalancedTag(xml: string): { message: string; line: number } | null {
  const stack: { name: string; line: number }[] = [];
  const token =
    /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<\?[\s\S]*?\?>|<(\/?)([A-Za-z_][\w.:-]*)((?:[^>"']|"[^"]*"|'[^']*')*?)(\/?)>/g;
  // Lines counted as the scan moves forward (indexes only grow), so the scan stays linear.
  let counted = 0;
  let line = 1;
  const lineAt = (index: number) => {
    for (; counted < index; counted++) if (xml.charCodeAt(counted) === 10) line++;
    return line;
  };
  let rootSeen = false;
  let last = 0;
  for (let match = token.exec(xml); match; match = token.exec(xml)) {
    const [, closing, name, attrs, selfClosing] = match;
    // Text outside the root tag (before it or after it) is not XML.
    const between = xml.slice(last, match.index);
    last = match.index + match[0].length;
    if (stack.length === 0 && between.trim() !== '')
      return { message: 'there is text outside the top-level <View>', line: lineAt(match.index) };
    if (name === undefined) continue;
    if (stack.length === 0 && !closing) {
      if (rootSeen) return { message: 'there is more than one top-level tag', line: lineAt(match.index) };
      rootSeen = true;
    }
    if (/"[^"]*<|'[^']*</.test(attrs ?? ''))
      return {
        message: `a "<" inside an attribute of <${name}> must be written &lt;`,
        line: lineAt(match.index),
      };
    if (selfClosing) continue;
    if (!closing) {
      stack.push({ name, line: lineAt(match.index) });
      continue;
    }
    if (!stack.some((tag) => tag.name === name))
      return { message: `</${name}> closes a tag that was never opened`, line: lineAt(match.index) };
    const open = stack.pop() as { name: string; line: number };
    if (open.name !== name)
      return {
        message: `<${open.name}> is not closed before </${name}>`,
        line: open.line,
      };
  }
  if (stack.length === 0 && xml.slice(last).trim() !== '')
    return { message: 'there is text outside the top-level <View>', line: lineAt(last) };
  const open = stack.pop();
  return open ? { message: `<${open.name}> is never closed`, line: open.line } : null;
}
