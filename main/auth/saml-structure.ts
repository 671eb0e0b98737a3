/**
 * The shape checks done on the parsed response before any signature work. They refuse every
 * signature-wrapping layout ("On Breaking SAML", XSW1-8) by allowing exactly one layout: one Response
 * root, one Assertion as its direct child, and signatures only as direct children of those two, each
 * referencing its own parent by a document-unique ID. A verified signature can then only cover the
 * element the app reads.
 */
import { childElements, descendants, isElement, ns, textOf } from './saml-dom.ts';
import { SamlError, advice } from './saml-errors.ts';

export interface ResponseLayout {
  response: Element;
  assertion: Element;
  responseSigned: boolean;
  assertionSigned: boolean;
}

const commentNode = 8;
const idAttributes = ['ID', 'Id', 'id'];
const successStatus = 'urn:oasis:names:tc:SAML:2.0:status:Success';

function wrapping(detail: string): SamlError {
  return new SamlError(
    'SAML_SIGNATURE_WRAPPING',
    `The sign-in response has a forged layout (${detail}). ${advice.tampered}`,
  );
}

function shortStatus(uri: string | null | undefined): string {
  return (uri ?? '').split(':').pop() || 'none';
}

function checkStatus(response: Element): void {
  const status = childElements(response, ns.protocol, 'Status')[0];
  const top = status && childElements(status, ns.protocol, 'StatusCode')[0];
  const topValue = top?.getAttribute('Value');
  if (topValue === successStatus) return;
  const second = top && childElements(top, ns.protocol, 'StatusCode')[0]?.getAttribute('Value');
  const statusMessage = status && childElements(status, ns.protocol, 'StatusMessage')[0];
  // The IdP's own explanation helps IT; it is short free text, never part of the assertion.
  const said = statusMessage ? ` It said: "${textOf(statusMessage).trim().slice(0, 200)}".` : '';
  throw new SamlError(
    'SAML_STATUS_NOT_SUCCESS',
    `Your company sign-in refused to sign you in to AWS (status ${shortStatus(topValue)}` +
      `${second ? `/${shortStatus(second)}` : ''}).${said} Check that you are assigned to the AWS application, ` +
      `or ask your IT team.`,
  );
}

function checkSignaturePlacement(signature: Element, response: Element): void {
  const parent = signature.parentNode;
  const allowed =
    parent === response ||
    (isElement(parent) && parent.localName === 'Assertion' && parent.parentNode === response);
  if (!isElement(parent) || !allowed) throw wrapping(`a signature inside ${parent?.nodeName ?? 'nothing'}`);
  if (signature.namespaceURI !== ns.dsig) throw wrapping('a signature outside the XML-DSig namespace');
  const signedInfo = childElements(signature, ns.dsig, 'SignedInfo');
  const references =
    signedInfo.length === 1 ? childElements(signedInfo[0] as Element, ns.dsig, 'Reference') : [];
  const parentId = parent.getAttribute('ID');
  if (references.length !== 1 || !parentId || references[0]?.getAttribute('URI') !== `#${parentId}`) {
    throw wrapping(`a signature of ${parent.localName} that does not sign that ${parent.localName}`);
  }
}

function checkUniqueIds(nodes: Node[]): void {
  const seen = new Set<string>();
  for (const node of nodes) {
    if (!isElement(node)) continue;
    for (const name of idAttributes) {
      const id = node.getAttribute(name);
      if (!id) continue;
      if (seen.has(id)) throw wrapping('two elements share one ID');
      seen.add(id);
    }
  }
}

export function checkResponseLayout(doc: Document): ResponseLayout {
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== ns.protocol || response.localName !== 'Response') {
    throw new SamlError(
      'SAML_NOT_A_RESPONSE',
      `The sign-in page sent something other than a SAML sign-in response to AWS. ${advice.askIdpAdmin}`,
    );
  }
  const nodes = [response, ...descendants(response)];
  // Canonicalization drops comments, so a comment can split a signed value into a different reading
  // ("user@evil.com<!---->.trusted.com"). No IdP needs comments; refuse them anywhere.
  if (descendants(doc).some((node) => node.nodeType === commentNode)) {
    throw new SamlError(
      'SAML_XML_COMMENT',
      `The sign-in response contains XML comments, which sign-in providers never send and attacks use to disguise values. ${advice.tampered}`,
    );
  }
  checkStatus(response);

  const elements = nodes.filter(isElement);
  if (elements.some((el) => el !== response && el.localName === 'Response'))
    throw wrapping('a response inside the response');
  for (const signature of elements.filter((el) => el.localName === 'Signature'))
    checkSignaturePlacement(signature, response);
  checkUniqueIds(nodes);
  const assertions = elements.filter((el) => el.localName === 'Assertion');
  if (assertions.some((el) => el.parentNode !== response || el.namespaceURI !== ns.assertion)) {
    throw wrapping('an assertion hidden inside another element');
  }
  if (assertions.length > 1) {
    throw new SamlError(
      'SAML_MULTIPLE_ASSERTIONS',
      `The sign-in response contains ${assertions.length} assertions; AWS sign-in responses carry exactly one. ${advice.tampered}`,
    );
  }
  const assertion = assertions[0];
  if (!assertion) {
    if (elements.some((el) => el.localName === 'EncryptedAssertion')) {
      throw new SamlError(
        'SAML_ENCRYPTED_ASSERTION',
        'Your company sign-in encrypts its response for AWS, so the app cannot read your roles. Ask your IT team to ' +
          'turn off assertion encryption for the AWS application used by this app.',
      );
    }
    throw new SamlError(
      'SAML_NO_ASSERTION',
      `The sign-in response contains no assertion. ${advice.askIdpAdmin}`,
    );
  }
  const responseSigned = childElements(response, ns.dsig, 'Signature').length > 0;
  const assertionSigned = childElements(assertion, ns.dsig, 'Signature').length > 0;
  if (!responseSigned && !assertionSigned) {
    throw new SamlError(
      'SAML_SIGNATURE_MISSING',
      'The sign-in response is not signed, so nothing proves it comes from your company sign-in. AWS requires the ' +
        `response or its assertion to be signed. ${advice.askIdpAdmin}`,
    );
  }
  return { response, assertion, responseSigned, assertionSigned };
}
