// Skills and workload (shared/staff/, docs/workload.md), against DynamoDB Local in memory:
// 1. assignment decisions per second (chooseAssignee) with 200 staff and 10,000 open tasks, for a
//    pushed need (Arabic, authority 7,000: few eligible) and a pull-case need (no language: most
//    agents eligible, each basket read), as a ratio of raw GetItem/s on the same DynamoDB Local in
//    the same run (alternating rounds, median of the rounds' ratios); warm calls (profiles and role
//    members from the 15 s in-memory caches) and cold calls (both caches forgotten) apart;
// 2. the workload board's read units and median time with 1,000 and with 100,000 open tasks
//    (`-- --quick`: 10,000), the extra tasks unassigned in the queues: the ratio should be ≈ 1.
// Staff come from STAFF_DIRECTORY (no Cognito), profiles are written with seedProfile, tasks with
// taskItem by BatchWrite, and the dashboard counters as the write path would have left them.
import { randomBytes } from 'node:crypto';
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { Decimal } from 'decimal.js';
import { ulid } from 'ulid';
import { ensureTable, startDynamoDbLocal } from '../local/dynamodb-local.js';
import { resetDirectoryForTests } from '../shared/auth/directory.js';
import type { Principal, Role } from '../shared/auth/principal.js';
import { dynamo, resetClientsForTests } from '../shared/aws/clients.js';
import { resetConfigForTests } from '../shared/config.js';
import { dayString } from '../shared/dashboard/dashboard.js';
import { counterName, taskState, type Counters } from '../shared/dashboard/kpi-counters.js';
import { KPI_SHARDS, prepareKpiDays, readKpis } from '../shared/dashboard/kpi-store.js';
import { chooseAssignee, forgetRoleMembers, type Choice } from '../shared/staff/assigner.js';
import type { WorkNeeds } from '../shared/staff/eligibility.js';
import { forgetRecentProfiles, seedProfile } from '../shared/staff/staff-repository.js';
import type { StaffProfile } from '../shared/staff/staff-profile.js';
import { workloadBoard } from '../shared/staff/workload.js';
import { TASK_SK, taskPk } from '../shared/tasks/task-keys.js';
import type { TaskRecord } from '../shared/tasks/task-record.js';
import { taskItem } from '../shared/tasks/task-repository.js';
import { putDayCounters, putNowCounters, writeItems } from './support/seed-table.js';

const quick = process.argv.includes('--quick');
const SMALL = 1_000;
const DECISIONS_AT = 10_000;
const LARGE = quick ? 10_000 : 100_000;
const ROUNDS = 3;
// Each timed phase stops at this many seconds (or calls): well inside the 15 s the caches keep.
const GET_SECONDS = quick ? 1.5 : 3;
const DECIDE_SECONDS = quick ? 3 : 6;
const MAX_CALLS = 5_000;
const COLD_CALLS = quick ? 5 : 15;
const BOARD_RUNS = quick ? 7 : 15;
const TABLE = 'dossier';
const DAY_MS = 86_400_000;

const dynamodb = await startDynamoDbLocal();

// --- The staff: 176 agents, 16 experts, 8 supervisors, their traits from a seeded generator. ---
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const random = generator(20261208);
const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;

interface Person {
  readonly username: string;
  readonly roles: Role[];
  /** Undefined: nobody described them (defaults apply). */
  readonly profile?: StaffProfile;
  readonly capacity: number;
  /** How many open tasks they hold in the table. */
  readonly holds: number;
}

