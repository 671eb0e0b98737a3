/**
 * One logger per module (`createLogger('ipc')`). Every line passes through `redact` first, so a secret
 * that slips into an error message (an AWS key id, a session token, a SAML response) never reaches a
 * log file. Sinks are pluggable so tests can read everything that was logged.
 */
export type Level = 'debug' | 'info' | 'warn' | 'error';
export type LogSink = (line: { level: Level; scope: string; message: string; time: string }) => void;

const consoleSink: LogSink = ({ level, scope, message, time }) => {
  const text = `${time} ${level.toUpperCase()} [${scope}] ${message}`;
  if (level === 'error' || level === 'warn') console.error(text);
  else console.log(text);
};

let sinks: LogSink[] = [consoleSink];

/** Replaces the sinks (the shell adds a file sink; tests capture lines). Returns the previous ones. */
export function setLogSinks(next: LogSink[]): LogSink[] {
  const previous = sinks;
  sinks = next;
  return previous;
}

const secretPatterns: [RegExp, string][] = [
  // AWS access key ids (long-term AKIA, temporary ASIA) and anything that looks like a secret key.
  [/\b(A[KS]IA)[A-Z0-9]{12,}\b/g, '$1…[redacted]'],
  [/\b(aws_?secret_?access_?key|secretAccessKey|SecretAccessKey)(["':=\s]+)[^\s"',}]+/gi, '$1$2[redacted]'],
  [
    /\b(sessionToken|SessionToken|x-amz-security-token|X-Amz-Security-Token)(["':=\s]+)[^\s"'&,}]+/gi,
    '$1$2[redacted]',
  ],
  [/\b(X-Amz-Signature|Signature)=[0-9a-f]{16,}/gi, '$1=[redacted]'],
  [/\b(SAMLResponse|SAMLAssertion)(["':=\s]+)[^\s"'&,}]+/gi, '$1$2[redacted]'],
  // A base64 SAML response (starts with "<samlp:Response" or "<saml2p:Response" encoded) on its own.
  [/PHNhbWxwOlJlc3BvbnNl[A-Za-z0-9+/=]+|PHNhbWwycDpSZXNwb25zZ[A-Za-z0-9+/=]+/g, '[redacted SAML]'],
  // Whatever comes before the host in a URL (an HTTPS_PROXY of http://user:password@proxy:8080, a
  // token as the user name, a password with an @ in it): up to the last @ before the path.
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, '$1[redacted]@'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of secretPatterns) out = out.replace(pattern, replacement);
  return out;
}

function format(parts: unknown[]): string {
  return parts
    .map((p) => {
      if (p instanceof Error) return `${p.name}: ${p.message}`;
      if (typeof p === 'string') return p;
      try {
        return JSON.stringify(p);
      } catch {
        return String(p);
      }
    })
    .join(' ');
}

export interface Logger {
  debug(...parts: unknown[]): void;
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

export function createLogger(scope: string): Logger {
  const write = (level: Level, parts: unknown[]) => {
    const line = { level, scope, message: redact(format(parts)), time: new Date().toISOString() };
    for (const sink of sinks) sink(line);
  };
  return {
    debug: (...p) => write('debug', p),
    info: (...p) => write('info', p),
    warn: (...p) => write('warn', p),
    error: (...p) => write('error', p),
  };
}
