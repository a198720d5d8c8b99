// `npm run calendars:holidays` rewrites calendars/holiday-dates.json: for each distinct
// `publicHolidays` of the calendar files, the dates the date-holidays library gives for the years
// covered. Run it after adding a calendar, changing a calendar's publicHolidays or time zone, or
// upgrading date-holidays; a unit test fails until then. Lambdas read only the JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Holidays from 'date-holidays';
import library from 'date-holidays/package.json' with { type: 'json' };
import { DateTime } from 'luxon';
import { holidaySourceKey, InvalidCalendarError, parseCalendarDefinition, type PublicHolidaySource } from '#shared/sla/calendar-definition.js';
import { calendarFiles } from '#shared/sla/calendar-files.js';

/** Past years serve replays of old cases; the end leaves decades of deadlines. */
export const YEARS = { from: 2000, to: 2099 } as const;

export interface HolidayDates {
  /** The package and version that computed the dates, and its licence (the data's attribution). */
  readonly library: string;
  readonly license: string;
  readonly years: { readonly from: number; readonly to: number };
  /** By source key, then by year: the month-days (MM-DD) closed. */
  readonly sources: Record<string, Record<string, string[]>>;
}

function placeProblem(holidays: Holidays, source: PublicHolidaySource): string | undefined {
  const { country, state, region } = source;
  if (!holidays.getCountries()[country]) return `publicHolidays.country: date-holidays has no country ${country}`;
  if (state !== undefined && !holidays.getStates(country)?.[state]) return `publicHolidays.state: date-holidays has no state ${state} in ${country}`;
  if (region !== undefined && (state === undefined || !holidays.getRegions(country, state)?.[region])) {
    return `publicHolidays.region: date-holidays has no region ${region} in ${country}${state ? `-${state}` : ''}`;
  }
  return undefined;
}

function datesFor(source: PublicHolidaySource, timeZone: string, file: string): Record<string, string[]> {
  const holidays = new Holidays();
  const problem = placeProblem(holidays, source);
  if (problem) throw new InvalidCalendarError(file, [problem]);
  holidays.init({ country: source.country, state: source.state, region: source.region }, { types: [...source.types], timezone: timeZone });
  const byYear = new Map<number, Set<string>>();
  // From the year before: a holiday may run from one year into the next.
  for (let year = YEARS.from - 1; year <= YEARS.to; year++) {
    for (const holiday of holidays.getHolidays(year)) {
      const last = DateTime.fromMillis(holiday.end.getTime() - 1, { zone: timeZone });
      for (let day = DateTime.fromJSDate(holiday.start, { zone: timeZone }).startOf('day'); day <= last; day = day.plus({ days: 1 })) {
        if (day.year < YEARS.from || day.year > YEARS.to) continue;
        if (!byYear.has(day.year)) byYear.set(day.year, new Set());
        byYear.get(day.year)!.add(day.toFormat('MM-dd'));
      }
    }
  }
  return Object.fromEntries([...byYear].sort(([a], [b]) => a - b).map(([year, days]) => [String(year), [...days].sort()]));
}

export function holidayDates(): HolidayDates {
  const sources: Record<string, Record<string, string[]>> = {};
  for (const [file, json] of Object.entries(calendarFiles)) {
    const definition = parseCalendarDefinition(json, file);
    const key = holidaySourceKey(definition.publicHolidays, definition.timeZone);
    sources[key] ??= datesFor(definition.publicHolidays, definition.timeZone, file);
  }
  const sorted = Object.fromEntries(Object.entries(sources).sort(([a], [b]) => a.localeCompare(b)));
  return { library: `date-holidays ${library.version}`, license: library.license, years: YEARS, sources: sorted };
}

/** One line per year, so that a regeneration's diff shows which years changed. */
export function holidayDatesText(dates: HolidayDates): string {
  const source = (byYear: Record<string, string[]>) =>
    Object.entries(byYear)
      .map(([year, days]) => `      ${JSON.stringify(year)}: ${JSON.stringify(days)}`)
      .join(',\n');
  const sources = Object.entries(dates.sources)
    .map(([key, byYear]) => `    ${JSON.stringify(key)}: {\n${source(byYear)}\n    }`)
    .join(',\n');
  return `{\n  "library": ${JSON.stringify(dates.library)},\n  "license": ${JSON.stringify(dates.license)},\n  "years": ${JSON.stringify(dates.years)},\n  "sources": {\n${sources}\n  }\n}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dates = holidayDates();
  writeFileSync(join(import.meta.dirname, 'holiday-dates.json'), holidayDatesText(dates));
  process.stdout.write(`calendars/holiday-dates.json: ${Object.keys(dates.sources).join('; ')} (${YEARS.from} to ${YEARS.to})\n`);
}
