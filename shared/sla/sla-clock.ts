import { addBusinessMs, businessCalendar, businessMsBetween, businessDurationMs } from './business-calendar.js';

/** How far a clock is from its target, as the case view, the in-baskets and the dashboard show it. */
export type SlaState = 'on-track' | 'at-risk' | 'breached';

/**
 * A service-level clock: a target in business time on a calendar, which can be paused (while the
 * case waits on the claimant) and resumed. It is a value: every change returns a new clock, and
 * the owner (a task or the case) stores it with the history entry that explains the change.
 *
 * `elapsedMs` is the business time banked up to `runningSince` (or up to the pause); a running
 * clock adds the business time since `runningSince`. Thresholds already acted upon are kept in
 * `reached`, so the deadline checker acts on each of them once.
 */
export interface SlaClock {
  readonly calendar: string;
  /** The target as given (ISO 8601, days are business days) and in business milliseconds. */
  readonly target: string;
  readonly targetMs: number;
  /** Share of the target after which the clock is at risk (0.75: three quarters spent). */
  readonly atRiskShare: number;
  readonly startedAt: string;
  readonly elapsedMs: number;
  /** When the clock last started running; null while paused or stopped. */
  readonly runningSince: string | null;
  readonly pausedReason?: string;
  readonly stoppedAt?: string;
  readonly reached: { readonly atRisk?: string; readonly breached?: string };
}

export const DEFAULT_AT_RISK_SHARE = 0.75;

export function startClock(options: { calendar: string; target: string; atRiskShare?: number; at: Date; paused?: string }): SlaClock {
  return {
    calendar: options.calendar,
    target: options.target,
    targetMs: businessDurationMs(options.target),
    atRiskShare: options.atRiskShare ?? DEFAULT_AT_RISK_SHARE,
    startedAt: options.at.toISOString(),
    elapsedMs: 0,
    runningSince: options.paused ? null : options.at.toISOString(),
    ...(options.paused ? { pausedReason: options.paused } : {}),
    reached: {},
  };
}

export function elapsedMs(clock: SlaClock, at: Date): number {
  if (!clock.runningSince) return clock.elapsedMs;
  return clock.elapsedMs + businessMsBetween(businessCalendar(clock.calendar), new Date(clock.runningSince), at);
}

export function stateOf(clock: SlaClock, at: Date): SlaState {
  const spent = elapsedMs(clock, at);
  if (spent >= clock.targetMs) return 'breached';
  return spent >= clock.atRiskShare * clock.targetMs ? 'at-risk' : 'on-track';
}

export const isPaused = (clock: SlaClock) => clock.runningSince === null && !clock.stoppedAt;

export function pauseClock(clock: SlaClock, at: Date, reason: string): SlaClock {
  if (!clock.runningSince || clock.stoppedAt) return clock;
  return { ...clock, elapsedMs: elapsedMs(clock, at), runningSince: null, pausedReason: reason };
}

export function resumeClock(clock: SlaClock, at: Date): SlaClock {
  if (clock.runningSince || clock.stoppedAt) return clock;
  const { pausedReason: _reason, ...rest } = clock;
  return { ...rest, runningSince: at.toISOString() };
}

export function stopClock(clock: SlaClock, at: Date): SlaClock {
  if (clock.stoppedAt) return clock;
  return { ...clock, elapsedMs: elapsedMs(clock, at), runningSince: null, stoppedAt: at.toISOString() };
}

/** The wall-clock instant at which a running clock will have spent `businessMs`. */
function instantOf(clock: SlaClock, businessMs: number): Date | undefined {
  if (!clock.runningSince) return undefined;
  return addBusinessMs(businessCalendar(clock.calendar), new Date(clock.runningSince), Math.max(0, businessMs - clock.elapsedMs));
}

/** When a running clock turns at risk and breaches; undefined while paused or stopped. */
export function projectedInstants(clock: SlaClock): { atRiskAt?: string; dueAt?: string } {
  const atRisk = instantOf(clock, clock.atRiskShare * clock.targetMs);
  const due = instantOf(clock, clock.targetMs);
  return { ...(atRisk ? { atRiskAt: atRisk.toISOString() } : {}), ...(due ? { dueAt: due.toISOString() } : {}) };
}

/** When the deadline checker must next look at this clock: the next threshold not yet acted upon. */
export function nextCheckAt(clock: SlaClock): string | undefined {
  if (!clock.runningSince || clock.stoppedAt) return undefined;
  const { atRiskAt, dueAt } = projectedInstants(clock);
  if (!clock.reached.atRisk) return atRiskAt;
  if (!clock.reached.breached) return dueAt;
  return undefined;
}

/** The thresholds crossed by `at` and not yet acted upon, in order. */
export function thresholdsDue(clock: SlaClock, at: Date): ('at-risk' | 'breached')[] {
  if (clock.stoppedAt) return [];
  const state = stateOf(clock, at);
  const due: ('at-risk' | 'breached')[] = [];
  if (state !== 'on-track' && !clock.reached.atRisk) due.push('at-risk');
  if (state === 'breached' && !clock.reached.breached) due.push('breached');
  return due;
}

export function markReached(clock: SlaClock, thresholds: readonly ('at-risk' | 'breached')[], at: Date): SlaClock {
  const reached = { ...clock.reached };
  if (thresholds.includes('at-risk')) reached.atRisk = at.toISOString();
  if (thresholds.includes('breached')) reached.breached = at.toISOString();
  return { ...clock, reached };
}

/** What people see of a clock: its state, where it stands, and when it will turn. */
export interface ClockView {
  readonly state: SlaState;
  readonly paused: boolean;
  readonly pausedReason?: string;
  readonly stopped: boolean;
  readonly target: string;
  readonly calendar: string;
  readonly elapsedBusinessDays: number;
  readonly remainingBusinessDays: number;
  readonly atRiskAt?: string;
  readonly dueAt?: string;
}

export function viewClock(clock: SlaClock, at: Date): ClockView {
  const spent = elapsedMs(clock, at);
  const days = (ms: number) => Math.round((ms / 86_400_000) * 10) / 10;
  return {
    state: stateOf(clock, at),
    paused: isPaused(clock),
    ...(clock.pausedReason ? { pausedReason: clock.pausedReason } : {}),
    stopped: Boolean(clock.stoppedAt),
    target: clock.target,
    calendar: clock.calendar,
    elapsedBusinessDays: days(spent),
    remainingBusinessDays: days(Math.max(0, clock.targetMs - spent)),
    ...projectedInstants(clock),
  };
}
