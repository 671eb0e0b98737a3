/**
 * "Export diagnostics": one zip an annotator can send to IT, with what support needs and nothing
 * that could sign anyone in: the audit log, the organization settings in force (public by design,
 * still passed through redaction, with any key that names a secret blanked), versions and health.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { arch, release } from 'node:os';
import path from 'node:path';
import type { ResponseOf } from '../../preload/contract.ts';
import { redact } from '../log.ts';
import type { AuditLog } from './audit-log.ts';
import { createZip, type ZipEntry } from './zip.ts';

export interface DiagnosticsSources {
  audit: AuditLog;
  /** The organization settings in force and where they came from; null on first run. */
  policy: () => { source: string; config: unknown } | null;
  version: () => ResponseOf<'app.version'>;
  health: () => Promise<ResponseOf<'app.health'>>;
  /** Where the zip goes (the app's data folder / diagnostics). */
  outputDir: string;
  now?: () => number;
}

const secretKey = /secret|password|passphrase|token|credential|private.?key|assertion|saml.?response/i;

/** A deep copy with secret-named keys blanked and every string redacted. */
export function redactDeep(value: unknown, key = ''): unknown {
  if (key && secretKey.test(key)) return '[redacted]';
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, k)]));
  }
  return value;
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

export async function exportDiagnostics(
  sources: DiagnosticsSources,
): Promise<ResponseOf<'app.exportDiagnostics'>> {
  const date = new Date((sources.now ?? Date.now)());
  const policy = sources.policy();
  const entries: ZipEntry[] = [
    {
      name: 'README.txt',
      data:
        'Federated Annotator diagnostics\n' +
        'versions.json  app, runtime and OS versions\n' +
        "health.json    the app's self-checks\n" +
        'policy.json    the organization settings in force and their source (secrets, if any, blanked)\n' +
        'audit/         the audit log: sign-ins, role choices, tasks opened/submitted/skipped, sync results\n' +
        'No credentials, assertions, tokens or task content are included.\n',
    },
    {
      name: 'versions.json',
      data: json({
        ...sources.version(),
        arch: arch(),
        osRelease: release(),
        exportedAt: date.toISOString(),
      }),
    },
    { name: 'health.json', data: json(await sources.health()) },
    { name: 'policy.json', data: json(policy ? redactDeep(policy) : { source: 'none', config: null }) },
  ];
  for (const file of sources.audit.files()) {
    const text = await readFile(file, 'utf8').catch(() => '');
    // Redacted again: a line written by an older version must not leak through an export.
    entries.push({ name: `audit/${path.basename(file)}`, data: redact(text), date });
  }
  for (const entry of entries) entry.date ??= date;
  const zip = createZip(entries);
  await mkdir(sources.outputDir, { recursive: true, mode: 0o700 });
  const file = path.join(sources.outputDir, `federated-annotator-diagnostics-${stamp(date)}.zip`);
  await writeFile(file, zip, { mode: 0o600 });
  return { file, bytes: zip.length, files: entries.map((e) => e.name) };
}
