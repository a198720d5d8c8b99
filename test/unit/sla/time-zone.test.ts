import fc from 'fast-check';
import { DateTime, IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import { isValidTimeZone, wallClockToInstant, zoneOffsetMinutes } from '#shared/sla/time-zone.js';

// The SLA code's own zone arithmetic, checked against luxon (a development dependency only) on
// zones whose clocks change in awkward ways: at midnight (Santiago, Beirut, Havana, Sao Paulo before
// 2019), by half an hour (Lord Howe), a whole day skipped (Apia, 30 December 2011), no DST at all.
const ZONES = [
  'Europe/Paris',
  'Europe/London',
  'America/New_York',
  'America/Santiago',
  'America/Sao_Paulo',
  'America/Havana',
  'Asia/Beirut',
  'Asia/Tehran',
  'Asia/Kolkata',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'Pacific/Chatham',
  'Africa/Casablanca',
  'UTC',
];
const DAY = 86_400_000;
const FROM = Date.UTC(2008, 0, 1);
const TO = Date.UTC(2027, 11, 31);

describe('zoneOffsetMinutes', () => {
  it.each(ZONES)('gives the offset luxon gives in %s at any instant of 2008-2027', (zone) => {
    const reference = IANAZone.create(zone);
    fc.assert(
      fc.property(fc.integer({ min: FROM, max: TO }), (ms) => {
        expect(zoneOffsetMinutes(zone, ms)).toBe(reference.offset(ms));
      }),
      { numRuns: 400 },
    );
  });

  it('reads summer and winter time in Paris', () => {
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 6, 14, 12))).toBe(120);
    expect(zoneOffsetMinutes('Europe/Paris', Date.UTC(2026, 0, 14, 12))).toBe(60);
    expect(zoneOffsetMinutes('Asia/Kolkata', Date.UTC(2026, 0, 14, 12))).toBe(330);
  });
});

describe('wallClockToInstant', () => {
  it.each(ZONES)('finds the first instant of every local day of 2008-2027 in %s', (zone) => {
    let offset = zoneOffsetMinutes(zone, FROM);
    for (let wallMidnight = FROM; wallMidnight <= TO; wallMidnight += DAY) {
      const start = wallClockToInstant(zone, wallMidnight, offset);
      const date = new Date(wallMidnight).toISOString().slice(0, 10);
      const day = DateTime.fromMillis(start, { zone }).toISODate();
      const before = DateTime.fromMillis(start - 1, { zone }).toISODate()!;
      // Apia skipped 30 December 2011: that "day" begins when 31 December does.
      if (day !== date) expect({ date, day, skipped: zone === 'Pacific/Apia' && date === '2011-12-30' }).toMatchObject({ skipped: true });
      else expect(before < date, `${zone} ${date}: the instant before ${new Date(start).toISOString()} is still that day`).toBe(true);
      offset = zoneOffsetMinutes(zone, start);
    }
  });

  it('moves a time in a spring-forward gap forward by the gap, as luxon does', () => {
    // Paris, 29 March 2026: 02:00 became 03:00; 02:30 does not exist and reads as 03:30.
    const instant = wallClockToInstant('Europe/Paris', Date.UTC(2026, 2, 29, 2, 30), 60);
    expect(new Date(instant).toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(instant).toBe(DateTime.fromObject({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, { zone: 'Europe/Paris' }).toMillis());
  });

  it('gives the same instant whatever the guess when the time happens once', () => {
    const wall = Date.UTC(2026, 6, 14, 9);
    for (const guess of [-600, 0, 60, 120, 840]) expect(new Date(wallClockToInstant('Europe/Paris', wall, guess)).toISOString()).toBe('2026-07-14T07:00:00.000Z');
  });
});

describe('isValidTimeZone', () => {
  it.each([...ZONES, 'Etc/GMT+5', 'Asia/Kathmandu', 'Not/AZone', 'Europe/Pariss', '', 'Paris', '+01:00'])('agrees with luxon on %j', (zone) => {
    expect(isValidTimeZone(zone)).toBe(IANAZone.isValidZone(zone));
  });

  it('refuses what is not a string', () => {
    expect(isValidTimeZone(undefined)).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });
});
