/**
 * Crash safety of submits: a child process (the projects service, its outbox and sync engine against
 * the lab's S3) first sends what an earlier run left queued, then submits in a loop and prints each
 * acknowledged submit; the test SIGKILLs it at random points: while it sends what was left (during
 * sync) or while it submits (in the queue's transaction, during the PUT, between the PUT and the row's
 * removal). Half the runs answer a submit as soon as it is committed (the engine sends it in the
 * background), so the next run starts with a backlog. Each run's first pass is the restart: once it
 * says `drained`, every submit acknowledged before is in S3 exactly once (one annotation of mine, with
 * that rev or a later one). Kill points come from a seeded generator (seed in the test name).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSealer } from '../../main/local/index.ts';
import { setLogSinks } from '../../main/log.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { startFaultProxy, type FaultProxy } from '../lab/fault-proxy.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { roleCredentials, withEndpoint } from './outbox-app.ts';

const TRIALS = Number(process.env.FA_OUTBOX_TRIALS ?? 100);
const SEED = Number(process.env.FA_CRASH_SEED ?? 20261202);
const ME = 'crash@corp.example';
const child = join(import.meta.dirname, 'outbox-submit-child.ts');
let lab: Lab;
let proxy: FaultProxy;
let admin: S3Client;
let dir: string;
beforeAll(async () => {
  setLogSinks([]);
  lab = await startLab({ idp: 'node', data: 'sample' });
  proxy = await startFaultProxy(lab.s3.endpoint);
  admin = new S3Client({
    region: lab.s3.region,
    endpoint: lab.s3.endpoint,
    forcePathStyle: true,
    credentials: lab.credentials.admin,
  });
  dir = mkdtempSync(join(tmpdir(), 'fa-outbox-crash-'));
}, 30_000);
afterAll(async () => {
  admin?.destroy();
  await proxy?.close();
  await lab?.close();
  rmSync(dir, { recursive: true, force: true });
});

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type KillPoint = { afterReadyMs: number } | { afterAcks: number; extraMs: number } | null;
interface Ack {
  projectId: string;
  taskId: string;
  rev: number;
  annotationId: string;
}
interface Run {
  acks: Ack[];
  signal: NodeJS.Signals | null;
  code: number | null;
  drained: boolean;
  stderr: string;
}

/** Runs the child until the kill point (null: until it exits); `onDrained` runs when it said so. */
function run(env: string, kill: KillPoint, onDrained: (left: number) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [child], {
      env: { ...process.env, FA_OUTBOX_CHILD: env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Run = { acks: [], signal: null, code: null, drained: false, stderr: '' };
    let pending = '';
    let killed = false;
    let checking: Promise<void> = Promise.resolve();
    const killNow = () => {
      if (!killed) proc.kill('SIGKILL');
      killed = true;
    };
    const guard = setTimeout(killNow, 60_000);
    proc.stdout.setEncoding('utf8');
    proc.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let newline: number;
      while ((newline = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, newline);
        pending = pending.slice(newline + 1);
        if (line === 'ready' && kill && 'afterReadyMs' in kill) setTimeout(killNow, kill.afterReadyMs);
        const drained = /^drained (\d+)$/.exec(line);
        if (drained) {
          out.drained = true;
          checking = onDrained(Number(drained[1]));
        }
        const ack = /^ack (\S+) (\S+) (\d+) (\S+)$/.exec(line);
        if (!ack) continue;
        out.acks.push({ projectId: ack[1]!, taskId: ack[2]!, rev: Number(ack[3]), annotationId: ack[4]! });
        if (kill && 'afterAcks' in kill && out.acks.length === kill.afterAcks)
          setTimeout(killNow, kill.extraMs);
      }
    });
    proc.stderr.setEncoding('utf8');
    proc.stderr.on('data', (chunk: string) => (out.stderr += chunk));
    proc.on('error', reject);
    proc.on('close', (code, signal) => {
      clearTimeout(guard);
      out.code = code;
      out.signal = signal;
      checking.then(() => resolve(out), reject);
    });
  });
}

