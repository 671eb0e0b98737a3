// The README's table of every error code the app can show, generated from the sources so the two
// cannot drift (test/packaging/error-table.test.ts fails when README differs). It reads main/ and core/
// with TypeScript's parser and collects each code with the message written next to it:
//   new SomeError('CODE', `message`)  or any call (code, message) — error classes and factories;
//   { code: 'CODE', message: '…' }      — errors built as values (the dispatcher);
//   CODE: 'message'                      — message tables (keychainMessages);
//   ['CODE', 'message', …]               — mapping tables (STS's AWS error names);
// plus every code declared in a `…ErrorCodes` list, so a declared code without a message shows too.
// Parts computed at run time show as "…"; shared advice constants (advice.askIdpAdmin) are resolved.
//   node scripts/error-table.ts           print the table
//   node scripts/error-table.ts --write   replace it in README.md (between the error-table markers)
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { format } from 'prettier';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '..');
const isCode = (text: string) => /^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$/.test(text) || /^(INTERNAL)$/.test(text);

/** Who can act on a code, by its family; the message itself says what happened and what to do. */
const whoByPrefix: [RegExp, string][] = [
  [/^SAML_/, 'IT: the company sign-in (IdP) administrators'],
  [/^STS_(UNREACHABLE|TIMEOUT|THROTTLED|PROXY|TLS|CA_BUNDLE)/, 'Network: VPN, proxy or CA (IT)'],
  [/^STS_/, "IT: AWS administrators (the role's trust policy, the SAML provider)"],
  [
    /^STORAGE_(OFFLINE|TIMEOUT|THROTTLED|ABORTED|NETWORK|UNREACHABLE|PROXY|TLS|CA_BUNDLE)/,
    'Try again; if it lasts, the network (IT)',
  ],
  [/^STORAGE_(SESSION_EXPIRED|BAD_CREDENTIALS)/, 'Sign in again'],
  [/^STORAGE_CLOCK_SKEW/, "This computer's clock"],
  [/^STORAGE_/, "IT: the project's bucket, prefixes and the role's S3 permissions"],
  [/^(KEYCHAIN_|LOCAL_KEY)/, "This computer's keychain (unlock it, or IT)"],
  [/^LOCAL_/, "This computer: the data folder's disk and permissions"],
  [/^CONFIG_/, 'IT: the organization file or policy (the message names the key)'],
  [/^SESSION_/, 'Sign in again; if it lasts, IT'],
  [/^UPDATE_/, 'IT: the update server'],
  [/^(LABELING_|EXPORT_|BUCKET_|PROJECT_|KEY_|PREFIX_)/, 'The project lead or IT: the project settings'],
  [/^(TASK_|ANNOTATION_)/, 'You (the message says what to do); if it lasts, the project lead'],
  [
    /^(INTERNAL|INVALID_REQUEST|UNKNOWN_CHANNEL|FORBIDDEN_SENDER|DIAGNOSTICS_)/,
    'A fault in the app: Help → Export diagnostics, and send the zip to IT',
  ],
];
const whoFor = (code: string) =>
  whoByPrefix.find(([re]) => re.test(code))?.[1] ?? 'IT (the message names the cause)';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test-support' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** `const NAME = { key: 'text', … }` of a file, so `NAME.key` renders as its text. */
function constantsOf(file: ts.SourceFile): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
      if (ts.isObjectLiteralExpression(init))
        for (const p of init.properties)
          if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && ts.isStringLiteralLike(p.initializer))
            found.set(`${node.name.text}.${p.name.text}`, p.initializer.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The text of a message expression, "…" for what only the running app knows; null: not a text. */
function render(node: ts.Expression, constants: Map<string, string>): string | null {
  if (ts.isStringLiteralLike(node)) return node.text;
  if (ts.isParenthesizedExpression(node)) return render(node.expression, constants);
  if (ts.isTemplateExpression(node))
    return (
      node.head.text +
      node.templateSpans
        .map((span) => (render(span.expression, constants) ?? '…') + span.literal.text)
        .join('')
    );
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = render(node.left, constants);
    const right = render(node.right, constants);
    return left === null && right === null ? null : (left ?? '…') + (right ?? '…');
  }
  if (ts.isPropertyAccessExpression(node)) return constants.get(node.getText()) ?? null;
  return null;
}

/** Each message `node` may be: both sides of a conditional, the written fallback of `??`. */
function renderAll(node: ts.Expression, constants: Map<string, string>): (string | null)[] {
  if (ts.isParenthesizedExpression(node)) return renderAll(node.expression, constants);
  if (ts.isConditionalExpression(node))
    return [...renderAll(node.whenTrue, constants), ...renderAll(node.whenFalse, constants)];
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    return renderAll(node.right, constants);
  return [render(node, constants)];
}

