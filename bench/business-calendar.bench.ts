// Business calendars: how many SLA deadlines per second `addBusinessMs` computes for a 10-business-day
// target from random instants, and how the cost grows with the target (it steps by days, so a
// 60-day target should cost at most ~6× a 10-day one, much less as the fixed part dominates).
import { addBusinessMs, businessCalendar, businessDurationMs } from '../shared/sla/business-calendar.js';

const calendar = businessCalendar('FR');
const COUNT = 100_000;
const from = Date.parse('2026-01-01T00:00:00Z');
const span = Date.parse('2028-01-01T00:00:00Z') - from;

// Fixed pseudo-random starts (a linear congruential generator), the same on every run.
let seed = 20_260_302;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const starts = Array.from({ length: COUNT }, () => new Date(from + Math.floor(random() * span)));

function timeAll(target: string): number {
  const ms = businessDurationMs(target);
  const start = performance.now();
  for (const date of starts) addBusinessMs(calendar, date, ms);
  return performance.now() - start;
}

// Warm-up: lays out the years involved and lets the JIT settle.
timeAll('P10D');
timeAll('P60D');
const p10 = Math.min(timeAll('P10D'), timeAll('P10D'), timeAll('P10D'));
const p60 = Math.min(timeAll('P60D'), timeAll('P60D'), timeAll('P60D'));
console.log(`addBusinessMs, calendar FR, ${COUNT.toLocaleString('en')} random starts in 2026-2027 (one core):`);
console.log(`  P10D: ${p10.toFixed(0)} ms, ${Math.round(COUNT / (p10 / 1000)).toLocaleString('en')}/s`);
console.log(`  P60D: ${p60.toFixed(0)} ms, ${Math.round(COUNT / (p60 / 1000)).toLocaleString('en')}/s`);
console.log(`  ratio P60D / P10D = ${(p60 / p10).toFixed(2)} (stepping by days: at most ~6)`);
