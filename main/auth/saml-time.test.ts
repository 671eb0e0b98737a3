import { describe, expect, it } from 'vitest';
import { checkValidityWindow, parseSamlInstant } from './saml-time.ts';

describe('parseSamlInstant', () => {
  it('reads UTC, offsets and fractions; a missing zone is UTC, never local time', () => {
    expect(parseSamlInstant('2026-03-02T10:00:00Z', 'x')).toEqual(new Date('2026-03-02T10:00:00Z'));
    expect(parseSamlInstant('2026-03-02T10:00:00.123Z', 'x')).toEqual(new Date('2026-03-02T10:00:00.123Z'));
    expect(parseSamlInstant('2026-03-02T11:00:00+01:00', 'x')).toEqual(new Date('2026-03-02T10:00:00Z'));
    expect(parseSamlInstant('2026-03-02T10:00:00', 'x')).toEqual(new Date('2026-03-02T10:00:00Z'));
  });

  it.each(['', 'tomorrow', '2026-03-02', '2026-13-02T10:00:00Z', '2026-03-02 10:00:00Z'])(
    'refuses %j',
    (value) => {
      expect(() => parseSamlInstant(value, 'NotOnOrAfter')).toThrow(
        expect.objectContaining({ code: 'SAML_BAD_TIMESTAMP' }),
      );
    },
  );
});

describe('checkValidityWindow', () => {
  const at = (time: string): Date => new Date(`2026-03-02T${time}Z`);
  const window = { notBefore: [at('10:00:00')], notOnOrAfter: [at('10:05:00'), at('10:03:00')] };

  it('returns the earliest expiry', () => {
    expect(checkValidityWindow(window, at('10:01:00'), 0)).toEqual(at('10:03:00'));
  });

  it('treats NotOnOrAfter as exclusive and NotBefore as inclusive', () => {
    expect(() => checkValidityWindow(window, at('10:03:00'), 0)).toThrow(
      expect.objectContaining({ code: 'SAML_EXPIRED' }),
    );
    expect(checkValidityWindow(window, at('10:00:00'), 0)).toEqual(at('10:03:00'));
    expect(() => checkValidityWindow(window, at('09:59:59'), 0)).toThrow(
      expect.objectContaining({ code: 'SAML_NOT_YET_VALID' }),
    );
  });

  it('widens both ends by the skew', () => {
    expect(checkValidityWindow(window, at('10:03:59'), 60)).toEqual(at('10:03:00'));
    expect(() => checkValidityWindow(window, at('10:04:00'), 60)).toThrow(
      expect.objectContaining({ code: 'SAML_EXPIRED' }),
    );
    expect(checkValidityWindow(window, at('09:59:00'), 60)).toEqual(at('10:03:00'));
    expect(() => checkValidityWindow(window, at('09:58:59'), 60)).toThrow(
      expect.objectContaining({ code: 'SAML_NOT_YET_VALID' }),
    );
  });
});