/** Every code with the distinct messages written for it (a declared code may have none). */
export function collectErrors(dirs = ['main', 'core']): Map<string, Set<string>> {
  const errors = new Map<string, Set<string>>();
  const add = (code: string, ...messages: (string | null)[]) => {
    // A status that is not an error (KEYCHAIN_OK) is never shown as one.
    if (!isCode(code) || code.endsWith('_OK')) return;
    const set = errors.get(code) ?? new Set<string>();
    for (const message of messages)
      if (message !== null && message.trim().length > 10 && /\s/.test(message)) set.add(message.trim());
    errors.set(code, set);
  };
  const files = dirs
    .flatMap((d) => sourceFiles(path.join(root, d)))
    .sort()
    .map((name) => ts.createSourceFile(name, readFileSync(name, 'utf8'), ts.ScriptTarget.Latest, true));
  // Shared endings (advice.askIdpAdmin) are imported across files: one table of constants for all.
  const constants = new Map(files.flatMap((file) => [...constantsOf(file)]));
  for (const file of files) {
    const visit = (node: ts.Node) => {
      if (
        (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
        node.arguments &&
        node.arguments.length >= 2
      ) {
        const [code, message] = node.arguments;
        // KeychainError's second argument is a technical detail; its message comes from keychainMessages.
        const detailOnly = ts.isNewExpression(node) && node.expression.getText() === 'KeychainError';
        if (code && ts.isStringLiteralLike(code) && message)
          add(code.text, ...(detailOnly ? [] : renderAll(message, constants)));
      } else if (
        ts.isArrayLiteralExpression(node) &&
        node.elements.length >= 2 &&
        node.elements.length <= 3
      ) {
        // A mapping row ['CODE', 'message', retryable?], not a list of codes.
        const [code, message] = node.elements;
        if (
          code &&
          ts.isStringLiteralLike(code) &&
          message &&
          !(ts.isStringLiteralLike(message) && isCode(message.text))
        )
          add(code.text, ...renderAll(message, constants));
      } else if (ts.isObjectLiteralExpression(node)) {
        const props = new Map(
          node.properties
            .filter(ts.isPropertyAssignment)
            .map((p) => [p.name.getText(), p.initializer] as const),
        );
        const code = props.get('code');
        const message = props.get('message');
        if (code && ts.isStringLiteralLike(code) && message) add(code.text, ...renderAll(message, constants));
        for (const [key, value] of props)
          if (isCode(key) && render(value, constants) !== null) add(key, render(value, constants));
          else if (ts.isStringLiteralLike(value) && isCode(value.text) && /Codes$/.test(declaredName(node)))
            add(value.text);
      }
      if (ts.isVariableDeclaration(node) && /ErrorCodes$/.test(node.name.getText()) && node.initializer) {
        let init: ts.Expression = node.initializer;
        while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
        if (ts.isArrayLiteralExpression(init))
          for (const element of init.elements) if (ts.isStringLiteralLike(element)) add(element.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return errors;
}

function declaredName(node: ts.Node): string {
  let current: ts.Node | undefined = node.parent;
  while (current && (ts.isAsExpression(current) || ts.isSatisfiesExpression(current)))
    current = current.parent;
  return current && ts.isVariableDeclaration(current) ? current.name.getText() : '';
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The markdown table, formatted as README keeps it. */
export async function errorTable(): Promise<string> {
  const errors = collectErrors();
  const rows = [...errors.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, messages]) => {
      const shown = messages.size ? [...messages].map(cell).join('<br>') : '(the message names the cause)';
      return `| \`${code}\` | ${shown} | ${whoFor(code)} |`;
    });
  const table = ['| code | what the app says | who can fix it |', '| --- | --- | --- |', ...rows].join('\n');
  return (await format(table, { parser: 'markdown', printWidth: 110, proseWrap: 'preserve' })).trim();
}

export const markers = ['<!-- error-table:start -->', '<!-- error-table:end -->'] as const;

/** README with its error table replaced by `table`. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(markers[0]);
  const end = readme.indexOf(markers[1]);
  if (start < 0 || end < start) throw new Error(`README.md has no ${markers[0]} … ${markers[1]} section.`);
  return `${readme.slice(0, start + markers[0].length)}\n\n${table}\n\n${readme.slice(end)}`;
}

if (import.meta.main) {
  const table = await errorTable();
  if (process.argv.includes('--write')) {
    const readmePath = path.join(root, 'README.md');
    writeFileSync(readmePath, withTable(readFileSync(readmePath, 'utf8'), table));
    console.log(`README.md: ${table.split('\n').length - 2} error codes`);
  } else console.log(table);
}
