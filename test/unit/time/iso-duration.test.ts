import fc from 'fast-check';
import { Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { approximateMs, parseIsoDuration } from '#shared/time/iso-duration.js';

describe('parseIsoDuration', () => {
  it('reads each part', () => {
    expect(parseIsoDuration('P1Y2M3W4DT5H6M7.5S')).toEqual({ negative: false, years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7.5 });
    expect(parseIsoDuration('-PT4H')).toMatchObject({ negative: true, hours: 4 });
    expect(parseIsoDuration('P0,5D')).toMatchObject({ days: 0.5 });
  });

  it.each(['', 'P', 'PT', 'P1DT', '1D', 'P1H', 'PT1D', 'P1D1Y', 'P-1D', 'P1DT-2H', 'banana', ' P1D', 'p1d'])('refuses %j', (text) => {
    expect(parseIsoDuration(text)).toBeUndefined();
  });

  it('refuses what is not a string', () => {
    expect(parseIsoDuration(7)).toBeUndefined();
    expect(parseIsoDuration(undefined)).toBeUndefined();
  });

  it('gives the length luxon gives (a month 30 days, a year 365) for any duration', () => {
    const part = fc.option(fc.integer({ min: 0, max: 500 }), { nil: undefined });
    fc.assert(
      fc.property(fc.tuple(part, part, part, part, part, part, part), ([y, mo, w, d, h, mi, s]) => {
        const date = [y && `${y}Y`, mo && `${mo}M`, w && `${w}W`, d && `${d}D`].filter(Boolean).join('');
        const time = [h && `${h}H`, mi && `${mi}M`, s && `${s}S`].filter(Boolean).join('');
        const text = `P${date}${time ? `T${time}` : ''}`;
        const reference = Duration.fromISO(text);
        const parsed = parseIsoDuration(text);
        if (text === 'P') return expect(parsed).toBeUndefined();
        expect(parsed).toBeDefined();
        expect(approximateMs(parsed!)).toBe(reference.toMillis());
      }),
      { numRuns: 500 },
    );
  });
});
