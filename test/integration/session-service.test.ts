/**
 * The session service against the lab (Node IdP, STS): how roles are chosen, what is stored, how a
 * session is extended or ends, and that STS is never called with a response that failed verification.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  SessionService,
  type LoginWindowPort,
  type SessionServiceOptions,
} from '../../main/auth/session-service.ts';
import { createSamlVerifier } from '../../main/auth/saml-verifier.ts';
import { createStsClient, type AssumeRoleRequest } from '../../main/auth/sts-client.ts';
import { parseOrganizationConfig } from '../../main/config/organization.ts';
import { MemorySecretStore } from '../../main/secrets/memory-store.ts';
import { KeychainError, type SecretStore } from '../../main/secrets/secret-store.ts';
import { SessionVault } from '../../main/secrets/session-vault.ts';
import { startLab, type Lab } from '../lab/lab.ts';
import { labOrganization } from '../lab/app-organization.ts';

let lab: Lab;
beforeAll(async () => {
  lab = await startLab({ idp: 'node' });
}, 30_000);
afterAll(() => lab?.close());

/** Signs in at the lab IdP as `user` (the scripted client), like a person in the sign-in window. */
function scriptedLogin(user: { name: string }) {
  const calls: { silent: boolean }[] = [];
  const port: LoginWindowPort & {
    calls: typeof calls;
    failSilent: boolean;
    /** When set, a silent capture waits for it (a refresh "in flight"). */
    holdSilent: Promise<void> | null;
    cancels: number;
  } = {
    calls,
    failSilent: false,
    holdSilent: null,
    cancels: 0,
    async capture(request) {
      calls.push({ silent: request.silent });
      if (request.silent && port.failSilent)
        throw Object.assign(new Error('needs user'), { code: 'SESSION_NEEDS_USER' });
      const post = await lab.idp.signIn(user.name, lab.password);
      if (request.silent && port.holdSilent) await port.holdSilent;
      return post;
    },
    cancel: () => void port.cancels++,
    clear: async () => undefined,
  };
  return port;
}

type Timer = { fn: () => void; at: number };

function setup(
  username: string,
  org: Record<string, unknown> = {},
  store: SecretStore = new MemorySecretStore(),
) {
  let now = Date.now();
  const timers: Timer[] = [];
  const user = { name: username };
  const login = scriptedLogin(user);
  const sts = createStsClient({ region: lab.sts.region, endpoint: lab.sts.endpoint });
  const stsRequests: AssumeRoleRequest[] = [];
  const organization = parseOrganizationConfig({ ...labOrganization(lab, { id: 'lab' }), ...org }, 'test');
  const vault = new SessionVault({ store, now: () => now });
  const changes: string[] = [];
  const options: SessionServiceOptions = {
    organization,
    vault,
    keychain: { code: 'KEYCHAIN_OK', message: 'ok', persistent: true },
    loginWindow: login,
    loadVerifier: async () =>
      createSamlVerifier({ idpMetadataXml: lab.idp.metadataXml, now: () => new Date(now) }),
    sts: {
      assumeRoleWithSaml: (request) => {
        stsRequests.push(request);
        return sts.assumeRoleWithSaml(request);
      },
    },
    onChange: () => changes.push(service.state.status),
    now: () => now,
    random: () => 0.5,
    timers: {
      set: (fn, ms) => timers.push({ fn, at: now + ms }) - 1,
      clear: (h) => timers.splice(h as number, 1, { fn: () => undefined, at: Infinity }),
    },
  };
  const service = new SessionService(options);
  return {
    service,
    vault,
    login,
    stsRequests,
    changes,
    user,
    /**
     * The app's clock. Tests reckon time with it only, never with Date.now(): the real clock keeps
     * running while the lab signs in, so under load "expiry - Date.now()" falls short of the expiry.
     */
    now: () => now,
    /** Time passes for the app and for the lab (IdP and STS) alike. */
    advance: (ms: number) => {
      now += ms;
      lab.clock.advance(ms / 1000);
    },
    /** Runs the timers due by now (the refresh, the expiry). */
    async runDueTimers() {
      for (const timer of timers.filter((t) => t.at <= now)) {
        timer.at = Infinity;
        timer.fn();
        // A refresh signs in, verifies and calls STS: wait until it has settled, however long it takes.
        await vi.waitFor(
          () => {
            if (service.state.status === 'signed-in' && service.state.refresh === 'refreshing')
              throw new Error('refreshing');
          },
          { timeout: 15_000, interval: 20 },
        );
      }
    },
    pendingTimers: () => timers.filter((t) => t.at !== Infinity).map((t) => t.at - now),
  };
}

beforeEach(() => lab.clock.reset());

