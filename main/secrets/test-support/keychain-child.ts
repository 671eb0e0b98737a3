/**
 * Run by keychain-states.test.ts in a child process whose keychain is in a given state (no D-Bus, no
 * Secret Service, no login keyring, locked). Plain Node 24 (type stripping), no Vitest.
 *   node keychain-child.ts <service> seed         stores one item (before the keyring is locked)
 *   node keychain-child.ts <service> probe        probes, then tries each store operation
 * Prints one JSON line on stdout; secrets never appear in it.
 */
import { setLogSinks } from '../../log.ts';
import { KeytarSecretStore } from '../keytar-store.ts';
import { openSecretStore } from '../open-secret-store.ts';
import { KeychainError } from '../secret-store.ts';
import { SessionVault } from '../session-vault.ts';

const [service, mode] = process.argv.slice(2);
if (!service || (mode !== 'seed' && mode !== 'probe')) {
  console.error('usage: keychain-child.ts <service> seed|probe');
  process.exit(2);
}
const logged: string[] = [];
setLogSinks([(line) => logged.push(`${line.level} ${line.message}`)]);

const SEEDED = 'v1/test/seeded';
const store = new KeytarSecretStore({ service, timeoutMs: 4_000 });

async function outcome(op: () => Promise<unknown>): Promise<unknown> {
  try {
    return { ok: true, value: await op() };
  } catch (error) {
    if (error instanceof KeychainError)
      return { ok: false, code: error.code, message: error.message, detail: error.detail };
    return { ok: false, error: String(error) };
  }
}

if (mode === 'seed') {
  await store.set(SEEDED, 'seeded-value');
  console.log(JSON.stringify({ seeded: await store.get(SEEDED) }));
} else {
  const status = await store.probe();
  const opened = await openSecretStore({ service, timeoutMs: 4_000 });
  const result = {
    status,
    opened: { code: opened.status.code, persistent: (await opened.store.probe()).persistent },
    getSeeded: await outcome(() => store.get(SEEDED)),
    set: await outcome(() => store.set('v1/test/new', 'new-value')),
    list: await outcome(() => store.list()),
    clear: await outcome(() => store.clear()),
    deleteSeeded: await outcome(() => store.delete(SEEDED)),
    wipeIdp: await outcome(() => new SessionVault({ store }).wipe('corp')),
    logged,
  };
  console.log(JSON.stringify(result));
}
