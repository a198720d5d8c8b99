import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  addBusinessMs,
  businessCalendar,
  businessDurationMs,
  businessMsBetween,
  calendarFromDefinition,
  calendarIds,
  type BusinessCalendar,
} from '#shared/sla/business-calendar.js';

// Dates below were checked on a printed 2026/2027 calendar: 2 March 2026 is a Monday, 14 July 2026
// a Tuesday, 11 November 2026 a Wednesday, Easter Sunday 2027 is 28 March; summer time starts on
// 29 March 2026 and ends on 25 October 2026 in both Paris and London.

const DAY = 86_400_000;
const HOUR = 3_600_000;
const fr = businessCalendar('FR');
const gb = businessCalendar('GB');

/** A local wall-clock time in a calendar's zone, as an instant. */
const at = (calendar: BusinessCalendar, local: string) => DateTime.fromISO(local, { zone: calendar.timeZone }).toJSDate();
/** An instant as a person in the calendar's zone reads it. */
const local = (calendar: BusinessCalendar, instant: Date) =>
  DateTime.fromJSDate(instant, { zone: calendar.timeZone }).setLocale('en-GB').toFormat('ccc yyyy-MM-dd HH:mm');
const due = (calendar: BusinessCalendar, start: string, target: string) => local(calendar, addBusinessMs(calendar, at(calendar, start), businessDurationMs(target)));

const frenchDefinition = {
  id: 'FR-TEST',
  name: 'France with company closures',
  timeZone: 'Europe/Paris',
  weekend: [6, 7],
  publicHolidays: { source: 'date-holidays', country: 'FR', types: ['public'] },
  extraClosures: [] as string[],
  removedHolidays: [] as string[],
};

describe('business targets in the French calendar', () => {
  it('Monday 10:00 + 7 business days is Wednesday 10:00 of the following week', () => {
    expect(due(fr, '2026-03-02T10:00', 'P7D')).toBe('Wed 2026-03-11 10:00');
  });

  it('a week is five business days', () => {
    expect(due(fr, '2026-03-02T10:00', 'P1W')).toBe('Mon 2026-03-09 10:00');
  });

  it('a Friday-evening start skips the weekend', () => {
    expect(due(fr, '2026-03-06T18:00', 'P1D')).toBe('Mon 2026-03-09 18:00');
    expect(due(fr, '2026-03-06T18:00', 'PT12H')).toBe('Mon 2026-03-09 06:00');
    expect(businessMsBetween(fr, at(fr, '2026-03-06T18:00'), at(fr, '2026-03-09T10:00'))).toBe(16 * HOUR);
  });

  it('starting on a Saturday, the count starts on Monday at midnight', () => {
    expect(due(fr, '2026-03-07T15:00', 'PT4H')).toBe('Mon 2026-03-09 04:00');
    // One business day from a Saturday is all of Monday: due when Tuesday begins.
    expect(due(fr, '2026-03-07T15:00', 'P1D')).toBe('Tue 2026-03-10 00:00');
    expect(businessMsBetween(fr, at(fr, '2026-03-07T15:00'), at(fr, '2026-03-09T10:00'))).toBe(10 * HOUR);
    expect(businessMsBetween(fr, at(fr, '2026-03-07T15:00'), at(fr, '2026-03-08T23:59'))).toBe(0);
  });

  it('French public holidays do not count: 14 July, 11 November, Easter Monday', () => {
    expect(due(fr, '2026-07-13T10:00', 'P1D')).toBe('Wed 2026-07-15 10:00');
    expect(due(fr, '2026-11-10T10:00', 'P1D')).toBe('Thu 2026-11-12 10:00');
    expect(due(fr, '2027-03-26T10:00', 'P1D')).toBe('Tue 2027-03-30 10:00');
    expect(['2026-07-14', '2026-11-11', '2027-03-29', '2026-05-14'].map((d) => fr.isBusinessDay(d))).toEqual([false, false, false, false]);
  });

  it('British bank holidays are ordinary days in France', () => {
    expect(fr.isBusinessDay('2026-08-31')).toBe(true); // Summer bank holiday
    expect(fr.isBusinessDay('2027-03-26')).toBe(true); // Good Friday
    expect(due(fr, '2026-08-28T10:00', 'P1D')).toBe('Mon 2026-08-31 10:00');
  });

  it('a Monday 09:00 + 5 business days stays at 09:00 across the spring and autumn clock changes', () => {
    expect(due(fr, '2026-03-23T09:00', 'P5D')).toBe('Mon 2026-03-30 09:00');
    expect(due(fr, '2026-10-19T09:00', 'P5D')).toBe('Mon 2026-10-26 09:00');
    // Seven days less one real hour in spring, plus one in autumn: still 5 business days each.
    expect(businessMsBetween(fr, at(fr, '2026-03-23T09:00'), at(fr, '2026-03-30T09:00'))).toBe(5 * DAY);
    expect(businessMsBetween(fr, at(fr, '2026-10-19T09:00'), at(fr, '2026-10-26T09:00'))).toBe(5 * DAY);
  });
});

