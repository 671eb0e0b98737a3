/**
 * The audit log and the diagnostics zip against the lab, through the app's own wiring (composeApp's
 * handlers): a sign-in, a task opened, submitted and skipped, a sync; then both are scanned for every
 * secret the session handled (the SAML response, the role's keys and token, the password).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { labOrganization } from '../../test/lab/app-organization.ts';
import { scriptedSignIn } from '../../test/lab/idp/scripted-sign-in.ts';
import { startLab, type Lab } from '../../test/lab/lab.ts';
import { composeApp } from '../app/compose.ts';
import { MemorySecretStore } from '../secrets/memory-store.ts';

let lab: Lab;
let dir: string;
beforeAll(async () => {
  lab = await startLab({ data: 'sample' });
  dir = mkdtempSync(path.join(tmpdir(), 'fa-audit-scan-'));
});
afterAll(async () => {
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('records sign-in, tasks and sync as JSON lines, and neither it nor the diagnostics zip holds a secret', async () => {
  const sandboxFile = path.join(dir, 'sandbox.json');
  writeFileSync(sandboxFile, JSON.stringify(labOrganization(lab, { id: 'sandbox' })), { mode: 0o600 });
  const responses: string[] = [];
  const store = new MemorySecretStore();
  const app = await composeApp({
    dataDir: path.join(dir, 'data'),
    keychain: { store, status: await store.probe() },
    loginWindow: {
      async capture(request) {
        const post = await scriptedSignIn(request.signInUrl, 'annotator', lab.password);
        responses.push(post.samlResponse);
        return { samlResponse: post.samlResponse };
      },
      cancel: () => undefined,
      clear: async () => undefined,
    },
    organization: { managedFile: null, sandboxFile, pickFile: async () => null },
    runtime: {
      name: 'Federated Annotator',
      version: '0.1.0',
      versions: { node: process.versions.node },
      platform: 'linux',
    },
    externalHosts: [],
    openInBrowser: () => undefined,
  });
  const h = app.handlers;
  try {
    await h['organization.useSandbox'](undefined);
    expect((await h['session.signIn'](undefined)).session.status).toBe('signed-in');
    const credentials = app.auth.credentials();
    const { workspaces } = await h['projects.list'](undefined);
    const project = workspaces
      .flatMap((w) => w.projects)
      .find((p) => p.name === 'Scenes: classify and rate')!;
    await h['tasks.sync']({ projectId: project.id, full: true });
    const { rows } = await h['tasks.page']({ projectId: project.id, offset: 0, limit: 10 });
    const first = await h['tasks.open']({ projectId: project.id, key: rows[0]!.key, index: rows[0]!.index });
    await h['tasks.submit']({ projectId: project.id, taskId: first.taskId, result: [], leadTimeSeconds: 3 });
    const second = await h['tasks.open']({ projectId: project.id, key: rows[1]!.key, index: rows[1]!.index });
    await h['tasks.submit']({
      projectId: project.id,
      taskId: second.taskId,
      result: [],
      wasCancelled: true,
      leadTimeSeconds: 1,
    });
    await h['session.signOut'](undefined);

    const auditText = readFileSync(path.join(dir, 'data', 'audit', 'audit.jsonl'), 'utf8');
    const events = auditText
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    // Each sync run ends with one event (a submit starts another, incremental, run).
    const syncs = events.filter((e) => e.type === 'sync');
    expect(syncs.length).toBeGreaterThanOrEqual(1);
    expect(syncs[0]).toMatchObject({ project: project.id, outcome: 'done', listed: expect.any(Number) });
    expect(Number(syncs[0]!.listed)).toBeGreaterThan(0);
    // The outbox sends submits on its own time: its events may or may not be in yet.
    expect(
      events
        .filter((e) => e.type !== 'sync' && e.type !== 'outbox')
        .map((e) => `${e.type}:${e.outcome ?? e.source}`),
    ).toEqual([
      'policy-loaded:sandbox',
      'sign-in:signed-in',
      'task-opened:opened',
      'task-submitted:saved',
      'task-opened:opened',
      'task-skipped:saved',
      'sign-out:signed-out',
    ]);
    expect(events[1]).toMatchObject({ organization: 'sandbox', role: lab.roles.visionAnnotator.arn });
    expect(events.find((e) => e.type === 'task-submitted')).toMatchObject({
      project: project.id,
      task: first.taskId,
      conflicts: 0,
    });

    const exported = await h['app.exportDiagnostics'](undefined);
    expect(exported.files).toEqual([
      'README.txt',
      'versions.json',
      'health.json',
      'policy.json',
      'audit/audit.jsonl',
    ]);
    const unzipped = path.join(dir, 'unzipped');
    execFileSync('python3', [
      '-c',
      'import sys,zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])',
      exported.file,
      unzipped,
    ]);
    const policy = JSON.parse(readFileSync(path.join(unzipped, 'policy.json'), 'utf8'));
    expect(policy).toMatchObject({
      source: 'sandbox',
      config: { id: 'sandbox', aws: { region: lab.sts.region } },
    });
    const everything = [
      auditText,
      ...exported.files.map((name) => readFileSync(path.join(unzipped, name), 'utf8')),
    ].join('\n');

    const secrets = [
      ...responses,
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.sessionToken,
      lab.password,
    ].filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThanOrEqual(5);
    for (const secret of secrets) expect(everything).not.toContain(secret);
    // Nor any piece of them: no 24+ character run from a key, token or response.
    for (const secret of secrets.filter((s) => s.length > 40)) {
      for (let i = 0; i + 24 <= secret.length; i += 97)
        expect(everything).not.toContain(secret.slice(i, i + 24));
    }
    expect(everything).not.toMatch(/SAMLResponse|ASIA[A-Z0-9]{12}|AKIA[A-Z0-9]{12}/);
  } finally {
    app.dispose();
  }
});
