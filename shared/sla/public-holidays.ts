import holidayDates from '../../calendars/holiday-dates.json' with { type: 'json' };
import { holidaySourceKey, type PublicHolidaySource } from './calendar-definition.js';

// Public holidays are the dates the date-holidays library gives, computed ahead of time for a range
// of years by `npm run calendars:holidays` (calendars/generate-holiday-dates.ts) and carried as
// data. The library at run time would add 1.3 MB to each Lambda bundle even with only these
// countries' rules (its engine brings moment-timezone and an astronomy package), and tens of
// milliseconds to each cold start, for a dozen dates a year. A unit test fails when the stored
// dates differ from what the pinned library computes.

const sources = holidayDates.sources as Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
const holidayYears: { readonly from: number; readonly to: number } = holidayDates.years;

/** Why no dates are stored for this source (naming the field), or undefined when they are. */
export function missingHolidayDates(source: PublicHolidaySource, timeZone: string): string | undefined {
  const key = holidaySourceKey(source, timeZone);
  if (sources[key]) return undefined;
  return `publicHolidays: no holiday dates generated for "${key}" (run npm run calendars:holidays)`;
}

/** The local dates (YYYY-MM-DD) closed for a public holiday in a year. */
export function publicHolidayDates(source: PublicHolidaySource, timeZone: string): (year: number) => ReadonlySet<string> {
  const key = holidaySourceKey(source, timeZone);
  const byYear = sources[key];
  if (!byYear) throw new Error(missingHolidayDates(source, timeZone));
  return (year) => {
    if (year < holidayYears.from || year > holidayYears.to) {
      throw new RangeError(`public holidays (${key}) are known for ${holidayYears.from} to ${holidayYears.to}, not ${year}`);
    }
    return new Set((byYear[year] ?? []).map((monthDay) => `${year}-${monthDay}`));
  };
}
