/**
 * The RoleSessionName AWS requires in every SAML assertion. STS refuses the whole sign-in with
 * InvalidIdentityToken when it is missing or malformed, so the app checks it first and names the fix.
 */
import { SamlError, advice } from './saml-errors.ts';

export const roleSessionNameAttribute = 'https://aws.amazon.com/SAML/Attributes/RoleSessionName';

// AWS: 2-64 characters of [\w+=,.@-].
const roleSessionNamePattern = /^[\w+=,.@-]{2,64}$/;

/** `values`: every AttributeValue of every attribute with the exact RoleSessionName name. */
export function readRoleSessionName(values: readonly string[]): string {
  if (values.length === 0) {
    throw new SamlError(
      'SAML_MISSING_SESSION_NAME',
      `Your company sign-in did not send the RoleSessionName attribute that AWS requires. ${advice.askIdpAdmin}`,
    );
  }
  if (values.length > 1) {
    throw new SamlError(
      'SAML_BAD_SESSION_NAME',
      `Your company sign-in sent ${values.length} RoleSessionName values; AWS accepts exactly one. ${advice.askIdpAdmin}`,
    );
  }
  const name = values[0] ?? '';
  if (!roleSessionNamePattern.test(name)) {
    throw new SamlError(
      'SAML_BAD_SESSION_NAME',
      `Your company sign-in sent a RoleSessionName (${name.length} characters) that AWS rejects: it must be 2 to 64 ` +
        `letters, digits or + = , . @ _ - characters (an e-mail address works; spaces do not). ${advice.askIdpAdmin}`,
    );
  }
  return name;
}