describe('choosing the role', () => {
  it('signs in directly when the IdP asserts one role, and stores credentials with the identity', async () => {
    const { service, vault, stsRequests } = setup('annotator');
    await service.signIn();
    expect(service.state).toMatchObject({
      status: 'signed-in',
      identity: {
        role: { roleName: 'VisionAnnotator', accountLabel: 'Vision team' },
        sessionName: 'annotator@corp.example',
      },
    });
    expect(stsRequests.map((r) => r.roleArn)).toEqual([lab.roles.visionAnnotator.arn]);
    const stored = await vault.loadCredentials('lab', lab.roles.visionAnnotator.arn);
    expect(stored?.accessKeyId).toMatch(/^ASIA/);
    expect(stored?.identity?.roleSessionName).toBe('annotator@corp.example');
    expect(await vault.lastRole('lab')).toBe(lab.roles.visionAnnotator.arn);
    expect(await vault.loadAssertion('lab')).not.toBeNull();
  });

  it('offers several roles, suggests the last one, and refuses a role it did not offer', async () => {
    const { service, vault } = setup('multi');
    await vault.setLastRole('lab', lab.roles.languageAnnotator.arn);
    await service.signIn();
    expect(service.state.status).toBe('choosing-role');
    if (service.state.status !== 'choosing-role') return;
    expect(service.state.roles.map((r) => r.roleName).sort()).toEqual([
      'LanguageAnnotator',
      'VisionAnnotator',
      'VisionReviewer',
    ]);
    expect(service.state.suggestedRoleArn).toBe(lab.roles.languageAnnotator.arn);
    await expect(service.chooseRole('arn:aws:iam::111122223333:role/Admin')).rejects.toMatchObject({
      code: 'SESSION_ROLE_NOT_OFFERED',
    });
    await service.chooseRole(lab.roles.visionReviewer.arn);
    expect(service.state).toMatchObject({
      status: 'signed-in',
      identity: { role: { roleName: 'VisionReviewer' } },
    });
  });

  it('uses the pinned role without asking, and hides roles IT did not allow', async () => {
    const pinned = setup('multi', {
      aws: { ...labOrganization(lab).aws, pinnedRole: lab.roles.visionReviewer.arn },
    });
    await pinned.service.signIn();
    expect(pinned.service.state).toMatchObject({
      status: 'signed-in',
      identity: { role: { roleName: 'VisionReviewer' } },
    });

    const restricted = setup('multi', {
      aws: { ...labOrganization(lab).aws, allowedRoles: ['arn:aws:iam::111122223333:role/Vision*'] },
    });
    await restricted.service.signIn();
    expect(
      restricted.service.state.status === 'choosing-role' &&
        restricted.service.state.roles.map((r) => r.roleName).sort(),
    ).toEqual(['VisionAnnotator', 'VisionReviewer']);

    const none = setup('annotator', {
      aws: { ...labOrganization(lab).aws, allowedRoles: ['arn:aws:iam::*:role/Nothing'] },
    });
    await expect(none.service.signIn()).rejects.toMatchObject({ code: 'SESSION_NO_ALLOWED_ROLE' });
    expect(none.stsRequests).toEqual([]);
    expect(none.service.state.status).toBe('signed-out');
  });

  it('never calls STS with a response that failed verification', async () => {
    const { service, stsRequests } = setup('noroles');
    await expect(service.signIn()).rejects.toMatchObject({ code: 'SAML_NO_ROLES' });
    const badName = setup('badname');
    await expect(badName.service.signIn()).rejects.toMatchObject({ code: 'SAML_BAD_SESSION_NAME' });
    expect([...stsRequests, ...badName.stsRequests]).toEqual([]);
  });

  it('expires a role choice that waited past the assertion lifetime', async () => {
    const { service, advance } = setup('multi');
    await service.signIn();
    advance(60 * 60_000);
    await expect(service.chooseRole(lab.roles.visionAnnotator.arn)).rejects.toMatchObject({
      code: 'SESSION_SIGN_IN_EXPIRED',
    });
    expect(service.state).toMatchObject({
      status: 'signed-out',
      notice: { code: 'SESSION_SIGN_IN_EXPIRED' },
    });
  });
});

describe('session length', () => {
  it('asks min(SessionDuration, IT maximum); the role maximum is searched for (main/auth/session-duration.test.ts)', async () => {
    const short = setup('shortsession');
    await short.service.signIn();
    expect(short.stsRequests[0]).toMatchObject({ idpSessionSeconds: 900, maxSessionSeconds: 43200 });
    const state = short.service.state;
    expect(
      state.status === 'signed-in' && Date.parse(state.identity.expiresAt) - Date.now(),
    ).toBeLessThanOrEqual(900_000 + 5_000);
  });
});

