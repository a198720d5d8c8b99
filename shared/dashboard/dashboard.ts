import { Decimal } from 'decimal.js';
import { authorize } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { now } from '../clock.js';
import { readCaseStartFigures, type CaseStartFigures } from '../intake/case-start-backlog.js';
import { budgetAlerts, budgetFigures } from '../payments/budget-report.js';
import { parseCounterName, PROCESSING_BUCKETS_HOURS, type Counters, type DailyCounters } from './kpi-counters.js';
import { readKpis } from './kpi-store.js';

// The dashboard is computed from the counters only (kpi-store.ts): a fixed number of reads,
// whatever the number of cases. The start queue's backlog is read beside it (opsDashboard), from
// SQS and CloudWatch, so that buildDashboard (and the dashboard bench) stays counters only.

/** A delay alert: this many breached clocks, or more at risk than this. */
export const DELAY_ALERT = { breached: 1, atRisk: 10 } as const;
/** A volume alert: intake over the last hour above this many times the usual, and at least `minimum`. */
export const VOLUME_ALERT = { factor: 2, minimum: 10, usualOverDays: 7 } as const;

/**
 * A backlog alert: the oldest case start has waited this long, or this many starts gave up into the
 * dead-letter queue. The same thresholds as the start queue's CloudWatch alarms (CaseStartAgeAlarm,
 * CaseStartDeadLettersAlarm in infra/constructs/functions.ts), which use these constants.
 */
export const BACKLOG_ALERT = { oldestAgeSeconds: 900, deadLetters: 1 } as const;

const DAY_MS = 86_400_000;
export const dayString = (at: Date, daysBack = 0) => new Date(at.getTime() - daysBack * DAY_MS).toISOString().slice(0, 10);
export const num = (value: Decimal | undefined) => (value ? value.toNumber() : 0);

/** Sum of counters of one kind, grouped by the dimensions `pick` chooses. */
export function grouped(counters: Counters, kind: string, pick: (parts: string[]) => string): Map<string, Decimal> {
  const groups = new Map<string, Decimal>();
  for (const [name, value] of counters) {
    const { kind: k, parts } = parseCounterName(name);
    if (k !== kind) continue;
    const key = pick(parts);
    groups.set(key, (groups.get(key) ?? new Decimal(0)).plus(value));
  }
  return groups;
}

const nonZero = (groups: Map<string, Decimal>) => Object.fromEntries([...groups].filter(([, v]) => !v.isZero()).map(([k, v]) => [k, v.toNumber()]));
const total = (groups: Map<string, Decimal>) => [...groups.values()].reduce((s, v) => s.plus(v), new Decimal(0)).toNumber();

/** The flow counters of the last `days` days (today included), added up. */
export function window(daily: DailyCounters, at: Date, days: number): Counters {
  const sum: Counters = new Map();
  for (let back = 0; back < days; back++) {
    for (const [name, value] of daily.get(dayString(at, back)) ?? []) sum.set(name, (sum.get(name) ?? new Decimal(0)).plus(value));
  }
  return sum;
}

/** Average and 90th percentile (the upper bound of its bucket: counters keep buckets, not every case). */
function processing(counters: Counters, type: string) {
  const count = num(grouped(counters, 'procCount', (p) => p[0]!).get(type));
  if (count === 0) return { closed: 0, averageHours: null, p90AtMostHours: null };
  const sumMs = grouped(counters, 'procSumMs', (p) => p[0]!).get(type) ?? new Decimal(0);
  const buckets = grouped(counters, 'procBucket', (p) => (p[0] === type ? p[1]! : ''));
  let seen = 0;
  let p90: number | null = null;
  for (let b = 0; b <= PROCESSING_BUCKETS_HOURS.length; b++) {
    seen += num(buckets.get(String(b)));
    if (seen >= 0.9 * count) {
      p90 = PROCESSING_BUCKETS_HOURS[b] ?? null;
      break;
    }
  }
  return { closed: count, averageHours: Number(sumMs.div(count).div(3_600_000).toFixed(2)), p90AtMostHours: p90 };
}

