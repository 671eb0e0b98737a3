import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateSamlSchema } from './saml-schema.ts';

const valid =
  '<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0" ' +
  'IssueInstant="2026-03-02T10:00:00Z"><samlp:Status><samlp:StatusCode ' +
  'Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:Response>';
const invalid = valid.replace(' Version="2.0"', '');

describe('the warm schema validator', () => {
  it('gives each of many concurrent responses its own verdict', async () => {
    const inputs = Array.from({ length: 12 }, (_, i) => (i % 3 === 0 ? invalid : valid));
    const verdicts = await Promise.all(
      inputs.map((xml) =>
        validateSamlSchema(xml).then(
          () => 'valid',
          (error: { code?: string }) => error.code,
        ),
      ),
    );
    expect(verdicts).toEqual(inputs.map((xml) => (xml === valid ? 'valid' : 'SAML_SCHEMA_INVALID')));
  });

  it('keeps a process alive until its answer arrives, and lets it exit afterwards', () => {
    const schemaModule = path.join(import.meta.dirname, 'saml-schema.ts');
    const script =
      `const { validateSamlSchema } = await import(${JSON.stringify(schemaModule)});` +
      `console.log(await validateSamlSchema(${JSON.stringify(valid)}));`;
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(output.trim()).toBe('true');
  });
});
