import { authorize } from '../auth/permissions.js';
import type { Principal, Role } from '../auth/principal.js';
import { now } from '../clock.js';
import { dayString, grouped, num, window } from '../dashboard/dashboard.js';
import { STAFF_QUEUES } from '../dashboard/kpi-day-layout.js';
import { readKpis } from '../dashboard/kpi-store.js';
import { heldTasks } from '../tasks/task-repository.js';
import { listProfilesMetered } from './staff-repository.js';
import { workingStaff } from './staff-service.js';
import { currentAbsence, defaultProfile } from './staff-profile.js';

const DAY_MS = 86_400_000;
const BASKET_READS_AT_ONCE = 16;

export interface PersonLoad {
  readonly userId: string;
  readonly roles: readonly Role[];
  readonly openTasks: number;
  /** Due within the next 24 hours, not yet late. */
  readonly dueSoon: number;
  readonly breached: number;
  readonly capacity: number;
  readonly absent: boolean;
  readonly absence?: { readonly from: string; readonly to: string; readonly delegate?: string };
  readonly doneLast30Days: number;
  /** From being given a task to completing it, over the last 30 days; null without any. */
  readonly averageHandlingHours: number | null;
}

export interface QueueLoad {
  readonly queue: string;
  readonly unassigned: number;
  readonly assigned: number;
  readonly atRisk: number;
  readonly breached: number;
}

export interface WorkloadBoard {
  readonly at: string;
  readonly people: readonly PersonLoad[];
  readonly queues: readonly QueueLoad[];
  /** What the board cost to read (the bench compares it at 1k and 100k tasks). */
  readonly readUnits?: number;
}

/**
 * Who carries what, for the supervisors. The queues and the 30 days of throughput come from the
 * dashboard's counters (the same read units at any volume); each person's due dates from their
 * basket's index keys, which their capacity bounds. So the board costs the same at 1,000 open
 * tasks as at 100,000: what grows with the backlog waits in the queues, counted, not read.
 */
export async function workloadBoard(principal: Principal, at: Date = now()): Promise<WorkloadBoard> {
  authorize(principal, 'workload:read');
  const [rolesOf, { profiles, readUnits: profileReadUnits }, kpis] = await Promise.all([
    workingStaff(),
    listProfilesMetered(),
    readKpis(dayString(at, 30)),
  ]);
  const byUser = new Map(profiles.map((p) => [p.username, p]));
  const last30 = window(kpis.daily, at, 30);
  const done = grouped(last30, 'doneBy', (p) => p[0]!);
  const handledMs = grouped(last30, 'handledMsBy', (p) => p[0]!);

  const usernames = [...rolesOf.keys()].sort();
  const people: PersonLoad[] = [];
  let basketReadUnits = 0;
  for (let i = 0; i < usernames.length; i += BASKET_READS_AT_ONCE) {
    const batch = usernames.slice(i, i + BASKET_READS_AT_ONCE);
    people.push(
      ...(await Promise.all(
        batch.map(async (userId) => {
          const profile = byUser.get(userId) ?? defaultProfile(userId);
          const { dueDates, readUnits } = await heldTasks(userId);
          basketReadUnits += readUnits;
          const t = at.getTime();
          const late = dueDates.filter((d) => Date.parse(d) < t).length;
          const soon = dueDates.filter((d) => Date.parse(d) >= t && Date.parse(d) < t + DAY_MS).length;
          const away = currentAbsence(profile, at);
          const count = num(done.get(userId));
          const handled = num(handledMs.get(userId));
          return {
            userId,
            roles: rolesOf.get(userId)!,
            openTasks: dueDates.length,
            dueSoon: soon,
            breached: late,
            capacity: profile.capacity,
            absent: away !== undefined,
            ...(away ? { absence: { from: away.from, to: away.to, ...(away.delegate ? { delegate: away.delegate } : {}) } } : {}),
            doneLast30Days: count,
            // Handling time counted for tasks done since it was kept; older completions lack it.
            averageHandlingHours: count > 0 && handled > 0 ? Math.round((handled / count / 3_600_000) * 10) / 10 : null,
          } satisfies PersonLoad;
        }),
      )),
    );
  }

  const { state } = kpis;
  const waiting = grouped(state, 'queueWaiting', (p) => p[0]!);
  const held = grouped(state, 'queueAssigned', (p) => p[0]!);
  const queues = [...new Set([...STAFF_QUEUES, ...waiting.keys(), ...held.keys()])].sort().map((queue) => {
    const sla = grouped(state, 'taskSla', (p) => (p[0] === queue ? p[1]! : ''));
    return { queue, unassigned: num(waiting.get(queue)), assigned: num(held.get(queue)), atRisk: num(sla.get('at-risk')), breached: num(sla.get('breached')) };
  });
  return { at: at.toISOString(), people, queues, readUnits: kpis.readUnits + profileReadUnits + basketReadUnits };
}
