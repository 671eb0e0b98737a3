/**
 * The app's main side (the browser harness) as a process of its own, so a test can SIGKILL it and
 * start it again on the same data folder and keychain, as a crash and a restart of the app would.
 * Sign-in goes through the scripted IdP client (the user and password come from the environment).
 * Prints one JSON line `{"url": ...}` when ready.
 *   FA_USER_DATA=<dir> FA_ORGANIZATION=<file> FA_KEYCHAIN=<service> FA_USER=<name> FA_PASSWORD=<pw>
 */
import type { LoginWindowPort } from '../../main/auth/session-service.ts';
import { scriptedSignIn } from '../lab/idp/scripted-sign-in.ts';
import { startHarness } from './harness-server.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`harness-process: ${name} is not set`);
  return value;
};

const loginWindow: LoginWindowPort = {
  async capture(request) {
    const post = await scriptedSignIn(request.signInUrl, env('FA_USER'), env('FA_PASSWORD'));
    return post.relayState === undefined
      ? { samlResponse: post.samlResponse }
      : { samlResponse: post.samlResponse, relayState: post.relayState };
  },
  cancel: () => undefined,
  clear: async () => undefined,
};

const harness = await startHarness({
  userDataDir: env('FA_USER_DATA'),
  auth: { loginWindow, keychainService: env('FA_KEYCHAIN'), sandboxFile: env('FA_ORGANIZATION') },
});
process.stdout.write(`${JSON.stringify({ url: harness.url })}\n`);
process.on('SIGTERM', () => void harness.close().then(() => process.exit(0)));
