/**
 * SAML timestamps and the validity window. The local check grants nothing (STS re-checks with AWS's
 * clock); it exists to fail early with a clear message and to know how long an assertion is usable.
 * So the default skew is generous: 180 s (Shibboleth SP's default), enough for a laptop or VM whose
 * clock drifted after sleep, still well under the usual 5-minute assertion lifetime.
 */
import { SamlError, advice } from './saml-errors.ts';

export const defaultClockSkewSeconds = 180;
export const maxClockSkewSeconds = 600;

// xs:dateTime; SAML core §1.3.3 requires UTC, so a missing zone is read as UTC (never local time).
const instantPattern = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

export function parseSamlInstant(value: string, field: string): Date {
  const match = instantPattern.exec(value.trim());
  const date = match ? new Date(match[1] ? value.trim() : `${value.trim()}Z`) : null;
  if (!date || Number.isNaN(date.getTime())) {
    throw new SamlError(
      'SAML_BAD_TIMESTAMP',
      `The sign-in response has an unreadable ${field} time. ${advice.askIdpAdmin}`,
    );
  }
  return date;
}

function clockTime(date: Date): string {
  return `${date.toISOString().slice(11, 19)} UTC`;
}

export interface ValidityWindow {
  notBefore: Date[];
  notOnOrAfter: Date[];
}

/** Throws unless `now` lies in every window, widened by the skew. Returns the earliest expiry. */
export function checkValidityWindow(window: ValidityWindow, now: Date, skewSeconds: number): Date {
  const skewMs = skewSeconds * 1000;
  const clock = `your computer's clock says ${clockTime(now)}`;
  for (const notBefore of window.notBefore) {
    if (now.getTime() + skewMs < notBefore.getTime()) {
      throw new SamlError(
        'SAML_NOT_YET_VALID',
        `Your sign-in is not valid yet: the IdP issued it for use from ${clockTime(notBefore)}, but ${clock}. ` +
          `Check your computer's date, time and time zone settings, then sign in again.`,
      );
    }
  }
  const expiry = new Date(Math.min(...window.notOnOrAfter.map((date) => date.getTime())));
  if (now.getTime() - skewMs >= expiry.getTime()) {
    throw new SamlError(
      'SAML_EXPIRED',
      `Your sign-in expired before it reached the app (the IdP's response was valid until ${clockTime(expiry)}; ${clock}). ` +
        `Check your computer's clock and sign in again.`,
    );
  }
  return expiry;
}