const t0 = Date.now();
const iso = (ms: number) => new Date(ms).toISOString();
const people: Person[] = [];
const roster: [Role, number][] = [['agent', 176], ['expert', 16], ['supervisor', 8]];
for (const [role, count] of roster) {
  for (let i = 1; i <= count; i++) {
    const username = `${role}-${String(i).padStart(3, '0')}`;
    const roles: Role[] = role === 'supervisor' && i <= 2 ? ['supervisor', 'agent'] : [role];
    const capacity = 5 + Math.floor(random() * 26); // 5..30
    const extra = (['ar', 'de', 'es', 'it', 'pt-BR'] as const).filter((_, k) => random() < [0.18, 0.1, 0.12, 0.08, 0.06][k]!);
    const absent = random() < 0.035;
    const profile: StaffProfile = {
      username,
      skills: {
        caseTypes: pick([[], [], ['health-reimbursement'], ['health-reimbursement', 'property-claim'], ['occupational-disease'], ['property-claim', 'occupational-disease']]),
        languages: [...pick([['fr'], ['fr', 'en'], ['fr', 'en'], ['en']] as const), ...extra],
        regions: pick([[], [], [], ['75', '92', '93', '94'], ['13', '83', '84']]),
      },
      authorityLimit: pick([2_000, 5_000, 5_000, 7_500, 10_000, 20_000, null]),
      capacity,
      absences: [
        // A few away now (their tasks handed over or not), some later in the month.
        ...(absent ? [{ from: iso(t0 - 2 * DAY_MS), to: iso(t0 + 5 * DAY_MS), delegate: `${role}-001` }] : []),
        ...(random() < 0.1 ? [{ from: iso(t0 + 10 * DAY_MS), to: iso(t0 + 17 * DAY_MS) }] : []),
      ],
      version: 1,
      updatedAt: iso(t0 - 30 * DAY_MS),
      updatedBy: 'supervisor-001',
    };
    // A few at capacity; most hold a part of it; nobody over it.
    const fill = random() < 0.04 ? 1 : pick([0, 0.1, 0.15, 0.2, 0.25, 0.3]);
    const described = random() >= 0.03;
    people.push({ username, roles, ...(described ? { profile } : {}), capacity: described ? capacity : 25, holds: Math.floor((described ? capacity : 25) * fill) });
  }
}
const held = people.reduce((sum, p) => sum + p.holds, 0);
if (held >= SMALL * 0.9) throw new Error(`the staff hold ${held} tasks: too many for ${SMALL} open tasks`);

Object.assign(process.env, {
  TABLE_NAME: TABLE,
  DYNAMODB_ENDPOINT: dynamodb.endpoint,
  AWS_REGION: 'eu-west-3',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  STAFF_DIRECTORY: JSON.stringify(Object.fromEntries(people.map((p) => [p.username, { groups: p.roles }]))),
});
resetConfigForTests();
resetClientsForTests();
resetDirectoryForTests();
await ensureTable(dynamodb.endpoint, TABLE);

// Every request the application's client sends, counted (its middleware stack is the client's).
const sent = { requests: 0, profileListings: 0, baskets: 0 };
dynamo().middlewareStack.add(
  (next, context) => async (args) => {
    sent.requests++;
    if (context.commandName === 'QueryCommand') {
      const input = JSON.stringify(args.input);
      if (input.includes('begins_with(sk, :profile)')) sent.profileListings++;
      else if (input.includes('"gsi1"')) sent.baskets++;
    }
    return next(args);
  },
  { step: 'build', name: 'benchRequestCount' },
);

// --- Tasks: the held ones first (bounded by capacity), then unassigned ones in the queues. ---
const CASE_TYPES = ['health-reimbursement', 'occupational-disease', 'property-claim'];
const QUEUES = ['agent', 'agent', 'agent', 'agent', 'agent', 'agent', 'agent', 'agent', 'expert', 'supervisor'];
const newTaskId = () => 'T' + randomBytes(13).toString('hex').slice(0, 25).toUpperCase();

function seededTask(queue: string, assignee: string | undefined): TaskRecord {
  // Due from two days ago (late) to ten days ahead; some due within the day.
  const due = t0 + Math.floor((random() * 12 - 2) * DAY_MS);
  const created = Math.min(due, t0) - Math.floor(random() * 10 * DAY_MS);
  const caseType = pick(CASE_TYPES);
  return {
    taskId: newTaskId(),
    caseId: ulid(created),
    caseType,
    kind: pick(['qualify-claim', 'review-documents', 'medical-review', 'decide']),
    title: { fr: 'Tâche de banc', en: 'Bench task' },
    status: assignee ? 'assigned' : 'open',
    queue,
    ...(assignee ? { assignee, assignedAt: iso(created + 3_600_000) } : {}),
    ...(random() < 0.1 ? { needs: { language: 'ar', authority: 7_000 } } : {}),
    dueAt: iso(due),
    outcomes: ['accept', 'reject'],
    priority: random() < 0.1 ? 'high' : 'normal',
    createdAt: iso(created),
    updatedAt: iso(created),
    version: assignee ? 2 : 1,
    adhoc: false,
  };
}

// The state counters as the write path leaves them: each task's contribution on some shard.
const nowCounters: Counters[] = Array.from({ length: KPI_SHARDS }, () => new Map());
const taskIds: string[] = [];
let seededTasks = 0;

/** The state counters, shard by shard. */
async function putAllNowCounters(): Promise<void> {
  for (let s = 0; s < KPI_SHARDS; s++) await putNowCounters(TABLE, s, nowCounters[s]!);
}

