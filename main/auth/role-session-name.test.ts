import { describe, expect, it } from 'vitest';
import { readRoleSessionName } from './role-session-name.ts';

describe('readRoleSessionName', () => {
  it.each(['ab', 'ada.lovelace@example.test', 'a_b+c=d,e.f@g-h', 'x'.repeat(64)])('accepts %s', (name) => {
    expect(readRoleSessionName([name])).toBe(name);
  });

  it.each([
    ['SAML_MISSING_SESSION_NAME', []],
    ['SAML_BAD_SESSION_NAME', ['a']],
    ['SAML_BAD_SESSION_NAME', ['x'.repeat(65)]],
    ['SAML_BAD_SESSION_NAME', ['Ada Lovelace']],
    ['SAML_BAD_SESSION_NAME', ['ada/lovelace']],
    ['SAML_BAD_SESSION_NAME', ['adä']],
    ['SAML_BAD_SESSION_NAME', ['ada', 'bob']],
  ])('refuses with %s: %j', (code, values) => {
    expect(() => readRoleSessionName(values)).toThrow(expect.objectContaining({ code }));
  });
});
