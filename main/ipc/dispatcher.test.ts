import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { setLogSinks, type LogSink } from '../log.ts';
import { createHandlers } from './handlers.ts';
import { createDispatcher, type Handlers, type Sender } from './dispatcher.ts';

const APP = 'app://annotator';
const appSender: Sender = { url: `${APP}/index.html`, isMainFrame: true };
const runtime = {
  name: 'Federated Annotator',
  version: '1.2.3',
  versions: { node: '24.0.0' },
  platform: 'linux',
  userDataDir: '/tmp',
  startedAt: 0,
};

function dispatcher(overrides: Partial<Handlers> = {}) {
  const opened: string[] = [];
  const handlers = {
    // These tests exercise the app.* channels; the session ones are tested through the harness.
    ...createHandlers({
      runtime,
      externalHosts: ['help.example.com'],
      openInBrowser: (u) => void opened.push(u),
      auth: undefined as never,
      projects: undefined as never,
    }),
    ...overrides,
  };
  return { dispatch: createDispatcher({ handlers, appOrigin: APP }), opened };
}

let logged: string[] = [];
let previousSinks: LogSink[];
beforeEach(() => {
  logged = [];
  previousSinks = setLogSinks([(line) => logged.push(line.message)]);
});
afterEach(() => setLogSinks(previousSinks));

describe('dispatcher: who may call', () => {
  it('answers the app main frame', async () => {
    const result = await dispatcher().dispatch(appSender, 'app.version', undefined);
    expect(result).toEqual({
      ok: true,
      value: {
        name: 'Federated Annotator',
        version: '1.2.3',
        runtime: { node: '24.0.0' },
        platform: 'linux',
      },
    });
  });

  it.each([
    ['a foreign https origin', { url: 'https://evil.example/app', isMainFrame: true }],
    ['the IdP sign-in page', { url: 'https://idp.example.com/login', isMainFrame: true }],
    ['a file: page', { url: 'file:///tmp/index.html', isMainFrame: true }],
    ['another app: host', { url: 'app://other/index.html', isMainFrame: true }],
    ['a look-alike host', { url: 'app://annotator.evil/index.html', isMainFrame: true }],
    ['a subframe of the app', { url: `${APP}/index.html`, isMainFrame: false }],
    ['a destroyed frame', { url: null, isMainFrame: false }],
    ['an unparsable URL', { url: 'not a url', isMainFrame: true }],
  ])('refuses %s', async (_label, sender: Sender) => {
    const result = await dispatcher().dispatch(sender, 'app.version', undefined);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'FORBIDDEN_SENDER',
        message: 'This request did not come from the app window and was refused.',
      },
    });
  });

  it('refuses a channel that is not in the contract, including prototype keys', async () => {
    const { dispatch } = dispatcher();
    for (const name of ['app.nope', '__proto__', 'constructor', 'toString']) {
      const result = await dispatch(appSender, name, undefined);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('UNKNOWN_CHANNEL');
    }
  });
});

describe('dispatcher: what may be sent', () => {
  it('gives a typed validation error whose message is for people, not the validator', async () => {
    const result = await dispatcher().dispatch(appSender, 'app.openExternal', { url: 42 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('INVALID_REQUEST');
    expect(result.error.message).toMatch(/nothing was done/);
    // No raw validation detail (field paths, zod wording) reaches a person; it goes to the log.
    expect(result.error.message).not.toMatch(/url|expected|invalid_type|openExternal/i);
  });

  it('refuses hostile shapes with the same typed error, not INTERNAL', async () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 5_000; i++) deep = { d: deep };
    const hostile = [
      { url: 10n },
      { url: 'https://x.example', extra: deep },
      { url: new Map() },
      { url: Number.NaN },
    ];
    for (const request of hostile) {
      const result = await dispatcher().dispatch(appSender, 'app.openExternal', request);
      expect(result.ok ? 'ok' : result.error.code).toBe('INVALID_REQUEST');
    }
  });

  it('refuses a request where none is expected', async () => {
    const result = await dispatcher().dispatch(appSender, 'app.version', { sneaky: true });
    expect(result.ok || result.error.code).toBe('INVALID_REQUEST');
  });

  it('passes only parsed input to the handler', async () => {
    let seen: unknown;
    const { dispatch } = dispatcher({
      'app.openExternal': (request) => {
        seen = request;
        return { opened: true };
      },
    });
    await dispatch(appSender, 'app.openExternal', { url: 'https://help.example.com/', extra: 'dropped' });
    expect(seen).toEqual({ url: 'https://help.example.com/' });
  });
});

describe('dispatcher: errors as values', () => {
  it('turns an AppError into its code and message and nothing else', async () => {
    const result = await dispatcher().dispatch(appSender, 'app.openExternal', { url: 'file:///etc/passwd' });
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'EXTERNAL_URL_REFUSED',
        message: 'The app only opens https links to approved sites; "file:///etc/passwd" is not one of them.',
      },
    });
  });

  it('keeps retryable when the error says so', async () => {
    const { dispatch } = dispatcher({
      'app.health': () => {
        throw new AppError('INTERNAL', 'The network is down.', { retryable: true });
      },
    });
    expect(await dispatch(appSender, 'app.health', undefined)).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'The network is down.', retryable: true },
    });
  });

  it('hides an unexpected error: no stack, no message text, no secret; the log gets it redacted', async () => {
    const { dispatch } = dispatcher({
      'app.health': () => {
        throw new Error('sts said no for ASIAABCDEFGHIJKLMNOP with SessionToken=FQoGZXIvYXdzEJr');
      },
    });
    const result = await dispatch(appSender, 'app.health', undefined);
    const text = JSON.stringify(result);
    expect(result).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Something went wrong inside the app. Details are in the log.' },
    });
    expect(text).not.toMatch(/ASIA|FQoG|at .*\.ts|stack/);
    expect(logged.join('\n')).toContain('app.health failed');
    expect(logged.join('\n')).not.toMatch(/ASIAABCDEFGHIJKLMNOP|FQoGZXIvYXdzEJr/);
  });

  it('refuses to send a response outside the contract', async () => {
    const { dispatch } = dispatcher({ 'app.version': () => ({ name: 'x' }) as never });
    const result = await dispatch(appSender, 'app.version', undefined);
    expect(result.ok || result.error.code).toBe('INTERNAL');
    expect(logged.join('\n')).toMatch(/app\.version returned a response outside the contract: version/);
  });

  it('strips fields the contract does not name, so a secret cannot ride along', async () => {
    const { dispatch } = dispatcher({
      'app.version': () =>
        ({
          name: 'n',
          version: 'v',
          runtime: { node: '24' },
          platform: 'p',
          secretAccessKey: 'abc',
        }) as never,
    });
    const result = await dispatch(appSender, 'app.version', undefined);
    expect(result).toEqual({
      ok: true,
      value: { name: 'n', version: 'v', runtime: { node: '24' }, platform: 'p' },
    });
  });
});
