// `npm run bench [name]`: runs every bench/*.bench.ts (or the named ones) one after the other.
// Each bench prints ratios measured within its own run, because machines here are noisy.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

// Arguments naming a bench (the start of its file name) choose it; the rest (`--quick`, `--intake`,
// the cold-start bench's function ids) go to each bench chosen.
const files = readdirSync(import.meta.dirname).filter((f) => f.endsWith('.bench.ts'));
const args = process.argv.slice(2);
const namesBench = (a: string) => !a.startsWith('-') && files.some((f) => f.startsWith(a));
const wanted = args.filter(namesBench);
const options = args.filter((a) => !namesBench(a));
const benches = files.filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w))).sort();

if (benches.length === 0) {
  console.log(wanted.length ? `No bench matches ${wanted.join(', ')}.` : 'No benchmarks yet: see bench/README.md.');
  process.exit(wanted.length ? 1 : 0);
}

let failed = 0;
for (const bench of benches) {
  console.log(`\n=== ${bench} ===`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, bench), ...options], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