describe('business targets in the British calendar (England and Wales)', () => {
  it('counts 14 July and 11 November, which are French holidays', () => {
    expect(due(gb, '2026-07-13T10:00', 'P1D')).toBe('Tue 2026-07-14 10:00');
    expect(gb.isBusinessDay('2026-11-11')).toBe(true);
  });

  it('skips bank holidays: Good Friday, Easter Monday, the Summer bank holiday, Boxing Day moved to Monday', () => {
    expect(due(gb, '2027-03-25T10:00', 'P1D')).toBe('Tue 2027-03-30 10:00');
    expect(due(gb, '2026-08-28T10:00', 'P1D')).toBe('Tue 2026-09-01 10:00');
    // 26 December 2026 is a Saturday: the bank holiday is on Monday the 28th.
    expect(['2026-12-25', '2026-12-28', '2026-12-29'].map((d) => gb.isBusinessDay(d))).toEqual([false, false, true]);
  });

  it('keeps 09:00 London time across the clock changes', () => {
    expect(due(gb, '2026-03-23T09:00', 'P5D')).toBe('Mon 2026-03-30 09:00');
    expect(due(gb, '2026-10-19T09:00', 'P5D')).toBe('Mon 2026-10-26 09:00');
  });
});

describe('company closures and worked holidays', () => {
  it('an extra closure day does not count', () => {
    const calendar = calendarFromDefinition({ ...frenchDefinition, extraClosures: ['2026-03-04'] });
    expect(calendar.isBusinessDay('2026-03-04')).toBe(false);
    expect(due(calendar, '2026-03-02T10:00', 'P7D')).toBe('Thu 2026-03-12 10:00');
  });

  it('a removed holiday is worked (Whit Monday as the solidarity day)', () => {
    const calendar = calendarFromDefinition({ ...frenchDefinition, removedHolidays: ['2026-05-25'] });
    expect(fr.isBusinessDay('2026-05-25')).toBe(false);
    expect(calendar.isBusinessDay('2026-05-25')).toBe(true);
    expect(due(fr, '2026-05-22T10:00', 'P1D')).toBe('Tue 2026-05-26 10:00');
    expect(due(calendar, '2026-05-22T10:00', 'P1D')).toBe('Mon 2026-05-25 10:00');
  });

  it('a removed holiday on a weekend stays a weekend day', () => {
    const calendar = calendarFromDefinition({ ...frenchDefinition, removedHolidays: ['2026-11-01'] }); // a Sunday
    expect(calendar.isBusinessDay('2026-11-01')).toBe(false);
  });
});

describe('days whose real length is 23 or 25 hours', () => {
  // Every day is a business day here, so the clock-change Sundays count.
  const everyDay = calendarFromDefinition({ ...frenchDefinition, id: 'FR-7', weekend: [] });

  it('a business day is a whole local day, whatever its real length', () => {
    expect(due(everyDay, '2026-03-28T12:00', 'P2D')).toBe('Mon 2026-03-30 12:00');
    expect(due(everyDay, '2026-10-24T12:00', 'P2D')).toBe('Mon 2026-10-26 12:00');
    expect(businessMsBetween(everyDay, at(everyDay, '2026-03-29T00:00'), at(everyDay, '2026-03-30T00:00'))).toBe(DAY);
    expect(businessMsBetween(everyDay, at(everyDay, '2026-10-25T00:00'), at(everyDay, '2026-10-26T00:00'))).toBe(DAY);
  });

  it('a part of such a day is scaled: half of it is half of its real hours', () => {
    // Half of a 23-hour day is 11.5 real hours after midnight: 12:30 once the clocks have gone forward.
    const spring = at(everyDay, '2026-03-29T00:00');
    expect(local(everyDay, addBusinessMs(everyDay, spring, DAY / 2))).toBe('Sun 2026-03-29 12:30');
    // Half of a 25-hour day is 12.5 real hours after midnight: 11:30 once they have gone back.
    expect(local(everyDay, addBusinessMs(everyDay, at(everyDay, '2026-10-25T00:00'), DAY / 2))).toBe('Sun 2026-10-25 11:30');
    // So from Saturday noon, one business day (half of each day) ends at 12:30 on the Sunday.
    expect(due(everyDay, '2026-03-28T12:00', 'P1D')).toBe('Sun 2026-03-29 12:30');
    // 00:00 to 12:00 on the wall clock is 11 real hours of 23.
    expect(businessMsBetween(everyDay, spring, at(everyDay, '2026-03-29T12:00'))).toBe(Math.floor((11 / 23) * DAY));
  });
});

