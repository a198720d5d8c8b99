import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { holidayDates, holidayDatesText, YEARS } from '../../../calendars/generate-holiday-dates.js';

// Lambdas read public holidays from calendars/holiday-dates.json, computed by the pinned
// date-holidays; this fails when the file no longer matches (a calendar added or changed, the
// library upgraded): `npm run calendars:holidays` rewrites it.
describe('the stored public holiday dates', () => {
  it('are what date-holidays computes for the calendar files', () => {
    expect(readFileSync('calendars/holiday-dates.json', 'utf8')).toBe(holidayDatesText(holidayDates()));
  });

  it('cover at least the next ten years', () => {
    expect(YEARS.to).toBeGreaterThanOrEqual(new Date().getUTCFullYear() + 10);
  });
});
