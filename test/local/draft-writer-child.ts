/**
 * The crash test's writer (plain Node 24, type stripping, no Vitest): saves drafts in a loop, round
 * robin over a few tasks, and prints `ack <taskId> <rev>` only after each save answered, i.e. after
 * its transaction committed. The parent SIGKILLs it at random points.
 *   node draft-writer-child.ts <file> <first rev>     (env FA_TEST_KEYS: the key items, as JSON)
 */
import { writeSync } from 'node:fs';
import { setLogSinks } from '../../main/log.ts';
import { createDraftStore, createSealer, openLocalDatabase } from '../../main/local/index.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { CRASH_PROJECT, CRASH_ROLE, CRASH_TASKS, crashDraft } from './draft-fixtures.ts';

const [file, firstRev] = process.argv.slice(2);
if (!file || !firstRev) {
  console.error('usage: draft-writer-child.ts <file> <first rev>');
  process.exit(2);
}
setLogSinks([]);
const secrets = new MemorySecretStore();
for (const [account, value] of Object.entries(
  JSON.parse(process.env.FA_TEST_KEYS ?? '{}') as Record<string, string>,
))
  await secrets.set(account, value);

const drafts = createDraftStore({
  db: openLocalDatabase({ file }),
  sealer: createSealer({ secrets, persistent: false }),
});
writeSync(1, 'ready\n');
for (let rev = Number(firstRev); ; rev++) {
  const taskId = CRASH_TASKS[rev % CRASH_TASKS.length] as string;
  const outcome = await drafts.save(
    { roleKey: CRASH_ROLE, projectId: CRASH_PROJECT, taskId },
    crashDraft(taskId, rev),
  );
  if (outcome.status !== 'saved') throw new Error(`rev ${rev} of ${taskId} was ${outcome.status}`);
  writeSync(1, `ack ${taskId} ${outcome.rev}\n`);
}
