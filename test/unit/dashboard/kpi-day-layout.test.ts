import { describe, expect, it } from 'vitest';
import { allCaseTypes } from '#shared/case-types/index.js';
import { closureFlows, PROCESSING_BUCKETS_HOURS, receivedFlows, taskDoneFlows, type DailyCounters } from '#shared/dashboard/kpi-counters.js';
import { dayCounterNames, STAFF_QUEUES } from '#shared/dashboard/kpi-day-layout.js';

// The prepared layout is only worth something if it holds every counter the write path can add to a
// day: a counter left out would make busy days' items larger than quiet days' again.
const HOUR_MS = 3_600_000;
const created = '2026-03-02T00:00:00.000Z';
const clock = (breached: boolean) => ({ reached: breached ? { atRisk: created, breached: created } : {} });

function everyFlow(): DailyCounters {
  const daily: DailyCounters = new Map();
  for (const { id: type } of allCaseTypes()) {
    for (let hour = 0; hour < 24; hour++) receivedFlows({ type, createdAt: new Date(Date.parse(created) + hour * HOUR_MS).toISOString() } as never, daily);
    // One closure in each processing-time bucket, and beyond the last one; with and without a breach.
    for (const hours of [...PROCESSING_BUCKETS_HOURS, 10_000]) {
      for (const breached of [false, true]) {
        closureFlows({ type, createdAt: created, clock: clock(breached) } as never, new Date(Date.parse(created) + hours * HOUR_MS).toISOString(), daily);
      }
    }
  }
  for (const queue of STAFF_QUEUES) {
    for (const breached of [false, true]) taskDoneFlows({ queue, completedAt: created, clock: clock(breached) } as never, daily);
  }
  return daily;
}

describe('the prepared layout of a day counter item', () => {
  it('holds every day counter the write path can add, for every case type and staff queue', () => {
    const produced = new Set([...everyFlow().values()].flatMap((counters) => [...counters.keys()]));
    expect(produced.size).toBeGreaterThan(24 + allCaseTypes().length * 20);
    const layout = new Set(dayCounterNames());
    expect([...produced].filter((name) => !layout.has(name))).toEqual([]);
  });

  it('leaves out the per-person throughput, which grows with the staff rather than the cases', () => {
    const daily: DailyCounters = new Map();
    taskDoneFlows({ queue: 'agent', completedAt: created, completedBy: 'agent1' } as never, daily);
    expect(dayCounterNames()).not.toContain('doneBy:agent1');
    expect([...daily.get('2026-03-02')!.keys()]).toContain('doneBy:agent1');
  });
});
