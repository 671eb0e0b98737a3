import { readFirstForm } from './html-forms.ts';

/**
 * A scripted browser for IdP-initiated sign-in: follows redirects with cookies, fills the login
 * form, and stops at the auto-submitting form to the ACS, whose POST it returns instead of sending
 * (the assertion must never reach AWS). Works against the Node IdP and SimpleSAMLphp alike.
 */
export interface CapturedSamlPost {
  /** Base64, exactly as the browser would POST it. */
  samlResponse: string;
  relayState?: string;
  acsUrl: string;
}

export class SignInRefused extends Error {}

class CookieJar {
  readonly #cookies = new Map<string, string>();

  store(response: Response): void {
    for (const cookie of response.headers.getSetCookie()) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      if (at > 0) this.#cookies.set(pair.slice(0, at).trim(), pair.slice(at + 1).trim());
    }
  }

  header(): string {
    return [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

async function browse(
  jar: CookieJar,
  url: string,
  init: RequestInit = {},
): Promise<{ url: string; html: string; status: number }> {
  let current = url;
  let request = init;
  for (let hops = 0; hops < 10; hops += 1) {
    const response = await fetch(current, {
      ...request,
      redirect: 'manual',
      headers: { ...(request.headers as Record<string, string>), cookie: jar.header() },
    });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      await response.arrayBuffer();
      current = new URL(location, current).toString();
      request = {};
      continue;
    }
    return { url: current, html: await response.text(), status: response.status };
  }
  throw new Error(`too many redirects from ${url}`);
}

export async function scriptedSignIn(
  signInUrl: string,
  username: string,
  password: string,
): Promise<CapturedSamlPost> {
  const jar = new CookieJar();
  const loginPage = await browse(jar, signInUrl);
  const loginForm = readFirstForm(loginPage.html, loginPage.url);
  if (!loginForm || !loginForm.inputs.has('password')) {
    throw new Error(`no login form at ${loginPage.url} (HTTP ${loginPage.status})`);
  }
  const fields = new URLSearchParams([...loginForm.inputs]);
  fields.set('username', username);
  fields.set('password', password);
  const answer = await browse(jar, loginForm.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields.toString(),
  });
  const acsForm = readFirstForm(answer.html, answer.url);
  const samlResponse = acsForm?.inputs.get('SAMLResponse');
  if (!acsForm || !samlResponse) {
    throw new SignInRefused(`sign-in as ${username} did not produce a SAML response (HTTP ${answer.status})`);
  }
  const relayState = acsForm.inputs.get('RelayState');
  return { samlResponse, acsUrl: acsForm.action, ...(relayState ? { relayState } : {}) };
}
