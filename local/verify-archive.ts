// `npm run verify-archive -- <caseId>`: re-reads a closed case's archived documents and checks
// them against its manifest (SHA-256 and size). In AWS, run it with the stack's environment
// (ARCHIVE_BUCKET, AWS credentials); locally it finds the running `npm start` by itself.
import { useRunningLocalStackUnlessConfigured } from './runtime-env.js';

const caseId = process.argv[2];
if (!caseId) {
  console.error('usage: npm run verify-archive -- <caseId>');
  process.exit(2);
}
useRunningLocalStackUnlessConfigured('ARCHIVE_BUCKET');
const { verifyArchivedCase } = await import('#shared/documents/archive.js');
const result = await verifyArchivedCase(caseId);
console.log(result.ok ? `${caseId}: archive intact (${result.manifest})` : `${caseId}: ARCHIVE DOES NOT MATCH\n  ${result.problems.join('\n  ')}`);
process.exit(result.ok ? 0 : 1);
