// Time is injected so that deadlines can be tested in seconds: the local runtime moves this clock
// forward (POST /api/_local/clock); in AWS the offset stays zero and this is the system clock.
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function nowIso(): string {
  return now().toISOString();
}

export function advanceClock(ms: number): void {
  if (ms < 0) throw new Error('the clock only moves forward');
  offsetMs += ms;
}

export function clockOffsetMs(): number {
  return offsetMs;
}

export function setClockOffsetMs(ms: number): void {
  offsetMs = ms;
}