/** Open tasks until `total` are stored: the held ones in the first call, the rest in the queues. */
async function seedTasksUpTo(total: number): Promise<void> {
  const start = performance.now();
  const tasks: TaskRecord[] = [];
  if (seededTasks === 0) for (const person of people) for (let k = 0; k < person.holds; k++) tasks.push(seededTask(person.roles[0]!, person.username));
  while (seededTasks + tasks.length < total) tasks.push(seededTask(pick(QUEUES), undefined));
  for (const [i, task] of tasks.entries()) {
    const shard = nowCounters[(seededTasks + i) % KPI_SHARDS]!;
    taskState(task).forEach((v, k) => shard.set(k, (shard.get(k) ?? new Decimal(0)).plus(v)));
    if (taskIds.length < 20_000) taskIds.push(task.taskId);
  }
  const chunk = 5_000; // items built as they are written, not 100,000 at once
  for (let i = 0; i < tasks.length; i += chunk) await writeItems(TABLE, tasks.slice(i, i + chunk).map(taskItem));
  seededTasks += tasks.length;
  await putAllNowCounters();
  const seconds = (performance.now() - start) / 1000;
  console.log(`seeded ${tasks.length.toLocaleString('en')} tasks (${seededTasks.toLocaleString('en')} open in all) in ${seconds.toFixed(1)} s (${Math.round(tasks.length / seconds).toLocaleString('en')} items/s)`);
}

/** Thirty days of work done by the staff (the board's throughput), the same at every size. */
async function seedDaysDone(): Promise<void> {
  const daily: Map<string, Counters>[] = Array.from({ length: KPI_SHARDS }, () => new Map());
  for (let back = 1; back <= 30; back++) {
    const day = dayString(new Date(t0), back);
    for (const person of people) {
      const done = Math.floor(random() * 6);
      for (let k = 0; k < done; k++) {
        const shardDays = daily[Math.floor(random() * KPI_SHARDS)]!;
        const counters = shardDays.get(day) ?? shardDays.set(day, new Map()).get(day)!;
        for (const [name, amount] of [
          [counterName('done', person.roles[0]!), 1],
          [counterName('doneBy', person.username), 1],
          [counterName('handledMsBy', person.username), Math.floor((1 + random() * 30) * 3_600_000)],
        ] as const) {
          counters.set(name, (counters.get(name) ?? new Decimal(0)).plus(amount));
        }
      }
    }
  }
  for (let s = 0; s < KPI_SHARDS; s++) for (const [day, counters] of daily[s]!) await putDayCounters(TABLE, s, day, counters);
  // What the nightly prepare-kpi-days job has done for these days (and today).
  await prepareKpiDays(Array.from({ length: 31 }, (_, back) => dayString(new Date(t0), back)));
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const perSecond = (n: number) => Math.round(n).toLocaleString('en');

// --- 1. Assignment decisions. ---
const NEEDS: { name: string; needs: WorkNeeds }[] = [
  { name: 'pushed (ar, authority 7,000)', needs: { queue: 'agent', caseType: 'health-reimbursement', language: 'ar', authority: 7_000 } },
  { name: 'pull-case (no language)', needs: { queue: 'agent', caseType: 'health-reimbursement' } },
];

/** Raw GetItem of random seeded tasks, one at a time, for `seconds`. */
async function rawGets(seconds: number): Promise<number> {
  const start = performance.now();
  let n = 0;
  while (performance.now() - start < seconds * 1000 && n < MAX_CALLS * 10) {
    const { Item } = await dynamo().send(new GetCommand({ TableName: TABLE, Key: { pk: taskPk(taskIds[Math.floor(random() * taskIds.length)]!), sk: TASK_SK } }));
    if (!Item) throw new Error('a seeded task is missing');
    n++;
  }
  return n / ((performance.now() - start) / 1000);
}

interface Warm {
  readonly rate: number;
  readonly calls: number;
  readonly seconds: number;
  readonly profileListings: number;
  readonly requestsPerCall: number;
  readonly basketsPerCall: number;
  readonly choice: Choice;
  /** From the call that filled the caches to the last timed call: under 15 s, every call hit them. */
  readonly sinceFill: number;
}

/** Decisions one after another, as a warm Lambda makes them: the caches filled by a first call. */
async function warmDecisions(needs: WorkNeeds, seconds: number): Promise<Warm> {
  forgetRecentProfiles();
  forgetRoleMembers();
  const filled = performance.now();
  await chooseAssignee(needs, new Date());
  const before = { ...sent };
  const start = performance.now();
  let calls = 0;
  let choice: Choice | undefined;
  while (performance.now() - start < seconds * 1000 && calls < MAX_CALLS) {
    choice = await chooseAssignee(needs, new Date());
    calls++;
  }
  const end = performance.now();
  return {
    rate: calls / ((end - start) / 1000),
    calls,
    seconds: (end - start) / 1000,
    profileListings: sent.profileListings - before.profileListings,
    requestsPerCall: (sent.requests - before.requests) / calls,
    basketsPerCall: (sent.baskets - before.baskets) / calls,
    choice: choice!,
    sinceFill: (end - filled) / 1000,
  };
}

/** Each call with both caches forgotten first: the profiles listed and the directory asked again. */
async function coldDecisions(needs: WorkNeeds, calls: number): Promise<{ ms: number; profileListings: number; requestsPerCall: number }> {
  const times: number[] = [];
  const before = { ...sent };
  for (let i = 0; i < calls; i++) {
    forgetRecentProfiles();
    forgetRoleMembers();
    const start = performance.now();
    await chooseAssignee(needs, new Date());
    times.push(performance.now() - start);
  }
  return { ms: median(times), profileListings: sent.profileListings - before.profileListings, requestsPerCall: (sent.requests - before.requests) / calls };
}

// --- 2. The workload board. ---
const supervisor: Principal = { userId: 'sub-supervisor-001', username: 'supervisor-001', roles: ['supervisor'] };

async function measureBoard(open: number, warmUp: number) {
  for (let i = 0; i < warmUp; i++) await workloadBoard(supervisor, new Date());
  const times: number[] = [];
  const units = new Set<number>();
  let board: Awaited<ReturnType<typeof workloadBoard>> | undefined;
  for (let i = 0; i < BOARD_RUNS; i++) {
    const start = performance.now();
    board = await workloadBoard(supervisor, new Date());
    times.push(performance.now() - start);
    units.add(board.readUnits ?? Number.NaN);
  }
  const at = new Date();
  const counters = (await readKpis(dayString(at, 30))).readUnits;
  // The profile listing is part of the board's readUnits; asked apart too, to show its share.
  const listing = await dynamo().send(
    new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :profile)', ExpressionAttributeValues: { ':pk': 'STAFF', ':profile': 'PROFILE#' }, ReturnConsumedCapacity: 'TOTAL', Select: 'COUNT' }),
  );
  const queued = board!.queues.reduce((sum, q) => sum + q.unassigned, 0);
  const assigned = board!.queues.reduce((sum, q) => sum + q.assigned, 0);
  const inBaskets = board!.people.reduce((sum, p) => sum + p.openTasks, 0);
  if (queued + assigned !== open || inBaskets !== held) throw new Error(`the board counts ${queued} queued + ${assigned} assigned, ${inBaskets} in baskets; seeded ${open} open, ${held} held`);
  return {
    open,
    ms: median(times),
    readUnits: median([...units]),
    steady: units.size === 1,
    counters,
    listing: listing.ConsumedCapacity?.CapacityUnits ?? 0,
    people: board!.people.length,
    queued,
    absent: board!.people.filter((p) => p.absent).length,
  };
}

