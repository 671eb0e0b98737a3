/**
 * SAML 2.0 schema validation, registered as samlify's schema validator. It runs xmllint (WASM, kept
 * warm: see xmllint-worker.ts) with the schema set shipped by @authenio/samlify-xmllint-wasm instead
 * of that package's `validate`, which re-reads the schemas and recompiles the WASM on every call and
 * prints xmllint's findings (fragments of the response) to the console; here the schemas are read
 * once and findings stay in the error's cause.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setSchemaValidator } from 'samlify';
import { SamlError, advice } from './saml-errors.ts';
import { runXmllint, warmXmllint, type XmlFile } from './xmllint-worker.ts';

// The protocol schema comes first: it is the one validated against; the others are its imports.
const schemaFiles = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'datatypes.dtd',
  'XMLSchema.dtd',
];

let schemas: Promise<XmlFile[]> | undefined;

function loadSchemas(): Promise<XmlFile[]> {
  schemas ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('@authenio/samlify-xmllint-wasm');
    const dir = path.join(path.dirname(entry), 'schemas');
    return Promise.all(
      schemaFiles.map(async (fileName) => ({
        fileName,
        contents: await readFile(path.join(dir, fileName), 'utf8'),
      })),
    );
  })();
  return schemas;
}

function uncheckable(cause: unknown): SamlError {
  return new SamlError(
    'SAML_SCHEMA_INVALID',
    `The sign-in response could not be checked against the SAML schema. ${advice.retry}`,
    { cause },
  );
}

/** Gets the validator ready (worker started, WASM compiled, schemas read) ahead of the first response. */
export function warmSamlSchema(): void {
  warmXmllint();
  void loadSchemas().catch(() => undefined);
}

export async function validateSamlSchema(xml: string): Promise<true> {
  let result: { exitCode: number; stderr: string };
  try {
    const [schema, ...preload] = await loadSchemas();
    result = await runXmllint({ fileName: 'response.xml', contents: xml }, schema as XmlFile, preload);
  } catch (cause) {
    throw uncheckable(cause);
  }
  if (result.exitCode === 0) return true;
  // 3 and 4 are xmllint's "does not validate"; any other code means the check itself did not run.
  if (result.exitCode !== 3 && result.exitCode !== 4) throw uncheckable(new Error(result.stderr));
  throw new SamlError(
    'SAML_SCHEMA_INVALID',
    `The sign-in response does not follow the SAML 2.0 schema, so it cannot be trusted. ${advice.retry}`,
    { cause: new Error(result.stderr.slice(0, 4000)) },
  );
}

setSchemaValidator({ validate: validateSamlSchema });
