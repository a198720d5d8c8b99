import { describe, expect, it } from 'vitest';
import { allCaseTypes } from '#shared/case-types/index.js';
import { closureFlows, PROCESSING_BUCKETS_HOURS, receivedFlows, taskDoneFlows, type DailyCounters } from '#shared/dashboard/kpi-counters.js';
import { byDayPart, dayCounterNames, dayOfDaySk, dayPartOf, dayPartSk, STAFF_QUEUES } from '#shared/dashboard/kpi-day-layout.js';
import { itemBytes } from '#shared/metering/item-size.js';

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

describe('the parts of a day counter item', () => {
  it('keep each prepared part under 1 KB even with large figures: one write unit per part', () => {
    const parts = byDayPart(dayCounterNames());
    expect(parts.size).toBe(2 + allCaseTypes().length);
    for (const [part, names] of parts) {
      const item = {
        pk: { S: 'KPI#DAY#7' },
        sk: { S: dayPartSk('2026-03-02', part) },
        entity: { S: 'kpi' },
        // Sums a busy year could reach: 12 significant digits each.
        ...Object.fromEntries(names.map((name) => [name, { N: '123456789012' }])),
      };
      expect(itemBytes(item), part).toBeLessThan(1024);
    }
  });

  it('puts what one change adds into one part: a declaration, a closure, a task done', () => {
    const partsOf = (daily: DailyCounters) => new Set([...daily.values()].flatMap((counters) => [...counters.keys()].map(dayPartOf)));
    const arrival: DailyCounters = new Map();
    receivedFlows({ type: 'occupational-disease', createdAt: created } as never, arrival);
    expect(partsOf(arrival)).toEqual(new Set(['arrivals']));
    const closure: DailyCounters = new Map();
    closureFlows({ type: 'occupational-disease', createdAt: created, clock: clock(true) } as never, new Date(Date.parse(created) + 30 * HOUR_MS).toISOString(), closure);
    expect(partsOf(closure)).toEqual(new Set(['type:occupational-disease']));
    const done: DailyCounters = new Map();
    taskDoneFlows({ queue: 'agent', completedAt: created, completedBy: 'agent1', clock: clock(false) } as never, done);
    expect(partsOf(done)).toEqual(new Set(['work']));
  });

  it('reads a day from any of its items, those written before the parts included', () => {
    expect(['2026-03-02', '2026-03-02#arrivals', '2026-03-02#type:property-claim'].map(dayOfDaySk)).toEqual(['2026-03-02', '2026-03-02', '2026-03-02']);
  });
});
