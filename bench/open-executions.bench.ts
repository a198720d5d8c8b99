// Open executions against cases alive, with short executions for long waits
// (shared/workflows/long-waits.ts). A sample of scenario A cases runs for real on the local stack,
// time moved with the runtime's clock as people take hours and days to act; it counts what each
// case costs in executions and transitions and checks, at each moment, how many executions are
// open against how many cases are alive. A day of 200,000 cases is then projected from those
// counts: the peak of open executions (what Step Functions' one-million quota counts) against the
// cases alive, which is what one execution per case for its whole life would hold open.
// Prints, never asserts. `npm run bench open-executions`; OPEN_EXECUTIONS_SAMPLE=n cases (8).
import { DescribeExecutionCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { config } from '#shared/config.js';
import { startMetering } from '#shared/metering/meter.js';
import { carryOnMachineId } from '#shared/workflows/machine-variants.js';
import { startLocalStack } from '../local/stack.js';
import { apiClient } from './cost/journeys.js';

const SAMPLE = Number(process.env.OPEN_EXECUTIONS_SAMPLE) > 0 ? Number(process.env.OPEN_EXECUTIONS_SAMPLE) : 8;
const CASES_PER_DAY = 200_000;
const CASE_LIFE_DAYS = 90;
const OPEN_EXECUTIONS_QUOTA = 1_000_000;

const meter = startMetering();
const stack = await startLocalStack({ port: 0, logLevel: 'SILENT' });
const api = apiClient(stack.url);
const sfn = new SFNClient({ endpoint: stack.endpoints.aws, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
// New cases run on the first machine, executions that carry a case on after a long wait on the second.
const machineArn = config().STATE_MACHINES['occupational-disease']!;
const carryOnArn = config().STATE_MACHINES[carryOnMachineId('occupational-disease')]!;
const threshold = config().LONG_WAIT_SECONDS;

async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench: ${what} did not happen within ${timeoutMs / 1000} s`);
}

async function openExecutions(caseIds: readonly string[]): Promise<number> {
  const listed = await Promise.all([machineArn, carryOnArn].map((stateMachineArn) => sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'RUNNING' }))));
  return listed.flatMap((l) => l.executions ?? []).filter((e) => caseIds.some((id) => e.name!.startsWith(id))).length;
}

async function openTaskOf(caseId: string, kind: string): Promise<string> {
  return until(`a ${kind} task on ${caseId}`, async () => {
    const { items } = await api.call('supervisor1', 'GET', `/api/tasks?caseId=${caseId}`);
    return (items as { kind: string; status: string; taskId: string }[]).find((t) => t.kind === kind && t.status !== 'completed')?.taskId;
  });
}

async function advance(duration: string): Promise<void> {
  const response = await fetch(`${stack.url}/api/_local/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advance: duration }) });
  if (!response.ok) throw new Error(`bench: clock move answered ${response.status}`);
}

async function work(user: string, taskId: string, outcome: string, data?: Record<string, unknown>) {
  await api.call(user, 'POST', `/api/tasks/${taskId}/claim`);
  await api.call(user, 'POST', `/api/tasks/${taskId}/complete`, { outcome, ...(data ? { data } : {}) });
}

const moments: { moment: string; alive: number; open: number }[] = [];
const observe = async (moment: string, caseIds: readonly string[], alive: number) => moments.push({ moment, alive, open: await openExecutions(caseIds) });
const allParked = (caseIds: readonly string[]) => until('every waiting execution ended', async () => ((await openExecutions(caseIds)) === 0 ? true : undefined));

