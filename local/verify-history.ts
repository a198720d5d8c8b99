// `npm run verify-history -- <caseId>`: checks a case's hash-chained history straight from the
// table: an entry altered, deleted or reordered there breaks the chain. In AWS, run it with the
// stack's TABLE_NAME and an operator's credentials; locally it finds the running `npm start`.
import { useRunningLocalStackUnlessConfigured } from './runtime-env.js';

const caseId = process.argv[2];
if (!caseId) {
  console.error('usage: npm run verify-history -- <caseId>');
  process.exit(2);
}
useRunningLocalStackUnlessConfigured('TABLE_NAME');
const { getCase } = await import('#shared/cases/case-repository.js');
const { checkHistory } = await import('#shared/cases/case-actions.js');
const record = await getCase(caseId);
if (!record) {
  console.error(`${caseId}: no such case`);
  process.exit(2);
}
const result = await checkHistory(record);
if (!result.verified) {
  console.log(`${caseId}: HISTORY BROKEN at entry ${result.brokenAt}`);
  process.exit(1);
}
// A chain re-hashed from end to end verifies on its own; the archived daily digest does not move.
const { checkAgainstDigest, latestDigest } = await import('#shared/history/chain-digest.js');
const digest = process.env.ARCHIVE_BUCKET ? await latestDigest() : undefined;
const againstDigest = digest ? checkAgainstDigest(caseId, result.entries, digest) : { ok: true, detail: 'no digest to compare with' };
if (!againstDigest.ok) {
  console.log(`${caseId}: HISTORY REWRITTEN: ${againstDigest.detail}`);
  process.exit(1);
}
console.log(`${caseId}: history intact (${result.entries.length} entries, head ${record.historyHead.slice(0, 12)}…; ${againstDigest.detail})`);
