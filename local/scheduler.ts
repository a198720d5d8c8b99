import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { functions } from '#functions/registry.js';
import { now } from '#shared/clock.js';

// The daily schedule of the CDK stack (cron 30 2 * * ? *), played on the runtime's clock.
const DAILY_AT_UTC = { hour: 2, minute: 30 };

/**
 * The local stand-in for EventBridge schedules: runs the `every-few-minutes` functions at each
 * tick, and each `daily` function once per day of the runtime's clock, so moving the clock (POST /api/_local/clock) makes days pass in seconds.
 * The last run of each job is kept in the data folder, so a restart does not run it twice.
 */
export class LocalScheduler {
  private readonly lastRun: Record<string, string>;
  private timer: NodeJS.Timeout | undefined;
  private running = Promise.resolve();

  constructor(
    private readonly invoke: (functionId: string, event: unknown) => Promise<unknown>,
    private readonly stateFile?: string,
  ) {
    this.lastRun = stateFile && existsSync(stateFile) ? (JSON.parse(readFileSync(stateFile, 'utf8')) as Record<string, string>) : {};
  }

  start(intervalMs = 60_000): void {
    this.timer = setInterval(() => void this.runDue(), intervalMs);
    this.timer.unref();
  }

  /** Runs every job due by the runtime's clock; concurrent calls queue up instead of overlapping. */
  runDue(): Promise<void> {
    this.running = this.running.then(() => this.runDueNow()).catch((error: unknown) => {
      console.error('scheduled job failed:', (error as Error).name);
    });
    return this.running;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private async runDueNow(): Promise<void> {
    const at = now();
    // The every-few-minutes jobs (the deadline checker) run at each tick and after each clock move.
    for (const spec of functions.filter((f) => f.trigger === 'every-few-minutes')) {
      await this.invoke(spec.id, { source: 'aws.events', 'detail-type': 'Scheduled Event', time: at.toISOString(), detail: {} });
    }
    const today = at.toISOString().slice(0, 10);
    const dueToday = at.getUTCHours() * 60 + at.getUTCMinutes() >= DAILY_AT_UTC.hour * 60 + DAILY_AT_UTC.minute;
    for (const spec of functions.filter((f) => f.trigger === 'daily')) {
      const last = this.lastRun[spec.id];
      // The first start only records the day; afterwards each new day (past 02:30) runs once.
      if (last === undefined) {
        this.record(spec.id, today);
        continue;
      }
      if (last >= today || !dueToday) continue;
      await this.invoke(spec.id, { source: 'aws.events', 'detail-type': 'Scheduled Event', time: at.toISOString(), detail: {} });
      this.record(spec.id, today);
    }
  }

  private record(id: string, day: string): void {
    this.lastRun[id] = day;
    if (this.stateFile) writeFileSync(this.stateFile, JSON.stringify(this.lastRun));
  }
}
