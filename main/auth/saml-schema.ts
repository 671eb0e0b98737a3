/**
 * SAML 2.0 schema validation, registered as samlify's schema validator. It calls xmllint-wasm with
 * the schema set shipped by @authenio/samlify-xmllint-wasm instead of that package's `validate`,
 * which re-reads the schemas on every call and prints xmllint's findings (fragments of the
 * response) to the console; here the schemas are read once and findings stay in the error's cause.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setSchemaValidator } from 'samlify';
import { validateXML } from 'xmllint-wasm';
import { SamlError, advice } from './saml-errors.ts';

// The protocol schema comes first: it is the one validated against; the others are its imports.
const schemaFiles = [
  'saml-schema-protocol-2.0.xsd',
  'saml-schema-assertion-2.0.xsd',
  'xmldsig-core-schema.xsd',
  'xenc-schema.xsd',
  'datatypes.dtd',
  'XMLSchema.dtd',
];

let schemas: Promise<{ fileName: string; contents: string }[]> | undefined;

function loadSchemas(): Promise<{ fileName: string; contents: string }[]> {
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

export async function validateSamlSchema(xml: string): Promise<true> {
  const [schema, ...preload] = await loadSchemas();
  let findings: string;
  try {
    const result = await validateXML({
      xml: [{ fileName: 'response.xml', contents: xml }],
      extension: 'schema',
      schema: [schema as { fileName: string; contents: string }],
      preload,
    });
    if (result.valid) return true;
    findings = result.errors.map((error) => error.message).join('\n');
  } catch (cause) {
    throw new SamlError(
      'SAML_SCHEMA_INVALID',
      `The sign-in response could not be checked against the SAML schema. ${advice.retry}`,
      {
        cause,
      },
    );
  }
  throw new SamlError(
    'SAML_SCHEMA_INVALID',
    `The sign-in response does not follow the SAML 2.0 schema, so it cannot be trusted. ${advice.retry}`,
    { cause: new Error(findings) },
  );
}

setSchemaValidator({ validate: validateSamlSchema });
