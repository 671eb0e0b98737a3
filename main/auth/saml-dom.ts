/**
 * Strict XML parsing and the few DOM walks the SAML checks need. Elements are always matched by
 * namespace AND local name, so a prefix trick (an `evil:Assertion`) cannot pass for a SAML element.
 */
import { DOMParser } from '@xmldom/xmldom';
import { SamlError, advice } from './saml-errors.ts';

export const ns = {
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
} as const;

const elementNode = 1;
const maxDepth = 64;

/** Parses XML, turning every parser warning or error into a SamlError instead of a best guess. */
export function parseXml(xml: string, what: string): Document {
  const fail = (message: string): never => {
    throw new SamlError('SAML_MALFORMED_XML', `${what} is not well-formed XML. ${advice.retry}`, {
      cause: new Error(message),
    });
  };
  const doc = new DOMParser({
    errorHandler: { warning: fail, error: fail, fatalError: fail },
  }).parseFromString(xml, 'text/xml');
  if (!doc?.documentElement) fail('no root element');
  // Real responses nest about ten levels; thousands would exhaust recursive code further on.
  if (depthOf(doc) > maxDepth) fail(`elements nested more than ${maxDepth} levels deep`);
  return doc;
}

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === elementNode;
}

export function childElements(parent: Node, namespace?: string, localName?: string): Element[] {
  const found: Element[] = [];
  for (let child = parent.firstChild; child; child = child.nextSibling) {
    if (!isElement(child)) continue;
    if (namespace !== undefined && child.namespaceURI !== namespace) continue;
    if (localName !== undefined && child.localName !== localName) continue;
    found.push(child);
  }
  return found;
}

/** Every node below `root` (not `root` itself), in document order; iterative, so depth cannot overflow the stack. */
export function descendants(root: Node): Node[] {
  const found: Node[] = [];
  const pending: Node[] = [];
  for (let child = root.lastChild; child; child = child.previousSibling) pending.push(child);
  for (let node = pending.pop(); node; node = pending.pop()) {
    found.push(node);
    for (let child = node.lastChild; child; child = child.previousSibling) pending.push(child);
  }
  return found;
}

function depthOf(root: Node): number {
  let deepest = 0;
  const pending: [Node, number][] = [[root, 1]];
  for (let entry = pending.pop(); entry; entry = pending.pop()) {
    const [node, depth] = entry;
    deepest = Math.max(deepest, depth);
    for (let child = node.firstChild; child; child = child.nextSibling) pending.push([child, depth + 1]);
  }
  return deepest;
}

export function descendantElements(root: Node, namespace: string, localName: string): Element[] {
  return descendants(root).filter(
    (node): node is Element =>
      isElement(node) && node.namespaceURI === namespace && node.localName === localName,
  );
}

/** All text below the element, comments excluded, so a split value is read whole. */
export function textOf(element: Element): string {
  return element.textContent ?? '';
}