describe('counting and adding are inverse', () => {
  const instant = fc.date({ min: new Date('2001-01-01T00:00:00Z'), max: new Date('2098-12-31T00:00:00Z'), noInvalidDate: true });
  const target = fc.integer({ min: 0, max: 60 * DAY });
  const options = { seed: 20_260_302, numRuns: 300 };

  it.each([fr, gb])('$id: the deadline for a target is the earliest instant at which that much business time has passed', (calendar) => {
    fc.assert(
      fc.property(instant, target, (from, ms) => {
        const deadline = addBusinessMs(calendar, from, ms);
        expect(deadline.getTime()).toBeGreaterThanOrEqual(from.getTime());
        expect(businessMsBetween(calendar, from, deadline)).toBe(ms);
        if (ms > 0) expect(businessMsBetween(calendar, from, new Date(deadline.getTime() - 1))).toBeLessThan(ms);
      }),
      options,
    );
  });

  it.each([fr, gb])('$id: adding the business time between two instants reaches the later one, or the start of the closed time before it', (calendar) => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 90 * DAY }), (from, realMs) => {
        const to = new Date(from.getTime() + realMs);
        const reached = addBusinessMs(calendar, from, businessMsBetween(calendar, from, to));
        expect(reached.getTime()).toBeLessThanOrEqual(to.getTime());
        expect(businessMsBetween(calendar, reached, to)).toBe(0);
      }),
      options,
    );
  });

  it('where clock-change days are business days, a target is met to the millisecond or passed by one', () => {
    // A 23-hour day runs ~1.04 business ms per real ms, so a few totals cannot be hit exactly.
    const everyDay = calendarFromDefinition({ ...frenchDefinition, id: 'FR-7', weekend: [] });
    fc.assert(
      fc.property(fc.date({ min: new Date('2026-03-25T00:00:00Z'), max: new Date('2026-04-02T00:00:00Z'), noInvalidDate: true }), fc.integer({ min: 1, max: 3 * DAY }), (from, ms) => {
        const deadline = addBusinessMs(everyDay, from, ms);
        expect(businessMsBetween(everyDay, from, deadline) - ms).toBeOneOf([0, 1]);
        expect(businessMsBetween(everyDay, from, new Date(deadline.getTime() - 1))).toBeLessThan(ms);
      }),
      options,
    );
  });

  it('returns the start itself for a zero target and 0 when the end is not after the start', () => {
    const saturday = at(fr, '2026-03-07T15:00');
    expect(addBusinessMs(fr, saturday, 0)).toEqual(saturday);
    expect(businessMsBetween(fr, at(fr, '2026-03-10T10:00'), at(fr, '2026-03-09T10:00'))).toBe(0);
  });
});

describe('business durations', () => {
  it('reads days as business days, weeks as five of them, hours and minutes as such', () => {
    expect(businessDurationMs('P7D')).toBe(7 * DAY);
    expect(businessDurationMs('PT4H')).toBe(4 * HOUR);
    expect(businessDurationMs('P1W')).toBe(5 * DAY);
    expect(businessDurationMs('P1DT30M')).toBe(DAY + 30 * 60_000);
  });

  it.each(['P1M', 'P1Y', 'P0D', 'PT0S', '-P1D', 'P1DT-2H', 'banana', ''])('refuses %j with InvalidBusinessDuration', (iso) => {
    expect(() => businessDurationMs(iso)).toThrow(expect.objectContaining({ name: 'InvalidBusinessDuration' }));
  });
});

describe('calendars', () => {
  it('ships France and Great Britain, in their zones', () => {
    expect(calendarIds()).toEqual(['FR', 'GB']);
    expect([fr.timeZone, gb.timeZone]).toEqual(['Europe/Paris', 'Europe/London']);
    expect(businessCalendar('FR')).toBe(fr);
  });

  it('throws UnknownCalendar for an id it does not know', () => {
    expect(() => businessCalendar('XX')).toThrow(expect.objectContaining({ name: 'UnknownCalendar' }));
  });

  it('refuses a malformed definition, naming where it came from and the field', () => {
    const refused = (change: Record<string, unknown>) => () => calendarFromDefinition({ ...frenchDefinition, ...change }, 'calendars/FR-TEST.json');
    const invalid = (...parts: string[]) => expect.objectContaining({ name: 'InvalidCalendar', message: expect.stringMatching(new RegExp(parts.join('.*'))) });
    expect(refused({ weekend: [6, 8] })).toThrow(invalid('calendars/FR-TEST.json', 'weekend.1'));
    expect(refused({ timeZone: 'Europe/Pariss' })).toThrow(invalid('calendars/FR-TEST.json', 'timeZone'));
    expect(refused({ extraClosures: ['2026-02-30'] })).toThrow(invalid('extraClosures.0'));
    expect(refused({ removedHolidays: ['2026-03-04'], extraClosures: ['2026-03-04'] })).toThrow(invalid('removedHolidays.0', 'also an extra closure'));
    expect(refused({ weekends: [6, 7] })).toThrow(invalid('weekends'));
    expect(refused({ publicHolidays: { source: 'date-holidays', country: 'GB', state: 'SCT', types: ['public'] } })).toThrow(invalid('publicHolidays', 'calendars:holidays'));
  });

  it('refuses dates outside the years whose holidays are known, rather than treating them as ordinary days', () => {
    expect(() => fr.isBusinessDay('1999-12-31')).toThrow(RangeError);
    expect(() => fr.isBusinessDay('2026-02-30')).toThrow(RangeError);
  });
});