describe('submits survive kill -9 of the app during submit and during sync', () => {
  it(`after ${TRIALS} SIGKILLs at random points every acknowledged submit is in S3 exactly once (seed ${SEED})`, async () => {
    const role = lab.roles.languageAnnotator;
    const organization = withEndpoint(labOrganization(lab, { id: 'lab' }), proxy.endpoint);
    const roleKey = `lab\u0000${role.arn}\u0000${ME}`;
    const secrets = new MemorySecretStore();
    await createSealer({ secrets, persistent: true }).forRole(roleKey);
    const keys: Record<string, string> = {};
    for (const account of await secrets.list()) keys[account] = (await secrets.get(account)) as string;
    const projectOf = (suffix: string) => lab.projects.find((p) => p.id.endsWith(suffix))!;
    const sentiment = projectOf('review-sentiment');
    const ner = projectOf('news-ner');
    const tasks = [
      ...[0, 1, 2, 3].map((index) => ({
        projectId: sentiment.id,
        key: `${sentiment.sourcePrefix}tasks.json`,
        index,
      })),
      ...[1, 2, 3].map((n) => ({ projectId: ner.id, key: `${ner.sourcePrefix}000${n}.json`, index: 0 })),
    ];
    const prefixOf = new Map([
      [sentiment.id, sentiment.targetPrefix],
      [ner.id, ner.targetPrefix],
    ]);
    const credentials = roleCredentials(
      lab.credentials.forRole(role, { expiresInSeconds: 7200, sessionName: ME }),
      role,
      ME,
    );
    const dataDir = join(dir, 'app');
    const config = (firstRev: number, waitMs: number, drainOnly: boolean) =>
      JSON.stringify({ organization, credentials, dataDir, keys, tasks, firstRev, waitMs, drainOnly });

    // The acknowledged rev per task (the highest), and what S3 must show for it.
    const acked = new Map<string, Ack>();
    const figures = { checks: 0, lost: 0, duplicated: 0 };
    async function verify(context: string, required: Map<string, Ack>): Promise<void> {
      for (const ack of required.values()) {
        const object = await admin.send(
          new GetObjectCommand({
            Bucket: lab.s3.bucket,
            Key: `${prefixOf.get(ack.projectId)}${ack.taskId}.json`,
          }),
        );
        const doc = JSON.parse(await object.Body!.transformToString()) as {
          annotations: {
            id: number;
            completed_by: { email: string };
            result: { value: { text: string[] } }[];
          }[];
        };
        const mine = doc.annotations.filter((a) => a.completed_by.email === ME);
        const ids = doc.annotations.map((a) => a.id);
        figures.checks++;
        if (mine.length > 1 || new Set(ids).size !== ids.length) figures.duplicated++;
        const rev = Number(mine[0]?.result[0]?.value.text[0] ?? -1);
        if (rev < ack.rev) figures.lost++;
        expect(mine, `${context}: ${ack.taskId}`).toHaveLength(1);
        expect(new Set(ids).size, `${context}: ${ack.taskId} ids`).toBe(ids.length);
        // The acknowledged rev, or a later one whose submit beat the kill but not its ack line.
        expect(rev, `${context}: ${ack.taskId}`).toBeGreaterThanOrEqual(ack.rev);
        expect(String(mine[0]!.id), `${context}: ${ack.taskId} id`).toBe(ack.annotationId);
      }
    }
    const queuedRows = () => {
      try {
        const raw = new DatabaseSync(join(dataDir, 'local', 'annotator.sqlite'), { readOnly: true });
        try {
          return (raw.prepare('SELECT count(*) AS n FROM outbox').get() as { n: number }).n;
        } finally {
          raw.close();
        }
      } catch {
        return 0;
      }
    };

    const random = mulberry32(SEED);
    let backgroundRuns = 0;
    let killsDuringSync = 0;
    let killsDuringSubmit = 0;
    let totalAcks = 0;
    for (let trial = 0; trial < TRIALS; trial++) {
      const backlog = queuedRows();
      const kill: KillPoint =
        backlog > 0 && random() < 0.5
          ? { afterReadyMs: Math.floor(random() * 150) }
          : { afterAcks: 1 + Math.floor(random() * 10), extraMs: Math.floor(random() * 6) };
      // Half the runs answer at commit while S3 swallows the annotation writes (a hung VPN): the
      // engine's writes hang, submits pile up in the outbox, and the next run starts with a backlog.
      const waitMs = random() < 0.5 ? 0 : 5_000;
      if (waitMs === 0) backgroundRuns++;
      const before = new Map(acked);
      const context = `trial ${trial} (seed ${SEED}, ${JSON.stringify(kill)}, wait ${waitMs}, backlog ${backlog})`;
      const outcome = await run(config((trial + 1) * 100_000, waitMs, false), kill, async (left) => {
        expect(left, context).toBe(0);
        // From here on (the backlog of the last run is out), S3 swallows this run's annotation writes.
        if (waitMs === 0)
          proxy.inject({
            fault: { kind: 'never-answer' },
            times: Infinity,
            match: (r) => r.method === 'PUT' && !r.path.includes('/.claims/'),
          });
        await verify(context, before);
      });
      proxy.clear();
      expect(outcome.signal, `${context}: ${outcome.stderr}`).toBe('SIGKILL');
      if (!outcome.drained) killsDuringSync++;
      else killsDuringSubmit++;
      for (const ack of outcome.acks) acked.set(ack.taskId, ack);
      totalAcks += outcome.acks.length;
    }
    // The last restart: nothing is killed; everything acknowledged is in S3, once.
    const last = await run(config(0, 0, true), null, async (left) => {
      expect(left).toBe(0);
      await verify('final', acked);
    });
    expect(last.code, last.stderr).toBe(0);
    expect(queuedRows()).toBe(0);
    console.log(
      `outbox crash trials: ${TRIALS} SIGKILLs (${killsDuringSync} while sending a backlog, ${killsDuringSubmit} while submitting; ` +
        `${backgroundRuns} runs answered at commit), ${totalAcks} acknowledged submits, ${figures.checks} checks after restarts: ` +
        `${figures.lost} lost, ${figures.duplicated} duplicated`,
    );
    expect(figures).toMatchObject({ lost: 0, duplicated: 0 });
    expect(killsDuringSync).toBeGreaterThan(TRIALS / 10);
    expect(killsDuringSubmit).toBeGreaterThan(TRIALS / 10);
  }, 900_000);
});
