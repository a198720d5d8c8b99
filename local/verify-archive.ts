// `npm run verify-archive -- <caseId>`: re-reads a closed case's archived documents and checks
// them against its manifest (SHA-256 and size). In AWS, run it with the stack's environment
// (ARCHIVE_BUCKET, AWS credentials); locally it finds the running `npm start` by itself.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const caseId = process.argv[2];
if (!caseId) {
  console.error('usage: npm run verify-archive -- <caseId>');
  process.exit(2);
}
const runtimeFile = join(import.meta.dirname, '..', '.local', 'data', 'runtime.json');
if (!process.env.ARCHIVE_BUCKET && existsSync(runtimeFile)) {
  Object.assign(process.env, JSON.parse(readFileSync(runtimeFile, 'utf8')) as Record<string, string>);
}
const { verifyArchivedCase } = await import('#shared/documents/archive.js');
const result = await verifyArchivedCase(caseId);
console.log(result.ok ? `${caseId}: archive intact (${result.manifest})` : `${caseId}: ARCHIVE DOES NOT MATCH\n  ${result.problems.join('\n  ')}`);
process.exit(result.ok ? 0 : 1);