function compliance(counters: Counters) {
  const met = total(grouped(counters, 'taskSlaMet', () => '')) + total(grouped(counters, 'caseSlaMet', () => ''));
  const breached = total(grouped(counters, 'taskSlaBreached', () => '')) + total(grouped(counters, 'caseSlaBreached', () => ''));
  return { met, breached, rate: met + breached === 0 ? null : Number((met / (met + breached)).toFixed(4)) };
}

function slaStates(counters: Counters, kind: 'taskSla' | 'caseSla') {
  const states = grouped(counters, kind, (p) => p[1]!);
  return { onTrack: num(states.get('on-track')), atRisk: num(states.get('at-risk')), breached: num(states.get('breached')) };
}

/** Cases received in the hour-of-day buckets covering the hour before `at`, on the day `daysBack` ago. */
function intakeOverHourBefore(daily: DailyCounters, at: Date, daysBack: number): number {
  const end = new Date(at.getTime() - daysBack * DAY_MS);
  const start = new Date(end.getTime() - 3_600_000);
  // The current hour counts whole; the previous one in proportion to the part of it in the window.
  const share = 1 - start.getUTCMinutes() / 60 - start.getUTCSeconds() / 3600;
  const inHour = (instant: Date) => num(grouped(daily.get(instant.toISOString().slice(0, 10)) ?? new Map(), 'receivedHour', (p) => p[0]!).get(instant.toISOString().slice(11, 13)));
  return inHour(end) + share * inHour(start);
}

export type Dashboard = Awaited<ReturnType<typeof buildDashboard>>;

