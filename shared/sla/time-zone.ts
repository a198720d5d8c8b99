// Time-zone arithmetic from the runtime's own Intl data (Node and the Lambda runtime ship full ICU),
// so the SLA code carries no date library: it needs a zone's UTC offset at an instant and the
// instant a local wall-clock time begins, nothing more.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterOf(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Whether the runtime knows this IANA zone (Europe/Paris, America/Sao_Paulo, UTC...). */
export function isValidTimeZone(zone: unknown): zone is string {
  if (typeof zone !== 'string' || zone === '') return false;
  try {
    formatterOf(zone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in minutes (Europe/Paris in July: 120). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterOf(zone).formatToParts(ms)) if (part.type !== 'literal') parts[part.type] = Number(part.value);
  const wallClock = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  const wholeSeconds = ms - (((ms % 1000) + 1000) % 1000);
  return Math.round((wallClock - wholeSeconds) / 60_000);
}

/** The instant a local wall-clock time (given as if it were UTC: Date.UTC(y, m, d, h...)) happens in
 *  the zone. `offsetGuess` is an offset the zone probably has then (the previous day's). A time the
 *  clocks skip (a spring-forward gap) moves forward by the gap's length, as luxon and java.time do
 *  (Paris 02:30 on the spring-forward night is 03:30), so a skipped midnight gives the first instant
 *  after the gap; a time that happens
 *  twice (fall back) gives the one in the guessed offset, so the previous day's offset gives a
 *  day's first midnight. */
export function wallClockToInstant(zone: string, wallClock: number, offsetGuess = zoneOffsetMinutes(zone, wallClock)): number {
  const guess = wallClock - offsetGuess * 60_000;
  const offsetThen = zoneOffsetMinutes(zone, guess);
  if (offsetThen === offsetGuess) return guess;
  const corrected = guess - (offsetThen - offsetGuess) * 60_000;
  const offsetCorrected = zoneOffsetMinutes(zone, corrected);
  if (offsetCorrected === offsetThen) return corrected;
  // The wall-clock time falls in a gap: read with the offset before it, which lands past the gap.
  return wallClock - Math.min(offsetThen, offsetCorrected) * 60_000;
}
