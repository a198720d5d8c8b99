// After `cdk synth`: proves that no Lambda bundle carries the local runtime (its login, its
// signing key handling, its `_local` routes). Those live in local/, which no handler imports.
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

const out = join(import.meta.dirname, '..', 'cdk.out');
const forbidden = ['dossier-local', '/api/_local', '/api/auth/login', 'DEMO_PASSWORD'];
// The SDK's full credential chain (SSO, ini files, web identity: with their STS and SSO clients)
// is replaced in the bundles by the environment credentials Lambda provides
// (infra/bundling/lambda-credentials.ts); its log line shows it came back.
const credentialChain = 'defaultProvider::fromSSO';
const bundles = readdirSync(out)
  .filter((dir) => dir.startsWith('asset.') && existsSync(join(out, dir, 'index.mjs')))
  .map((dir) => join(out, dir, 'index.mjs'));
if (bundles.length === 0) {
  console.error('no Lambda bundle found in cdk.out: run cdk synth first');
  process.exit(1);
}
const leaks = bundles.flatMap((file) => {
  const code = readFileSync(file, 'utf8');
  return [...forbidden, credentialChain].filter((marker) => code.includes(marker)).map((marker) => `${file}: ${marker}`);
});
// Every bundle carries the decision tables' first versions (copied by the bundling's command hook).
const withoutRules = bundles.filter(
  (file) => !existsSync(join(file, '..', 'rules', 'required-documents.dmn')) || !existsSync(join(file, '..', 'shared', 'notifications', 'locales', 'zh-Hant.json')),
);
if (withoutRules.length) {
  console.error(`Lambda bundles without rules/ or shared/notifications/locales/: ${withoutRules.join(', ')}`);
  process.exit(1);
}
if (leaks.length) {
  console.error(`local-only code or the SDK's full credential chain found in AWS bundles:\n${leaks.join('\n')}`);
  process.exit(1);
}
// Each function's bundle against its budget (bench/cold-start-budgets.json, the figures the
// cold-start bench holds it to) and under the ceiling no function may pass, so a heavier import
// shows here, in `npm test`, not only when someone runs the bench.
// 820 since the coverage check: the functions that carry every case type's descriptor and the
// lifecycle's waiting states (review-document, create-task) reached 800 with its task kind.
const CEILING_KB = 820;
const budgets = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'bench', 'cold-start-budgets.json'), 'utf8'));
const template = JSON.parse(readFileSync(join(out, 'Dossier.template.json'), 'utf8'));
const sized = Object.values(template.Resources).flatMap((resource) => {
  const id = /^Dossier\/Functions\/([^/]+)\/Resource$/.exec(resource.Metadata?.['aws:cdk:path'] ?? '')?.[1];
  const asset = resource.Metadata?.['aws:asset:path'];
  if (resource.Type !== 'AWS::Lambda::Function' || !id || !asset) return [];
  const kb = statSync(join(out, asset, 'index.mjs')).size / 1024;
  const limit = Math.min(CEILING_KB, budgets.functions[id]?.bundleKb ?? budgets.default.bundleKb);
  return [{ id, kb, limit }];
});
const heavy = sized.filter((f) => f.kb > f.limit);
if (sized.length === 0 || heavy.length) {
  console.error(sized.length ? `Lambda bundles over budget:\n${heavy.map((f) => `${f.id}: ${f.kb.toFixed(0)} kB > ${f.limit} kB`).join('\n')}` : 'no function bundle found in the template');
  process.exit(1);
}
const median = sized.map((f) => f.kb).sort((a, b) => a - b)[Math.floor(sized.length / 2)];
console.log(
  `${bundles.length} Lambda bundles checked: no local-only code, no SDK credential chain, decision tables and notification languages included; ${sized.length} functions within their size budgets (median ${median.toFixed(0)} kB)`,
);
