// `npm run policy-templates` (and `npm run dist`): writes the Group Policy and MDM templates generated
// from the policy schema to release/policy-templates/, for IT to import.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { admlTemplate, admxTemplate, mobileconfigTemplate } from '../main/config/policy/policy-templates.ts';

const out = path.resolve(import.meta.dirname, '../release/policy-templates');
mkdirSync(path.join(out, 'en-US'), { recursive: true });
writeFileSync(path.join(out, 'FederatedAnnotator.admx'), admxTemplate());
writeFileSync(path.join(out, 'en-US', 'FederatedAnnotator.adml'), admlTemplate());
writeFileSync(path.join(out, 'FederatedAnnotator.example.mobileconfig'), mobileconfigTemplate());
console.log(`policy templates written to ${out}`);
