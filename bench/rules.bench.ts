// Rules engine: how many decisions per second `decide` evaluates on the product tables, and how
// simulation time grows with the number of past cases (it should grow linearly: ~10× for 10×).
import { readFileSync } from 'node:fs';
import { parseDmn, type DecisionTable } from '../shared/rules/decision-table.js';
import { evaluateTable } from '../shared/rules/evaluate-table.js';
import { replay, type RecordedDecision } from '../shared/rules/simulate.js';

const load = async (id: string) => parseDmn(readFileSync(`rules/${id}.dmn`, 'utf8'));
const OD = 'occupational-disease';
const pick = <T>(list: readonly T[], i: number) => list[i % list.length]!;

const facts: Record<string, (i: number) => Record<string, unknown>> = {
  'required-documents': (i) => ({ caseType: OD, requestType: pick(['initial', 'relapse', 'aggravation'], i), contributionMonths: i % 240 }),
  'expert-response-deadline': (i) => ({ caseType: pick([OD, 'health-reimbursement', 'property-claim'], i), severity: pick(['low', 'moderate', 'high', null], i) }),
  'reimbursement-rate': (i) => ({ actCategory: pick(['medicine', 'consultation', 'hospitalisation', 'work-accident'], i) }),
  routing: (i) => ({ caseType: pick([OD, 'property-claim'], i), amount: (i * 7919) % 90_000, region: pick(['75', '974', '13', null], i) }),
};

function perSecond(table: DecisionTable, make: (i: number) => Record<string, unknown>, ms = 1000): number {
  let n = 0;
  const start = performance.now();
  while (performance.now() - start < ms) evaluateTable(table, make(n++));
  return n / ((performance.now() - start) / 1000);
}

console.log('decisions per second (one core), by table:');
for (const [id, make] of Object.entries(facts)) {
  const table = await load(id);
  perSecond(table, make, 200); // warm-up
  console.log(`  ${id.padEnd(26)} ${Math.round(perSecond(table, make)).toLocaleString('en')}/s`);
}

const requiredDocuments = await load('required-documents');
const draft: DecisionTable = {
  ...requiredDocuments,
  rules: requiredDocuments.rules.map((r) => (r.id === 'short-contribution' ? { ...r, inputEntries: [r.inputEntries[0]!, r.inputEntries[1]!, '< 36'] } : r)),
};
const history = (count: number): RecordedDecision[] =>
  Array.from({ length: count }, (_, i) => {
    const f = facts['required-documents']!(i) as RecordedDecision['facts'];
    return { caseId: `C${i}`, caseType: OD, version: 1, facts: f, value: evaluateTable(requiredDocuments, f).value, evaluatedAt: new Date(i * 1000).toISOString() };
  });

function timeReplay(decisions: RecordedDecision[], rounds: number): number {
  const start = performance.now();
  for (let r = 0; r < rounds; r++) replay(draft, decisions);
  return (performance.now() - start) / rounds;
}
const [small, large] = [history(1_000), history(10_000)];
timeReplay(small, 3);
timeReplay(large, 1);
const smallMs = timeReplay(small, 10);
const largeMs = timeReplay(large, 3);
const changed = replay(draft, large).changed.length;
console.log(`simulation, required-documents draft (${changed.toLocaleString('en')} of 10,000 cases change):`);
console.log(`  1,000 past cases: ${smallMs.toFixed(1)} ms; 10,000: ${largeMs.toFixed(1)} ms`);
console.log(`  ratio 10,000 / 1,000 = ${(largeMs / smallMs).toFixed(2)} (linear growth is 10)`);
