/**
 * The app's main side as its own process (test/harness/harness-process.ts), for journeys that kill
 * or restart it: started with an environment, ready once it prints its window URL, and stopped by
 * the SIGKILL or SIGTERM the test chooses. `killAll` ends what a failed test left running.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot } from '../harness/harness-server.ts';

export interface MainProcess {
  child: ChildProcess;
  /** The window URL the main side printed once ready. */
  url: string;
}

export function mainProcesses() {
  const children = new Set<ChildProcess>();
  const stop = async (child: ChildProcess, signal: NodeJS.Signals) => {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    await exited;
  };
  return {
    start(env: Record<string, string>): Promise<MainProcess> {
      const child = spawn(process.execPath, [path.join(repoRoot, 'test/harness/harness-process.ts')], {
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.add(child);
      child.on('exit', () => children.delete(child));
      return new Promise((resolve, reject) => {
        const lines = createInterface({ input: child.stdout! });
        lines.on('line', (line) => {
          if (!line.startsWith('{')) return;
          resolve({ child, url: (JSON.parse(line) as { url: string }).url });
        });
        child.on('exit', (code) => reject(new Error(`the main side exited (${code}) before it was ready`)));
      });
    },
    /** A crash: nothing of the main side's own shutdown runs. */
    killed: (child: ChildProcess) => stop(child, 'SIGKILL'),
    /** An ordinary quit. */
    stopped: (child: ChildProcess) => stop(child, 'SIGTERM'),
    killAll(): void {
      for (const child of children) child.kill('SIGKILL');
    },
  };
}
