import * as z from 'zod';
import { isValidTimeZone } from './time-zone.js';

// A business calendar as the files under calendars/ declare it. Those files are edited by hand, so
// everything is checked when they are loaded and a mistake names the file and the field.

const isoDate = z.iso.date();
const isoWeekday = z.int().min(1).max(7);

export const calendarDefinitionSchema = z
  .strictObject({
    id: z.string().regex(/^[A-Z][A-Z0-9-]{1,19}$/, 'must be upper-case letters, digits and dashes, such as FR or GB-SCT'),
    name: z.string().trim().min(1).max(200),
    timeZone: z.string().refine((zone) => isValidTimeZone(zone), 'must be an IANA time zone such as Europe/Paris'),
    weekend: z
      .array(isoWeekday)
      .max(6, 'must leave at least one working weekday')
      .refine((days) => new Set(days).size === days.length, 'must not repeat a weekday'),
    // Where the public holidays come from: the date-holidays data for a country (and a state or
    // region of it), keeping the holiday types that close the office.
    publicHolidays: z.strictObject({
      source: z.literal('date-holidays'),
      country: z.string().regex(/^[A-Z]{2}$/, 'must be an ISO 3166-1 alpha-2 code'),
      state: z.string().min(1).max(10).optional(),
      region: z.string().min(1).max(10).optional(),
      types: z.array(z.enum(['public', 'bank', 'optional', 'school', 'observance'])).min(1),
    }),
    extraClosures: z.array(isoDate),
    removedHolidays: z.array(isoDate),
  })
  .superRefine((definition, context) => {
    const closed = new Set(definition.extraClosures);
    definition.removedHolidays.forEach((date, index) => {
      if (closed.has(date)) {
        context.addIssue({ code: 'custom', path: ['removedHolidays', index], message: `${date} is also an extra closure` });
      }
    });
  });

export type CalendarDefinition = z.infer<typeof calendarDefinitionSchema>;
export type PublicHolidaySource = CalendarDefinition['publicHolidays'];

/** What the stored public holiday dates were computed for: a changed source needs new dates. */
export function holidaySourceKey(source: PublicHolidaySource, timeZone: string): string {
  const place = [source.country, source.state, source.region].filter((part) => part !== undefined).join('-');
  return `${place} ${[...new Set(source.types)].sort().join(',')} ${timeZone}`;
}

/** A calendar definition is malformed; the message names where it came from and each bad field. */
export class InvalidCalendarError extends Error {
  override readonly name = 'InvalidCalendar';
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`${source}: ${problems.join('; ')}`);
  }
}

export function parseCalendarDefinition(input: unknown, source: string): CalendarDefinition {
  const result = calendarDefinitionSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidCalendarError(
      source,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  }
  return result.data;
}
