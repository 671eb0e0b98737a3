import { escapeXml } from '../http-util.ts';

/** The Node IdP's two pages: a login form and the auto-submitting POST to the ACS, as real IdPs send. */
export function loginPage(options: { action: string; relayState?: string; error?: string }): string {
  const relay = options.relayState
    ? `<input type="hidden" name="RelayState" value="${escapeXml(options.relayState)}">`
    : '';
  const error = options.error ? `<p class="error" role="alert">${escapeXml(options.error)}</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Corp sign-in (federation lab)</title>
<style>body{font-family:sans-serif;max-width:22rem;margin:4rem auto}label,input,button{display:block;width:100%;margin:.4rem 0}.error{color:#b00}</style>
</head><body><h1>Corp sign-in</h1>${error}
<form method="post" action="${escapeXml(options.action)}">
<label for="username">Username</label><input id="username" name="username" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
${relay}<button type="submit">Sign in</button></form></body></html>`;
}

export function autoPostPage(acsUrl: string, samlResponse: string, relayState?: string): string {
  const relay = relayState ? `<input type="hidden" name="RelayState" value="${escapeXml(relayState)}">` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Signing in to AWS…</title></head>
<body onload="document.forms[0].submit()"><form method="post" action="${escapeXml(acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeXml(samlResponse)}">${relay}
<noscript><button type="submit">Continue</button></noscript></form></body></html>`;
}

export interface HtmlForm {
  action: string;
  method: string;
  inputs: Map<string, string>;
}

function decodeEntities(value: string): string {
  return value
    .replace(/&#x([0-9a-f]+);/gi, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/&#(\d+);/g, (_, dec: string) => String.fromCodePoint(Number(dec)))
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&');
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)')`, 'i').exec(tag);
  const raw = match?.[2] ?? match?.[3];
  return raw === undefined ? undefined : decodeEntities(raw);
}

/** The first form of a page with its named inputs: enough for IdP login and ACS post pages. */
export function readFirstForm(html: string, pageUrl: string): HtmlForm | undefined {
  const formMatch = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!formMatch) return undefined;
  const formTag = /<form\b[^>]*>/i.exec(formMatch[0])?.[0] ?? '';
  const inputs = new Map<string, string>();
  for (const [tag] of (formMatch[1] ?? '').matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(tag, 'name');
    if (name) inputs.set(name, attribute(tag, 'value') ?? '');
  }
  return {
    action: new URL(attribute(formTag, 'action') ?? pageUrl, pageUrl).toString(),
    method: (attribute(formTag, 'method') ?? 'get').toLowerCase(),
    inputs,
  };
}