export async function buildDashboard(at: Date = now()) {
  const [snapshot, budgets] = await Promise.all([readKpis(dayString(at, 30)), budgetFigures(at.getUTCFullYear(), at)]);
  const { state, daily } = snapshot;
  const last7 = window(daily, at, 7);
  const last30 = window(daily, at, 30);
  const today = window(daily, at, 1);

  const types = new Set([...grouped(last30, 'procCount', (p) => p[0]!).keys(), ...grouped(state, 'open', (p) => p[0]!).keys()]);
  const queues = new Set([
    ...grouped(state, 'queueWaiting', (p) => p[0]!).keys(),
    ...grouped(state, 'queueAssigned', (p) => p[0]!).keys(),
    ...grouped(last30, 'done', (p) => p[0]!).keys(),
  ]);
  const agents = new Set([...grouped(state, 'agent', (p) => p[0]!).keys(), ...grouped(last30, 'doneBy', (p) => p[0]!).keys()]);
  const taskSla = slaStates(state, 'taskSla');
  const caseSla = slaStates(state, 'caseSla');

  const amounts = new Map<string, { businessLine: string; region: string; currency: string; amount: Decimal; cases: number }>();
  for (const [name, value] of state) {
    const { kind, parts } = parseCounterName(name);
    if (kind !== 'amount' && kind !== 'amountCases') continue;
    const [businessLine = '', region = '', currency = ''] = parts;
    const key = parts.join(':');
    const row = amounts.get(key) ?? { businessLine, region, currency, amount: new Decimal(0), cases: 0 };
    if (kind === 'amount') row.amount = row.amount.plus(value);
    else row.cases += value.toNumber();
    amounts.set(key, row);
  }

  const intakeLastHour = intakeOverHourBefore(daily, at, 0);
  const usual = Array.from({ length: VOLUME_ALERT.usualOverDays }, (_, d) => intakeOverHourBefore(daily, at, d + 1)).reduce((a, b) => a + b, 0) / VOLUME_ALERT.usualOverDays;
  const breached = taskSla.breached + caseSla.breached;
  const atRisk = taskSla.atRisk + caseSla.atRisk;
  const alerts = [
    ...(breached >= DELAY_ALERT.breached || atRisk > DELAY_ALERT.atRisk
      ? [{ kind: 'delay' as const, level: breached >= DELAY_ALERT.breached ? ('critical' as const) : ('warning' as const), breached, atRisk, thresholds: DELAY_ALERT }]
      : []),
    ...(intakeLastHour >= VOLUME_ALERT.minimum && intakeLastHour > VOLUME_ALERT.factor * usual
      ? [{ kind: 'volume' as const, level: 'warning' as const, lastHour: Number(intakeLastHour.toFixed(2)), usual: Number(usual.toFixed(2)), thresholds: VOLUME_ALERT }]
      : []),
    ...budgetAlerts(budgets),
  ];

  return {
    asOf: at.toISOString(),
    openCases: {
      total: total(grouped(state, 'open', () => '')),
      byType: nonZero(grouped(state, 'open', (p) => p[0]!)),
      byStatus: nonZero(grouped(state, 'open', (p) => p[1]!)),
      byTypeAndStatus: nonZero(grouped(state, 'open', (p) => `${p[0]}/${p[1]}`)),
    },
    intake: {
      receivedToday: total(grouped(today, 'received', () => '')),
      closedToday: total(grouped(today, 'closed', () => '')),
      receivedLastHour: Number(intakeLastHour.toFixed(2)),
      usualForThisHour: Number(usual.toFixed(2)),
      perDay: Array.from({ length: 30 }, (_, back) => {
        const day = dayString(at, 29 - back);
        const counters = daily.get(day) ?? new Map();
        return { day, received: total(grouped(counters, 'received', () => '')), closed: total(grouped(counters, 'closed', () => '')) };
      }),
    },
    processingTime: Object.fromEntries([...types].sort().map((type) => [type, { last7Days: processing(last7, type), last30Days: processing(last30, type) }])),
    sla: {
      tasks: taskSla,
      cases: caseSla,
      compliance: { last7Days: compliance(last7), last30Days: compliance(last30) },
    },
    queues: [...queues].sort().map((queue) => ({
      queue,
      unassigned: num(grouped(state, 'queueWaiting', (p) => p[0]!).get(queue)),
      assigned: num(grouped(state, 'queueAssigned', (p) => p[0]!).get(queue)),
      atRisk: num(grouped(state, 'taskSla', (p) => (p[0] === queue ? p[1]! : '')).get('at-risk')),
      breached: num(grouped(state, 'taskSla', (p) => (p[0] === queue ? p[1]! : '')).get('breached')),
      doneToday: num(grouped(today, 'done', (p) => p[0]!).get(queue)),
      doneLast7Days: num(grouped(last7, 'done', (p) => p[0]!).get(queue)),
    })),
    agents: [...agents].sort().map((agent) => ({
      agent,
      backlog: num(grouped(state, 'agent', (p) => p[0]!).get(agent)),
      doneToday: num(grouped(today, 'doneBy', (p) => p[0]!).get(agent)),
      doneLast7Days: num(grouped(last7, 'doneBy', (p) => p[0]!).get(agent)),
    })),
    amounts: [...amounts.values()]
      .filter((row) => row.cases !== 0 || !row.amount.isZero())
      .map((row) => ({ ...row, amount: row.amount.toFixed() })),
    budgets,
    alerts,
    readUnits: snapshot.readUnits,
  };
}

/** The backlog alert, if the start queue's figures call for one (unreadable figures raise none). */
export function backlogAlerts(caseStarts: CaseStartFigures) {
  const { oldestAgeSeconds, deadLetters } = caseStarts;
  const stale = oldestAgeSeconds !== null && oldestAgeSeconds >= BACKLOG_ALERT.oldestAgeSeconds;
  const failed = deadLetters !== null && deadLetters >= BACKLOG_ALERT.deadLetters;
  if (!stale && !failed) return [];
  // Dead letters are starts that failed, not just late: they need a person (the surge runbook).
  return [{ kind: 'backlog' as const, level: failed ? ('critical' as const) : ('warning' as const), oldestAgeSeconds, deadLetters, thresholds: BACKLOG_ALERT }];
}

export type OpsDashboard = Awaited<ReturnType<typeof opsDashboard>>;

/** The counters' dashboard with the case start backlog and its alert: what ops read and scrape. */
export async function opsDashboard(at: Date = now()) {
  const [{ readUnits: _units, ...counters }, caseStarts] = await Promise.all([buildDashboard(at), readCaseStartFigures()]);
  return { ...counters, caseStarts, alerts: [...counters.alerts, ...backlogAlerts(caseStarts)] };
}

/** GET /api/dashboard: supervisors and ops. */
export async function dashboardFor(principal: Principal) {
  authorize(principal, 'dashboard:read');
  return opsDashboard();
}
