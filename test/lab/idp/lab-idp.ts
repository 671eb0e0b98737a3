import type { SamlResponseClaims, SignedParts } from './saml-response.ts';
import type { CapturedSamlPost } from './scripted-sign-in.ts';

/** What both lab IdPs (Node/samlify and SimpleSAMLphp) offer tests and the sandbox. */
export interface LabIdp {
  kind: 'node' | 'simplesamlphp';
  /** The IdP's own process (php -S), when it runs in one: cleanup tests check it is gone. */
  pid?: number;
  entityId: string;
  metadataXml: string;
  metadataUrl: string;
  /** IdP-initiated sign-in page for the AWS application: open it in a browser window. */
  signInUrl: string;
  /** Signs in like a browser would and returns the POST to the ACS instead of sending it. */
  signIn(username: string, password: string): Promise<CapturedSamlPost>;
  /** The claims a correct sign-in of `username` would carry now, to alter before signing. */
  claimsFor(username: string): SamlResponseClaims;
  /** Signs claims with this IdP's own key: forged-but-valid responses for refusal tests. */
  signResponse(claims: SamlResponseClaims, signed?: SignedParts): Promise<string>;
  close(): Promise<void>;
}
