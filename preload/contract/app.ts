/** The app domain: version, self-checks, opening allow-listed links in the system browser. */
import { z } from 'zod';
import { channel, NoRequest } from './define.ts';

const AppVersion = z.object({
  name: z.string(),
  version: z.string(),
  /** Runtime versions; `electron` and `chrome` are absent when main runs in the browser harness. */
  runtime: z.object({
    node: z.string(),
    electron: z.string().optional(),
    chrome: z.string().optional(),
  }),
  platform: z.string(),
});

const HealthCheck = z.object({ name: z.string(), ok: z.boolean(), detail: z.string() });
const AppHealth = z.object({
  ok: z.boolean(),
  uptimeMs: z.number().nonnegative(),
  checks: z.array(HealthCheck),
});

const ExternalUrl = z.object({ url: z.string().max(2048) });

export const appChannels = {
  'app.version': channel({
    summary: 'Name, version and runtime of the app.',
    request: NoRequest,
    response: AppVersion,
  }),
  'app.health': channel({
    summary: 'Self-checks of the main-process subsystems.',
    request: NoRequest,
    response: AppHealth,
  }),
  'app.exportDiagnostics': channel({
    summary: 'Write a zip of the audit log, the settings in force and versions (secrets redacted) for IT.',
    request: NoRequest,
    response: z.object({
      /** Where the zip was written (the app's data folder). */
      file: z.string(),
      bytes: z.number().int().nonnegative(),
      /** The names inside it. */
      files: z.array(z.string()),
    }),
  }),
  'app.installUpdate': channel({
    summary: 'Quit and install the update that is downloaded and verified (false: none is ready).',
    request: NoRequest,
    response: z.object({ restarting: z.boolean() }),
  }),
  'app.openExternal': channel({
    summary: 'Open an allow-listed https URL in the system browser.',
    request: ExternalUrl,
    response: z.object({ opened: z.literal(true) }),
  }),
} as const;

export const UpdateReady = z.object({ version: z.string().max(64) });
export type UpdateReady = z.infer<typeof UpdateReady>;

export const appEvents = {
  /** Main's view of its own state changed; the renderer re-reads health. */
  'app.healthChanged': AppHealth,
  /** An update from IT's server is downloaded and verified; it installs when the app restarts. */
  'app.updateReady': UpdateReady,
} as const;
