// Installs DynamoDB Local into .local/dynamodb at `npm install` time, never at run time.
// The jar ships inside a pinned npm package (amplify-dynamodb-simulator); installing that package
// normally would pull ~350 MB of dependencies we do not need, so we `npm pack` it (56 MB), check its
// integrity against the pinned value and keep only its emulator/ folder.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = join(root, '.local', 'dynamodb');

if (existsSync(join(target, 'DynamoDBLocal.jar'))) process.exit(0);

const work = mkdtempSync(join(tmpdir(), 'dossier-ddb-'));
try {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', PACKAGE, '--json', '--silent'], { cwd: work, encoding: 'utf8' }),
  );
  const tarball = join(work, packed.filename);
  const actual = 'sha512-' + createHash('sha512').update(readFileSync(tarball)).digest('base64');
  if (actual !== INTEGRITY) throw new Error(`integrity mismatch for ${PACKAGE}`);
  execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(join(work, 'package', 'emulator'), target);
  console.log(`DynamoDB Local installed in .local/dynamodb (${PACKAGE})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
