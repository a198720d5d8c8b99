// Cold start of each registry function: its bundle, built with the same esbuild options as the
// CDK stack (infra/constructs/dossier-function.ts), and the time a fresh Node process takes to
// import it (module initialisation: what a cold Lambda pays before the first event), the median
// of several samples. Each figure is held against the function's budget in
// bench/cold-start-budgets.json; a function over budget fails the bench (exit code 1).
// The metafiles are written beside the bundles (.local/bench/cold-start/<id>/) for esbuild's analyser.
// `-- <function id>...` measures only those.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { functions } from '../functions/registry.js';
import { BUNDLE_ALIASES, BUNDLE_BANNER, BUNDLE_MAIN_FIELDS, BUNDLE_TARGET } from '../infra/bundling/lambda-bundle.js';

const ROOT = join(import.meta.dirname, '..');
const OUT = join(ROOT, '.local', 'bench', 'cold-start');
const SAMPLES = 5;

interface Budget {
  readonly bundleKb: number;
  readonly initMs: number;
}
const budgets = JSON.parse(readFileSync(join(import.meta.dirname, 'cold-start-budgets.json'), 'utf8')) as {
  readonly default: Budget;
  readonly functions: Readonly<Record<string, Partial<Budget>>>;
};

/** The bundle as `cdk synth` makes it: ESM, node22, minified, source map, everything bundled. */
async function bundle(id: string, entry: string): Promise<string> {
  const dir = join(OUT, id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const result = await build({
    entryPoints: [join(ROOT, entry)],
    outfile: join(dir, 'index.mjs'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    minify: true,
    sourcemap: true,
    mainFields: BUNDLE_MAIN_FIELDS,
    banner: { js: BUNDLE_BANNER },
    alias: BUNDLE_ALIASES,
    absWorkingDir: ROOT,
    metafile: true,
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'metafile.json'), JSON.stringify(result.metafile));
  // The decision tables travel with every bundle (the command hook of the CDK bundling).
  cpSync(join(ROOT, 'rules'), join(dir, 'rules'), { recursive: true });
  return join(dir, 'index.mjs');
}

/** Milliseconds to import the bundle in a fresh process, with the environment Lambda would give. */
function initMs(file: string): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); process.stdout.write(String(performance.now() - t));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: join(file, '..'),
    encoding: 'utf8',
    env: { PATH: process.env.PATH, AWS_REGION: 'eu-west-3', POWERTOOLS_SERVICE_NAME: 'dossier', POWERTOOLS_LOG_LEVEL: 'INFO', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  });
  if (run.status !== 0) throw new Error(`importing ${file} failed: ${run.stderr}`);
  return Number(run.stdout);
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const measured = functions.filter((f) => wanted.length === 0 || wanted.includes(f.id));
const over: string[] = [];
console.log(`${'function'.padEnd(26)} ${'bundle'.padStart(9)} ${'budget'.padStart(8)}   ${'init'.padStart(8)} ${'budget'.padStart(8)}`);
const rows: { id: string; kb: number; ms: number }[] = [];
for (const spec of measured) {
  const file = await bundle(spec.id, spec.entry);
  const kb = statSync(file).size / 1024;
  initMs(file); // a first import warms the file system cache, as a Lambda's image is warm
  const samples = Array.from({ length: SAMPLES }, () => initMs(file)).sort((a, b) => a - b);
  const ms = samples[Math.floor(SAMPLES / 2)]!;
  const budget = { ...budgets.default, ...budgets.functions[spec.id] };
  const fails = [kb > budget.bundleKb ? 'bundle' : '', ms > budget.initMs ? 'init' : ''].filter(Boolean);
  if (fails.length) over.push(`${spec.id} (${fails.join(', ')})`);
  rows.push({ id: spec.id, kb, ms });
  console.log(
    `${spec.id.padEnd(26)} ${kb.toFixed(0).padStart(6)} kB ${String(budget.bundleKb).padStart(5)} kB   ${ms.toFixed(0).padStart(5)} ms ${String(budget.initMs).padStart(5)} ms${fails.length ? '  OVER BUDGET' : ''}`,
  );
}
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const kbs = sorted(rows.map((r) => r.kb));
const mss = sorted(rows.map((r) => r.ms));
const mid = Math.floor(rows.length / 2);
console.log(`${rows.length} functions: bundle median ${kbs[mid]!.toFixed(0)} kB (largest ${kbs.at(-1)!.toFixed(0)} kB), init median ${mss[mid]!.toFixed(0)} ms (slowest ${mss.at(-1)!.toFixed(0)} ms); largest / median bundle ${(kbs.at(-1)! / kbs[mid]!).toFixed(2)}`);
if (over.length) {
  console.log(`over budget: ${over.join(', ')}`);
  process.exitCode = 1;
} else {
  console.log('every function within its budget');
}
