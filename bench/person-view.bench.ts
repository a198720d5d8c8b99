// The person view and the member search as the registry grows: the same requests with 1,000 and
// with 100,000 members stored, through the local gateway, against DynamoDB Local in memory. A
// person view is one Query of the member's partition (plus their cases' items), a search one page
// per index shard: the goal is a ratio of at most 1.2. Members are written straight to DynamoDB
// Local with BatchWrite (the member item and one coverage each, as the importer writes them); the
// people measured are imported through the API and have real cases. `-- --quick`: 1,000 vs 10,000.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { coverageSchema, memberSchema } from '../shared/members/member-record.js';
import { coverageItem, memberItem } from '../shared/members/member-repository.js';
import { syntheticMember } from '../local/demo-members.js';
import { startLocalStack, TABLE_NAME } from '../local/stack.js';

const quick = process.argv.includes('--quick');
const SMALL = 1_000;
const LARGE = quick ? 10_000 : 100_000;
const REQUESTS = 150;

const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
);
const agent = (await stack.auth.login('agent1', 'demo'))!;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- answers of several routes, read by name
async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${agent}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

// The people measured: imported through the API, each with three cases (paid straight through).
const MEASURED = ['BENCH0001', 'BENCH0002', 'BENCH0003'];
// A hundred people named Benchmark…: the name searched matches as many at either size, so both
// measures read full pages and only the registry's size differs.
const NAMESAKES = 100;
const csv = [
  'memberNumber,firstName,lastName,birthDate,coverageId,product,coverageStart',
  ...Array.from({ length: NAMESAKES }, (_, i) => `BENCH${String(i + 1).padStart(4, '0')},Hélène,Benchmark${String.fromCharCode(65 + (i % 26))},1970-01-15,C-BENCH${i + 1},health-plus,2015-01-01`),
].join('\n');
if ((await api('POST', '/api/members/import', { csv })).body.imported !== NAMESAKES) throw new Error('the measured members were not imported');
const caseIds: string[] = [];
for (const memberNumber of MEASURED) {
  for (let i = 0; i < 3; i++) {
    const declared = await api('POST', '/api/cases', {
      type: 'health-reimbursement',
      data: { member: { memberNumber, firstName: 'Hélène', lastName: 'Benchmark' }, lines: [{ actCategory: 'consultation', date: new Date(Date.now() - 5 * 86_400_000).toISOString().slice(0, 10), amountPaid: '30.00', provider: 'Dr Anne Roux', providerId: '10003456789' }], preferredLanguage: 'fr' },
    });
    if (declared.status !== 202) throw new Error(`declaration answered ${declared.status}`);
    caseIds.push(declared.body.caseId as string);
  }
}
for (const caseId of caseIds) {
  for (let i = 0; i < 240 && (await api('GET', `/api/cases/${caseId}`)).body.status !== 'closed'; i++) await new Promise((r) => setTimeout(r, 250));
}

/** The member items as the importer writes them (local/demo-members.ts's made-up people). */
function itemsOf(n: number): Record<string, unknown>[] {
  const row = syntheticMember(n);
  const member = memberSchema.parse(row.member);
  const at = new Date();
  return [memberItem(member, at), coverageItem(member.memberNumber, coverageSchema.parse(row.coverage), at)];
}

let seeded = 0;
async function seedUpTo(total: number): Promise<void> {
  let next = seeded;
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < total) {
        const from = next;
        next = Math.min(total, next + 12);
        let requests = Array.from({ length: next - from }, (_, i) => itemsOf(from + i + 1)).flat().map((Item) => ({ PutRequest: { Item } }));
        while (requests.length) {
          const result = await documents.send(new BatchWriteCommand({ RequestItems: { [TABLE_NAME]: requests } }));
          requests = (result.UnprocessedItems?.[TABLE_NAME] ?? []) as typeof requests;
        }
      }
    }),
  );
  seeded = total;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(): Promise<Record<string, number[]>> {
  const reads: Record<string, () => string> = {
    'GET /api/members/{id}': () => `/api/members/${MEASURED[Math.floor(Math.random() * MEASURED.length)]}`,
    'GET /api/members?q=<name>': () => '/api/members?q=benchm',
    'GET /api/members?q=<number>': () => `/api/members?q=D${String(1 + Math.floor(Math.random() * SMALL)).padStart(7, '0')}`,
  };
  const times: Record<string, number[]> = Object.fromEntries(Object.keys(reads).map((k) => [k, []]));
  for (let i = 0; i < REQUESTS + 10; i++) {
    for (const [name, path] of Object.entries(reads)) {
      const t = performance.now();
      const response = await api('GET', path());
      const ms = performance.now() - t;
      if (response.status !== 200) throw new Error(`${name} answered ${response.status}`);
      if (name.includes('{id}') && response.body.cases.length !== 3) throw new Error('the person view lost cases');
      if (name.includes('<name>') && response.body.members.length !== 20) throw new Error('the name search did not fill its page');
      if (i >= 10) times[name]!.push(ms);
    }
  }
  return times;
}

try {
  await seedUpTo(SMALL);
  await measure();
  const small = await measure();
  const started = performance.now();
  await seedUpTo(LARGE);
  console.log(`seeded ${SMALL.toLocaleString('en')} then ${LARGE.toLocaleString('en')} members (the last in ${((performance.now() - started) / 1000).toFixed(0)} s); ${REQUESTS} requests of each read at each size`);
  const large = await measure();
  let worst = 0;
  for (const name of Object.keys(small)) {
    const ratio = median(large[name]!) / median(small[name]!);
    worst = Math.max(worst, ratio);
    console.log(`  ${name.padEnd(28)} median ${median(small[name]!).toFixed(1)} ms → ${median(large[name]!).toFixed(1)} ms: ratio ${ratio.toFixed(2)}`);
  }
  console.log(`worst ratio ${LARGE.toLocaleString('en')} / ${SMALL.toLocaleString('en')} members: ${worst.toFixed(2)} (goal ≤ 1.2)`);
  process.exitCode = worst <= 1.2 ? 0 : 1;
} finally {
  await stack.stop();
}
