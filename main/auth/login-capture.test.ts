import { describe, expect, it } from 'vitest';
import { createLoginCaptures, type ObservedRequest } from './login-capture.ts';
import type { CaptureRequest } from './session-service.ts';

const acs = 'https://signin.aws.amazon.com/saml';
const samlResponse = Buffer.from('<samlp:Response>…</samlp:Response>'.repeat(20)).toString('base64');
const formBody = new URLSearchParams({ SAMLResponse: samlResponse, RelayState: 'r' }).toString();

function request(overrides: Partial<CaptureRequest> = {}): CaptureRequest {
  return {
    partition: 'persist:idp-acme',
    signInUrl: 'https://idp.acme.example/app/aws/sso',
    allowedOrigins: ['https://login.acme.example'],
    extraAcsUrls: [],
    silent: false,
    ...overrides,
  };
}

/** Timers a test moves by hand: nothing here waits on the wall clock. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; at: number }>();
  let now = 0;
  let next = 1;
  return {
    timers: {
      set: (fn: () => void, ms: number) => {
        pending.set(next, { fn, at: now + ms });
        return next++;
      },
      clear: (handle: unknown) => void pending.delete(handle as number),
    },
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...pending]) {
        if (t.at <= now) {
          pending.delete(id);
          t.fn();
        }
      }
    },
    get count() {
      return pending.size;
    },
  };
}

function win(owner: unknown) {
  const w = { owner, closed: 0, close: () => void w.closed++ };
  return w;
}

function post(owner: unknown, overrides: Partial<ObservedRequest> = {}): ObservedRequest {
  return {
    url: acs,
    method: 'POST',
    owner,
    navigation: true,
    body: () => ({ uploadData: [{ bytes: Buffer.from(formBody) }], contentType: undefined }),
    ...overrides,
  };
}

describe('login capture state machine', () => {
  it("takes the window's own form POST to the ACS: cancelled, parsed, settled once, window closed", async () => {
    const captures = createLoginCaptures();
    const w = win(7);
    const capture = captures.begin(request(), w);
    expect(captures.onRequest('persist:idp-acme', post(7))).toBe('cancel');
    await expect(capture.result).resolves.toEqual({ samlResponse, relayState: 'r' });
    expect(w.closed).toBe(1);
    // Whatever arrives later changes nothing.
    capture.windowClosed();
    expect(capture.loadFailed({ mainFrame: true, errorCode: -105 })).toBe(false);
    expect(w.closed).toBe(1);
  });

  it('reads an asynchronous body (Playwright) with its content type', async () => {
    const captures = createLoginCaptures();
    const capture = captures.begin(request(), win('page'));
    captures.onRequest(
      'persist:idp-acme',
      post('page', {
        body: async () => ({
          uploadData: [{ bytes: Buffer.from(formBody) }],
          contentType: 'application/x-www-form-urlencoded',
        }),
      }),
    );
    await expect(capture.result).resolves.toMatchObject({ samlResponse });
  });

  it('cancels every request to AWS sign-in, but captures only a navigation POST of the capture window', async () => {
    const captures = createLoginCaptures();
    const w = win(1);
    const capture = captures.begin(request(), w);
    const partition = 'persist:idp-acme';
    const reads: string[] = [];
    const watched = (name: string, r: ObservedRequest): ObservedRequest => ({
      ...r,
      body: () => {
        reads.push(name);
        return r.body();
      },
    });
    expect(captures.onRequest(partition, watched('other window', post(2)))).toBe('cancel');
    expect(captures.onRequest(partition, watched('fetch', post(1, { navigation: false })))).toBe('cancel');
    expect(captures.onRequest(partition, watched('get', post(1, { method: 'GET' })))).toBe('cancel');
    expect(captures.onRequest(partition, post(1, { url: 'https://signin.aws.amazon.com/console' }))).toBe(
      'cancel',
    );
    expect(captures.onRequest(partition, post(1, { url: 'https://idp.acme.example/login' }))).toBe(
      'continue',
    );
    // Another partition's hook cancels ACS requests too, but they are not this capture's.
    expect(captures.onRequest('persist:idp-other', watched('other partition', post(1)))).toBe('cancel');
    await Promise.resolve();
    expect(reads).toEqual([]);
    expect(w.closed).toBe(0);
    captures.cancel();
    await expect(capture.result).rejects.toMatchObject({ code: 'SESSION_SIGN_IN_CANCELLED' });
  });

  it('cancels an ACS IT configured only while a capture for it runs', async () => {
    const extra = 'https://aws-gateway.acme.example/saml';
    const captures = createLoginCaptures();
    expect(captures.onRequest('persist:idp-acme', post(1, { url: extra }))).toBe('continue');
    const capture = captures.begin(request({ extraAcsUrls: [extra] }), win(1));
    expect(captures.onRequest('persist:idp-acme', post(1, { url: extra }))).toBe('cancel');
    await expect(capture.result).resolves.toMatchObject({ samlResponse });
    expect(captures.onRequest('persist:idp-acme', post(1, { url: acs }))).toBe('cancel');
  });

  it("rejects with the parser's reason when the POST is not a sign-in, and closes the window", async () => {
    const captures = createLoginCaptures();
    const w = win(1);
    const capture = captures.begin(request(), w);
    captures.onRequest(
      'persist:idp-acme',
      post(1, { body: () => ({ uploadData: [], contentType: undefined }) }),
    );
    await expect(capture.result).rejects.toMatchObject({ code: 'SAML_CAPTURE_NO_BODY' });
    expect(w.closed).toBe(1);
  });

  it('keeps one capture at a time: a new one cancels the one before, whose later events are ignored', async () => {
    const captures = createLoginCaptures();
    const first = win(1);
    const a = captures.begin(request(), first);
    const b = captures.begin(request(), win(2));
    await expect(a.result).rejects.toMatchObject({ code: 'SESSION_SIGN_IN_CANCELLED' });
    expect(first.closed).toBe(1);
    // The old window closing, or posting, does not touch the new capture.
    a.windowClosed();
    captures.onRequest('persist:idp-acme', post(1));
    captures.onRequest('persist:idp-acme', post(2));
    await expect(b.result).resolves.toMatchObject({ samlResponse });
  });

  it('cancels when the person closes the window', async () => {
    const captures = createLoginCaptures();
    const capture = captures.begin(request(), win(1));
    capture.windowClosed();
    await expect(capture.result).rejects.toMatchObject({ code: 'SESSION_SIGN_IN_CANCELLED' });
  });

  it('gives up a silent refresh after its timeout (SESSION_NEEDS_USER), and only a silent one', async () => {
    const clock = manualTimers();
    const captures = createLoginCaptures({ silentTimeoutMs: 30_000, timers: clock.timers });
    const visible = captures.begin(request(), win(1));
    expect(clock.count).toBe(0);
    const w = win(2);
    const silent = captures.begin(request({ silent: true }), w);
    await expect(visible.result).rejects.toMatchObject({ code: 'SESSION_SIGN_IN_CANCELLED' });
    clock.advance(29_999);
    expect(w.closed).toBe(0);
    clock.advance(1);
    await expect(silent.result).rejects.toMatchObject({ code: 'SESSION_NEEDS_USER' });
    expect(w.closed).toBe(1);
  });

  it('clears the silent timer when the IdP posts in time', async () => {
    const clock = manualTimers();
    const captures = createLoginCaptures({ timers: clock.timers });
    const capture = captures.begin(request({ silent: true }), win(1));
    expect(clock.count).toBe(1);
    captures.onRequest('persist:idp-acme', post(1));
    await expect(capture.result).resolves.toMatchObject({ samlResponse });
    expect(clock.count).toBe(0);
  });

  it('ignores aborted loads (redirects) and frames, and fails on an unreachable sign-in page', async () => {
    const captures = createLoginCaptures();
    const capture = captures.begin(request(), win(1));
    expect(capture.loadFailed({ mainFrame: true, errorCode: -3 })).toBe(false);
    expect(capture.loadFailed({ mainFrame: true, errorText: 'page.goto: net::ERR_ABORTED at …' })).toBe(
      false,
    );
    expect(capture.loadFailed({ mainFrame: true, errorText: 'Target page has been closed' })).toBe(false);
    expect(capture.loadFailed({ mainFrame: false, errorCode: -105 })).toBe(false);
    expect(capture.loadFailed({ mainFrame: true, errorCode: -105 })).toBe(true);
    await expect(capture.result).rejects.toMatchObject({
      code: 'SESSION_IDP_UNREACHABLE',
      retryable: true,
      message: expect.stringContaining('https://idp.acme.example'),
    });
    const again = captures.begin(request(), win(2));
    expect(again.loadFailed({ mainFrame: true, errorText: 'net::ERR_NAME_NOT_RESOLVED' })).toBe(true);
    await expect(again.result).rejects.toMatchObject({ code: 'SESSION_IDP_UNREACHABLE' });
  });

  it("allows navigation to the IdP's origins and the ACS only", () => {
    const captures = createLoginCaptures();
    const capture = captures.begin(
      request({ extraAcsUrls: ['https://aws-gateway.acme.example/saml'] }),
      win(1),
    );
    expect(capture.allowsNavigation('https://idp.acme.example/other/page')).toBe(true);
    expect(capture.allowsNavigation('https://login.acme.example/mfa')).toBe(true);
    expect(capture.allowsNavigation(acs)).toBe(true);
    expect(capture.allowsNavigation('https://aws-gateway.acme.example/saml')).toBe(true);
    expect(capture.allowsNavigation('https://evil.example/phish')).toBe(false);
    expect(capture.allowsNavigation('http://idp.acme.example/app/aws/sso')).toBe(false);
    expect(capture.allowsNavigation('not a url')).toBe(false);
    captures.cancel();
    void capture.result.catch(() => undefined);
  });
});
