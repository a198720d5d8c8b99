// After `cdk synth`: proves that no Lambda bundle carries the local runtime (its login, its
// signing key handling, its `_local` routes). Those live in local/, which no handler imports.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
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
const withoutRules = bundles.filter((file) => !existsSync(join(file, '..', 'rules', 'required-documents.dmn')));
if (withoutRules.length) {
  console.error(`Lambda bundles without rules/: ${withoutRules.join(', ')}`);
  process.exit(1);
}
if (leaks.length) {
  console.error(`local-only code or the SDK's full credential chain found in AWS bundles:\n${leaks.join('\n')}`);
  process.exit(1);
}
console.log(`${bundles.length} Lambda bundles checked: no local-only code, no SDK credential chain, decision tables included`);
