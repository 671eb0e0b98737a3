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

/** Every node below `root` (not `root` itself), in document order. */
export function descendants(root: Node): Node[] {
  const found: Node[] = [];
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      found.push(child);
      walk(child);
    }
  };
  walk(root);
  return found;
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
