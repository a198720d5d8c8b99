import { describe, expect, it } from 'vitest';
import { startClock } from '#shared/sla/sla-clock.js';
import { taskDueMoment } from '#shared/sla/task-clock.js';
import type { TaskRecord } from '#shared/tasks/task-record.js';
import { atResultPath, nextAfterWait } from '#shared/workflows/long-waits.js';

const at = new Date('2026-12-07T09:00:00.000Z'); // a Monday
const clock = startClock({ calendar: 'FR', target: 'P5D', at });
const task: TaskRecord = {
  taskId: 'T1',
  caseId: 'C1',
  caseType: 'occupational-disease',
  kind: 'qualification',
  title: { en: 'Qualify' },
  status: 'open',
  queue: 'agent',
  dueAt: at.toISOString(),
  outcomes: ['accept'],
  priority: 'normal',
  createdAt: at.toISOString(),
  updatedAt: at.toISOString(),
  version: 1,
  adhoc: false,
  clock,
  taskToken: 'token',
  stateName: 'Qualification',
  parkAt: '2026-12-07T10:00:00.000Z',
};

describe('when the deadline checker looks at a workflow wait', () => {
  it('comes at parkAt, before the clock turns at risk', () => {
    expect(taskDueMoment(task)).toBe('2026-12-07T10:00:00.000Z');
  });

  it('keeps the entry of a paused clock for the parking, and drops the parking once done', () => {
    const paused = { ...task, clock: { ...clock, runningSince: null } } as TaskRecord;
    expect(taskDueMoment(paused)).toBe('2026-12-07T10:00:00.000Z');
    expect(taskDueMoment({ ...paused, parkedAt: '2026-12-07T10:01:00.000Z' })).toBeUndefined();
  });

  it('comes at the parked wait timeout, or a minute after a parked task outcome, and never for finished work', () => {
    expect(taskDueMoment({ ...task, parkAt: undefined, parkedAt: '2026-12-07T10:01:00.000Z', waitTimeoutAt: '2026-12-08T00:00:00.000Z' })).toBe('2026-12-08T00:00:00.000Z');
    const completing = { ...task, clock: undefined, status: 'completing' as const, parkedAt: '2026-12-07T10:01:00.000Z', updatedAt: '2026-12-07T11:00:00.000Z' };
    expect(taskDueMoment(completing)).toBe('2026-12-07T11:01:00.000Z');
    expect(taskDueMoment({ ...completing, status: 'completed' })).toBeUndefined();
  });
});

describe('where a parked wait leads', () => {
  it('puts the outcome at the state ResultPath, without touching the stored input', () => {
    const stored = { caseId: 'C1', registration: { status: 'registered' } };
    const next = nextAfterWait(task, stored, { output: { outcome: 'accept' } });
    expect(next).toEqual({ machineId: 'occupational-disease', entry: 'MedicalReview', input: { ...stored, qualification: { outcome: 'accept' } } });
    expect(stored).toEqual({ caseId: 'C1', registration: { status: 'registered' } });
  });

  it('sends an error where the state catches it, with Error and Cause at the catcher ResultPath', () => {
    expect(nextAfterWait(task, { caseId: 'C1' }, { error: 'CaseCancelled', cause: 'by a supervisor' })).toMatchObject({ entry: 'CloseCancelled', input: { caseId: 'C1', stop: { Error: 'CaseCancelled', Cause: 'by a supervisor' } } });
    expect(() => nextAfterWait(task, {}, { error: 'NoSuchError', cause: '' })).toThrow(/catches no NoSuchError/);
  });

  it('follows ResultPath semantics for nested paths, the whole input, and null', () => {
    expect(atResultPath({ a: { b: 1 } }, '$.a.c', 2)).toEqual({ a: { b: 1, c: 2 } });
    expect(atResultPath({ a: 1 }, '$', { z: 1 })).toEqual({ z: 1 });
    expect(atResultPath({ a: 1 }, null, { z: 1 })).toEqual({ a: 1 });
  });
});