describe('refresh and expiry', () => {
  it('extends the session in the background before it ends, with the same role', async () => {
    const s = setup('annotator');
    await s.service.signIn();
    const first = s.service.credentials();
    const [delay] = s.pendingTimers();
    // 5 minutes before the hour, minus up to 1 minute of jitter (random() = 0.5 → 30 s).
    expect(delay).toBeGreaterThan(first.expiration.getTime() - s.now() - 6 * 60_000);
    expect(delay).toBeLessThan(first.expiration.getTime() - s.now() - 5 * 60_000 + 1);
    s.advance(delay!);
    await s.runDueTimers();
    expect(s.login.calls.at(-1)).toEqual({ silent: true });
    const second = s.service.credentials();
    expect(second.accessKeyId).not.toBe(first.accessKeyId);
    expect(second.roleArn).toBe(first.roleArn);
    expect(s.service.state).toMatchObject({ status: 'signed-in', refresh: 'scheduled' });
  });

  it('asks the annotator to sign in again when the IdP needs them, then ends the session at expiry', async () => {
    const s = setup('annotator');
    await s.service.signIn();
    s.login.failSilent = true;
    const expires = s.service.credentials().expiration.getTime();
    s.advance(s.pendingTimers()[0]!);
    await s.runDueTimers();
    expect(s.service.state).toMatchObject({ status: 'signed-in', refresh: 'needs-sign-in' });
    s.advance(expires - s.now() + 1_000);
    await s.runDueTimers();
    expect(s.service.state).toMatchObject({ status: 'signed-out', notice: { code: 'SESSION_EXPIRED' } });
    expect(() => s.service.credentials()).toThrow(/session has ended/);
  });

  it('refreshes on demand (S3 said ExpiredToken) and fails clearly when the IdP needs the annotator', async () => {
    const s = setup('annotator');
    await s.service.signIn();
    const first = s.service.credentials();
    const [a, b] = await Promise.all([s.service.refreshNow(), s.service.refreshNow()]);
    expect(a.accessKeyId).not.toBe(first.accessKeyId);
    expect(b.accessKeyId).toBe(a.accessKeyId);
    expect(s.login.calls.filter((c) => c.silent)).toHaveLength(1);
    s.login.failSilent = true;
    await expect(s.service.refreshNow()).rejects.toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(s.service.state).toMatchObject({ status: 'signed-in', refresh: 'needs-sign-in' });
  });

  it('signing out during a background refresh keeps it signed out: nothing is written back', async () => {
    const store = new MemorySecretStore();
    const s = setup('annotator', {}, store);
    await s.service.signIn();
    let release!: () => void;
    s.login.holdSilent = new Promise((resolve) => (release = resolve));
    const refreshing = s.service.refreshNow().catch((error: unknown) => error);
    await vi.waitFor(() => expect(s.login.calls.filter((c) => c.silent)).toHaveLength(1));
    await s.service.signOut();
    expect(s.login.cancels).toBeGreaterThan(0);
    release();
    // Whoever waited for the refresh (an S3 call) learns the session has ended.
    expect(await refreshing).toMatchObject({ code: 'SESSION_EXPIRED' });
    expect(s.service.state.status).toBe('signed-out');
    expect(await store.list()).toEqual([]);
  });

  it('restores unexpired credentials at start and shows the identity without calling STS', async () => {
    const store = new MemorySecretStore();
    const a = setup('annotator', {}, store);
    await a.service.signIn();
    const b = setup('annotator', {}, store);
    await b.service.restore();
    expect(b.service.state).toMatchObject({
      status: 'signed-in',
      identity: { sessionName: 'annotator@corp.example' },
    });
    expect(b.stsRequests).toEqual([]);
    expect(b.login.calls).toEqual([]);
  });
});

describe('keychain failures', () => {
  it('keeps working in memory when the keychain locks mid-session, and says so', async () => {
    const store = new MemorySecretStore();
    const locked = new KeychainError('KEYCHAIN_LOCKED', 'Cannot create an item in a locked collection');
    const failing: SecretStore = {
      ...store,
      probe: () => store.probe(),
      get: (a) => store.get(a),
      list: () => store.list(),
      delete: (a) => store.delete(a),
      clear: () => store.clear(),
      set: async () => {
        throw locked;
      },
    };
    const s = setup('annotator', {}, failing);
    await s.service.signIn();
    expect(s.service.state.status).toBe('signed-in');
    expect(s.service.keychain).toMatchObject({ code: 'KEYCHAIN_LOCKED', persistent: false });
    expect(s.service.credentials().accessKeyId).toMatch(/^ASIA/);
  });
});