try {
  if (threshold <= 0) throw new Error('bench: LONG_WAIT_SECONDS is 0, short executions are off');
  console.log(`Open executions, scenario A: ${SAMPLE} cases run for real on the local stack (long-wait threshold ${threshold} s), then a day of ${CASES_PER_DAY.toLocaleString('en')} cases projected.`);
  const started = performance.now();
  meter.reset();
  const caseIds: string[] = [];
  for (let i = 0; i < SAMPLE; i++) {
    const { caseId } = await api.call('claimant1', 'POST', '/api/cases', {
      type: 'occupational-disease',
      data: {
        requestType: 'initial',
        claimant: { firstName: 'Camille', lastName: 'Lefèvre', birthDate: '1980-02-14', email: 'camille@example.org' },
        employer: { name: 'Scierie des Vosges' },
        disease: { description: 'Tendinopathie de l’épaule liée aux gestes répétés.', tableReference: 'RG 57', firstMedicalObservation: '2026-06-01' },
        contributionMonths: 120,
        preferredLanguage: 'fr',
      },
    });
    caseIds.push(caseId as string);
  }
  const qualifications = await Promise.all(caseIds.map((id) => openTaskOf(id, 'qualification')));
  await observe('declared, each waiting for an agent', caseIds, SAMPLE);
  await advance('PT2H');
  await allParked(caseIds);
  await observe('2 hours later, nobody has acted yet', caseIds, SAMPLE);
  await advance('P2D');
  for (const taskId of qualifications) await work('agent1', taskId, 'accept');
  const reviews = await Promise.all(caseIds.map((id) => openTaskOf(id, 'medical-review')));
  await observe('2 days later, the agent qualified them: each waits for the medical adviser', caseIds, SAMPLE);
  await advance('PT2H');
  await allParked(caseIds);
  await observe('2 hours later', caseIds, SAMPLE);
  await advance('P30D');
  await observe('a month later, still with the medical adviser', caseIds, SAMPLE);
  for (const taskId of reviews) await work('expert1', taskId, 'recognised', { opinion: 'Tableau RG 57 : conditions remplies, lien direct établi.' });
  await until('every case closed', async () => {
    const statuses = await Promise.all(caseIds.map(async (id) => (await api.call('agent1', 'GET', `/api/cases/${id}`)).status as string));
    return statuses.every((s) => s === 'closed') ? true : undefined;
  });
  await allParked(caseIds);
  await observe('decided and closed', caseIds, 0);

  // What each case took: executions (its first one, then one per wait that outlived the threshold) and transitions.
  const executionArn = (arn: string, name: string) => `${arn.replace(':stateMachine:', ':execution:')}:${name}`;
  const names = caseIds.flatMap((id, i) => [executionArn(machineArn, id), executionArn(carryOnArn, `${id}-${qualifications[i]}`), executionArn(carryOnArn, `${id}-${reviews[i]}`)]);
  const executions = await Promise.all(names.map((arn) => sfn.send(new DescribeExecutionCommand({ executionArn: arn }))));
  const succeeded = executions.filter((e) => e.status === 'SUCCEEDED').length;
  const transitions = meter.snapshot().filter((u) => u.service === 'stepfunctions' && u.metric === 'state transitions').reduce((s, u) => s + u.quantity, 0);
  const automaticSeconds = executions.reduce((s, e) => s + ((e.stopDate?.getTime() ?? 0) - (e.startDate?.getTime() ?? 0)), 0) / 1000;

  console.log('\nThe sample, moment by moment (open executions of these cases / cases alive):');
  for (const m of moments) console.log(`   ${m.moment}: ${m.open} / ${m.alive}`);
  const perCase = { executions: succeeded / SAMPLE, transitions: transitions / SAMPLE, waits: succeeded / SAMPLE - 1 };
  console.log(
    `   per case: ${perCase.executions.toFixed(1)} executions, all succeeded (${SAMPLE * 3 - succeeded} not), ${perCase.transitions.toFixed(1)} state transitions ` +
      `(${perCase.waits.toFixed(1)} waits outlived the threshold: each adds its Parked state and the carry-on execution's Resume choice), ` +
      `${(automaticSeconds / succeeded).toFixed(2)} s of wall time per execution on this machine (the waits in the sample are clock moves, so this is the automatic work and the first hour's waits in real time)`,
  );

  // The projection: 200,000 declarations a day (two thirds between 8:00 and 20:00), each case
  // living 90 days. Each case holds an execution while its automatic steps run and, at each wait,
  // until the wait ends or the threshold passes; staff end the waits in working hours (8:00-18:00).
  const minutesPerDay = 1440;
  const declaredShare = (minute: number) => (minute >= 480 && minute < 1200 ? 2 / 3 / 720 : 1 / 3 / 720);
  const workedShare = (minute: number) => (minute >= 480 && minute < 1080 ? 1 / 600 : 0);
  const thresholdMinutes = Math.max(1, Math.round(threshold / 60));
  const automaticMinutes = automaticSeconds / succeeded / 60;
  const waitsPerCase = Math.max(1, Math.round(perCase.waits));
  let peak = { minute: 0, open: 0 };
  for (let minute = 0; minute < minutesPerDay; minute++) {
    // Waits begun in the last `threshold` minutes: the first at the declaration, the others when staff act.
    let open = 0;
    for (let back = 0; back < thresholdMinutes; back++) {
      const m = (minute - back + minutesPerDay * 10) % minutesPerDay;
      open += CASES_PER_DAY * (declaredShare(m) + (waitsPerCase - 1) * workedShare(m));
    }
    // And the automatic steps running at that minute (each execution's, a few seconds).
    open += CASES_PER_DAY * (declaredShare(minute) + waitsPerCase * workedShare(minute)) * automaticMinutes;
    if (open > peak.open) peak = { minute, open };
  }
  const alive = CASES_PER_DAY * CASE_LIFE_DAYS;
  const hhmm = `${String(Math.floor(peak.minute / 60)).padStart(2, '0')}:${String(peak.minute % 60).padStart(2, '0')}`;
  console.log(`\nA day of ${CASES_PER_DAY.toLocaleString('en')} cases, ${CASE_LIFE_DAYS}-day cases, threshold ${thresholdMinutes} min (projected from the counts above):`);
  console.log(`   cases alive: ${alive.toLocaleString('en')}; one execution per case for its whole life would hold that many open (${(alive / OPEN_EXECUTIONS_QUOTA).toFixed(1)} × the ${OPEN_EXECUTIONS_QUOTA.toLocaleString('en')} quota)`);
  console.log(
    `   with short executions: peak ${Math.round(peak.open).toLocaleString('en')} open executions (at ${hhmm}), ${((peak.open / alive) * 100).toFixed(2)} % of the cases alive, ` +
      `${((peak.open / OPEN_EXECUTIONS_QUOTA) * 100).toFixed(1)} % of the quota`,
  );
  console.log(`   the cost: ${perCase.transitions.toFixed(1)} transitions per case instead of ${(perCase.transitions - 2 * perCase.waits).toFixed(1)} when no wait outlives the threshold (+$${((2 * perCase.waits * 0.025) / 1000).toFixed(6)} a case at $0.025 per 1,000)`);
  console.log(`bench wall time ${((performance.now() - started) / 1000).toFixed(0)} s`);
} finally {
  sfn.destroy();
  await stack.stop();
}
