/**
 * An open task's lease while S3 cannot be reached: the work goes on, and the window is told when the
 * lease ran out (a colleague may take the task), when it is held again, and when someone took it.
 * Against the lab's S3 behind the fault proxy; the app's clock is moved, S3's is not needed.
 */
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { ProjectsService } from '../../main/projects/projects-service.ts';
import type { LeaseChange } from '../../main/projects/task-session.ts';
import { unavailableDrafts } from '../../main/projects/local-drafts.ts';
import { labOrganization } from '../lab/app-organization.ts';
import { type FaultProxy } from '../lab/fault-proxy.ts';
import { type Lab } from '../lab/lab.ts';
import { useLabBehindProxy } from '../support/lab-behind-proxy.ts';
import { roleCredentials } from '../lab/role-credentials.ts';
import { withEndpoint } from '../local/outbox-app.ts';

let lab: Lab;
let proxy: FaultProxy;
let dir: string;
let admin: S3Client;
useLabBehindProxy('fa-lease-offline-', (frame) => ({ lab, proxy, dir, admin } = frame));

describe('a lease while offline', () => {
  it('lapses after its end without S3, is held again when S3 is back, and is reported lost when taken', async () => {
    const p = lab.projects.find((x) => x.id.endsWith('scene-review'))!;
    const role = lab.roles.visionAnnotator;
    const me = 'rosa@corp.example';
    const credentials = roleCredentials(
      lab.credentials.forRole(role, { expiresInSeconds: 3600, sessionName: me }),
      role,
      me,
    );
    let now = Date.now();
    const changes: LeaseChange[] = [];
    const projects = new ProjectsService({
      session: {
        organization: parseOrganizationConfig(
          withEndpoint(labOrganization(lab, { id: 'lab' }), proxy.endpoint),
          'test',
        ),
        credentials: () => credentials,
        refreshCredentials: async () => credentials,
      },
      indexDir: path.join(dir, 'task-index'),
      drafts: unavailableDrafts(new Error('drafts are not part of this test')),
      emitProgress: () => undefined,
      emitLease: (change) => void changes.push(change),
      now: () => new Date(now),
    });
    await projects.sync(p.id);
    const opened = await projects.open(p.id, `${p.sourcePrefix}batch-1.json`, 0);
    expect(opened.claim.held).toBe(true);
    const lease = { projectId: p.id, taskId: opened.taskId, holder: null };

    // S3 cannot be reached: a renewal inside the lease's 3 minutes fails quietly (nothing to tell).
    proxy.inject({ fault: { kind: 'reset' }, times: Infinity });
    now += 60_000;
    await projects.renewLeases();
    expect(changes).toEqual([]);
    // Past the lease's end: the window is told, once.
    now += 3 * 60_000;
    await projects.renewLeases();
    await projects.renewLeases();
    expect(changes).toEqual([{ ...lease, lease: 'lapsed' }]);

    // S3 is back and nobody took the task: held again.
    proxy.clear();
    await projects.renewLeases();
    expect(changes.at(-1)).toEqual({ ...lease, lease: 'held' });

    // A colleague takes it (as after a lapse while offline): reported with their name.
    await admin.send(
      new PutObjectCommand({
        Bucket: lab.s3.bucket,
        Key: `${p.targetPrefix}.claims/${opened.taskId}.json`,
        Body: JSON.stringify({
          taskId: opened.taskId,
          holder: 'sam@corp.example',
          expiresAt: new Date(now + 3_600_000).toISOString(),
          createdAt: new Date(now).toISOString(),
        }),
      }),
    );
    await projects.renewLeases();
    expect(changes.at(-1)).toEqual({ ...lease, lease: 'lost', holder: 'sam@corp.example' });
    expect(changes).toHaveLength(3);

    // Sam's lease runs out; opened again, the task is held once more and the window hears so.
    await admin.send(
      new PutObjectCommand({
        Bucket: lab.s3.bucket,
        Key: `${p.targetPrefix}.claims/${opened.taskId}.json`,
        Body: JSON.stringify({
          taskId: opened.taskId,
          holder: 'sam@corp.example',
          // Long past on any clock (the lease's own and the app's, moved ahead above).
          expiresAt: new Date(Date.now() - 3_600_000).toISOString(),
          createdAt: new Date(Date.now() - 7_200_000).toISOString(),
        }),
      }),
    );
    const again = await projects.open(p.id, `${p.sourcePrefix}batch-1.json`, 0);
    expect(again.claim.held).toBe(true);
    expect(changes.at(-1)).toEqual({ ...lease, lease: 'held' });
    projects.reset();
  }, 60_000);
});
