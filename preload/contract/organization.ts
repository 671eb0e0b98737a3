/** The organization domain: the first-run choices (IT's file, an imported file, the sandbox). */
import { z } from 'zod';
import { channel, NoRequest } from './define.ts';
import { SessionView } from './session.ts';

const OrganizationChoices = z.object({
  /** IT enforces the organization: no import, no sandbox. */
  managed: z.boolean(),
  /** A local sandbox (npm run sandbox) is running and can be used. */
  sandboxAvailable: z.boolean(),
  /** Settings IT's policy enforces over the organization file: shown as locked. */
  locked: z.array(z.object({ key: z.string(), description: z.string() })),
});

export const organizationChannels = {
  'organization.choices': channel({
    summary: 'What the first-run screen may offer.',
    request: NoRequest,
    response: OrganizationChoices,
  }),
  'organization.useSandbox': channel({
    summary: 'Use the local sandbox organization (npm run sandbox).',
    request: NoRequest,
    response: SessionView,
  }),
  'organization.change': channel({
    summary:
      'Sign out and forget the chosen organization (back to the first run); refused when IT manages it.',
    request: NoRequest,
    response: SessionView,
  }),
  'organization.importFile': channel({
    summary: 'Pick the organization file IT provided, check it and keep it.',
    request: NoRequest,
    response: SessionView,
  }),
} as const;