try {
  const start = performance.now();
  for (const person of people) if (person.profile) await seedProfile(person.profile);
  await seedDaysDone();
  const staffLine =
    `${people.length} staff (${roster.map(([r, n]) => `${n} ${r}s`).join(', ')}), ${people.filter((p) => p.profile).length} with a profile, ` +
    `${people.filter((p) => p.profile?.absences.some((a) => Date.parse(a.from) <= t0 && t0 < Date.parse(a.to))).length} absent now, ` +
    `${people.filter((p) => p.holds >= p.capacity).length} at capacity; they hold ${held} tasks`;
  console.log(`${staffLine} (profiles and 30 days of counters in ${((performance.now() - start) / 1000).toFixed(1)} s)`);

  const boards: Awaited<ReturnType<typeof measureBoard>>[] = [];
  await seedTasksUpTo(SMALL);
  // The first reads also warm DynamoDB Local's JIT up: more of them unmeasured.
  boards.push(await measureBoard(SMALL, 20));

  await seedTasksUpTo(DECISIONS_AT);
  if (LARGE === DECISIONS_AT) boards.push(await measureBoard(DECISIONS_AT, 5));
  console.log(`\n1. assignment decisions with ${people.length} staff and ${seededTasks.toLocaleString('en')} open tasks (${ROUNDS} alternating rounds, calls one at a time)`);
  const gets: number[] = [];
  const warm: Warm[][] = NEEDS.map(() => []);
  await rawGets(1); // warm-up
  for (const { needs } of NEEDS) await warmDecisions(needs, 1);
  for (let round = 0; round < ROUNDS; round++) {
    gets.push(await rawGets(GET_SECONDS));
    for (const [k, { needs }] of NEEDS.entries()) warm[k]!.push(await warmDecisions(needs, DECIDE_SECONDS));
    console.log(`  round ${round + 1}: raw GetItem ${perSecond(gets.at(-1)!)}/s, ` + NEEDS.map(({ name }, k) => `${name} ${warm[k]!.at(-1)!.rate.toFixed(1)}/s`).join(', '));
  }
  const getRate = median(gets);
  const summaries: string[] = [];
  for (const [k, { name, needs }] of NEEDS.entries()) {
    const rounds = warm[k]!;
    const rate = median(rounds.map((r) => r.rate));
    const ratio = median(rounds.map((r, i) => r.rate / gets[i]!));
    const last = rounds.at(-1)!;
    const calls = rounds.reduce((sum, r) => sum + r.calls, 0);
    const listings = rounds.reduce((sum, r) => sum + r.profileListings, 0);
    const cacheHit = listings === 0 && rounds.every((r) => r.sinceFill < 15);
    const cold = await coldDecisions(needs, COLD_CALLS);
    const warmMs = 1000 / rate;
    console.log(`  ${name}: ${JSON.stringify(needs)}`);
    console.log(`    chose ${last.choice.assignee ?? 'nobody'}, ${last.choice.passedOver.length} of ${people.filter((p) => p.roles.includes('agent')).length} agents passed over; ${last.basketsPerCall.toFixed(0)} baskets read, ${last.requestsPerCall.toFixed(0)} DynamoDB requests per decision`);
    console.log(
      `    warm: ${calls} calls over ${rounds.length} rounds (${rounds.map((r) => `${r.calls} in ${r.seconds.toFixed(1)} s`).join(', ')}); ` +
        (cacheHit
          ? `every timed call hit both caches, recentProfiles and membersOf (profiles listed 0 times; at most ${Math.max(...rounds.map((r) => r.sinceFill)).toFixed(1)} s after the call that filled them, under their 15 s)`
          : `NOT all from the caches: profiles listed ${listings} times during the timed calls`),
    );
    console.log(`    cold: ${COLD_CALLS} calls, caches forgotten before each (forgetRecentProfiles, forgetRoleMembers): median ${cold.ms.toFixed(1)} ms, profiles listed ${cold.profileListings} times, ${cold.requestsPerCall.toFixed(0)} requests per call; warm ${warmMs.toFixed(1)} ms a call, cold / warm ${(cold.ms / warmMs).toFixed(2)}`);
    summaries.push(
      `decisions ${name}: ${rate.toFixed(1)}/s warm (cached profiles and members), ${(1000 / cold.ms).toFixed(1)}/s cold; raw GetItem ${perSecond(getRate)}/s; ratio decisions / GetItem ${ratio.toFixed(4)} (1 decision ≈ ${(1 / ratio).toFixed(1)} GetItems)`,
    );
  }

  if (LARGE > DECISIONS_AT) {
    await seedTasksUpTo(LARGE);
    boards.push(await measureBoard(LARGE, 5));
  }
  console.log(`\n2. workload board (supervisor-001, ${BOARD_RUNS} reads after 20 unmeasured at the first size, 5 at the others)`);
  for (const b of boards) {
    console.log(
      `  ${b.open.toLocaleString('en').padStart(7)} open tasks: median ${b.ms.toFixed(1)} ms, ${b.readUnits} read units${b.steady ? '' : ' (varied between reads)'}, of which dashboard counters ${b.counters}; ` +
        `${b.people} people (${b.absent} absent), ${b.queued.toLocaleString('en')} waiting in queues; of which the profile listing ${b.listing}`,
    );
  }
  const small = boards[0]!;
  const large = boards.at(-1)!;
  const unitsRatio = large.readUnits / small.readUnits;
  process.exitCode = unitsRatio <= 1.2 && boards.every((b) => b.steady) ? 0 : 1;

  console.log('\nsummary');
  for (const line of summaries) console.log(`  ${line}`);
  console.log(
    `  workload board ${large.open.toLocaleString('en')} / ${small.open.toLocaleString('en')} open tasks: read units ${large.readUnits} / ${small.readUnits} = ${unitsRatio.toFixed(2)} (goal ≈ 1, ≤ 1.2: ${unitsRatio <= 1.2 ? 'met' : 'NOT met'}), median time ${large.ms.toFixed(1)} / ${small.ms.toFixed(1)} ms = ${(large.ms / small.ms).toFixed(2)}`,
  );
  console.log(`  whole run ${((performance.now() - start) / 1000).toFixed(0)} s`);
} finally {
  await dynamodb.stop();
}
