import { randomUUID } from 'node:crypto';
import { metering } from '#shared/metering/meter.js';
import type { PutEventsEntry } from './workflows/runner.js';

/** An event as EventBridge delivers it to a target. */
export interface BusEvent {
  readonly version: '0';
  readonly id: string;
  readonly 'detail-type': string;
  readonly source: string;
  readonly account: string;
  readonly time: string;
  readonly region: string;
  readonly resources: readonly string[];
  readonly detail: Record<string, unknown>;
}

export type EventPattern = Record<string, unknown>;

interface Rule {
  readonly name: string;
  readonly eventPattern: EventPattern;
  readonly target: (event: BusEvent) => Promise<void>;
}

const MAX_ATTEMPTS = 3;

/**
 * The local EventBridge bus: same event shape, rules matched by event pattern, each target
 * called asynchronously with retries and a dead-letter list, at least once, as in AWS.
 */
export class LocalEventBus {
  private readonly rules: Rule[] = [];
  private readonly deliveries = new Set<Promise<void>>();
  readonly published: BusEvent[] = [];
  readonly deadLetters: { rule: string; event: BusEvent; error: string }[] = [];

  constructor(private readonly options: { busName: string }) {}

  addRule(rule: Rule): void {
    this.rules.push(rule);
  }

  async putEvents(entries: readonly PutEventsEntry[]): Promise<{ EventId: string }[]> {
    return entries.map((entry) => {
      const event: BusEvent = {
        version: '0',
        id: randomUUID(),
        'detail-type': entry.DetailType ?? '',
        source: entry.Source ?? '',
        account: '000000000000',
        time: new Date(entry.Time ?? Date.now()).toISOString(),
        region: 'local',
        resources: entry.Resources ?? [],
        detail: entry.Detail ? (JSON.parse(entry.Detail) as Record<string, unknown>) : {},
      };
      this.published.push(event);
      meterEntry(entry);
      for (const rule of this.rules) {
        if (matches(rule.eventPattern, event as unknown as Record<string, unknown>)) this.deliver(rule, event);
      }
      return { EventId: event.id };
    });
  }

  /** Resolves once every delivery under way has succeeded or been dead-lettered. */
  async drain(): Promise<void> {
    while (this.deliveries.size > 0) await Promise.allSettled([...this.deliveries]);
  }

  private deliver(rule: Rule, event: BusEvent): void {
    const delivery = (async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          await rule.target(event);
          return;
        } catch (error) {
          if (attempt >= MAX_ATTEMPTS) {
            this.deadLetters.push({ rule: rule.name, event, error: (error as Error).name });
            console.error(`event ${event['detail-type']} dead-lettered by rule ${rule.name}: ${(error as Error).name}`);
            return;
          }
          await new Promise((r) => setTimeout(r, 100 * 2 ** attempt));
        }
      }
    })();
    this.deliveries.add(delivery);
    void delivery.finally(() => this.deliveries.delete(delivery));
  }
}

/**
 * EventBridge bills each custom event in 64 KB steps of its size; events of AWS services (here
 * S3's Object Created) are free. The archive of the domain bus bills the bytes it takes in.
 */
function meterEntry(entry: PutEventsEntry): void {
  const meter = metering();
  if (!meter) return;
  const source = entry.Source ?? '';
  if (source.startsWith('aws.')) return meter.add('eventbridge', 'AWS service events (free)', 1, source);
  const bytes = Buffer.byteLength(JSON.stringify(entry));
  meter.add('eventbridge', 'custom events', Math.max(1, Math.ceil(bytes / 65_536)), source);
  if (source.startsWith('dossier.')) meter.add('eventbridge', 'archived bytes', bytes, source);
}

/**
 * EventBridge pattern matching: each field of the pattern lists the accepted values, or
 * content filters ({prefix}, {anything-but}, {exists}, {numeric}); nested objects match nested.
 */
export function matches(pattern: EventPattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const actual = event[field];
    if (Array.isArray(expected)) return expected.some((rule) => matchesValue(rule, actual));
    if (expected && typeof expected === 'object') {
      return actual !== null && typeof actual === 'object' && matches(expected as EventPattern, actual as Record<string, unknown>);
    }
    return false;
  });
}

function matchesValue(rule: unknown, actual: unknown): boolean {
  const values = Array.isArray(actual) ? actual : [actual];
  if (rule === null || typeof rule !== 'object') return values.some((v) => v === rule);
  const filter = rule as Record<string, unknown>;
  if ('exists' in filter) return filter.exists ? actual !== undefined : actual === undefined;
  if (actual === undefined) return false;
  if ('prefix' in filter) return values.some((v) => typeof v === 'string' && v.startsWith(String(filter.prefix)));
  if ('anything-but' in filter) {
    const excluded = Array.isArray(filter['anything-but']) ? filter['anything-but'] : [filter['anything-but']];
    return values.every((v) => !excluded.includes(v));
  }
  if ('numeric' in filter) {
    const conditions = filter.numeric as (string | number)[];
    return values.some((v) => {
      if (typeof v !== 'number') return false;
      for (let i = 0; i < conditions.length; i += 2) {
        const [op, bound] = [conditions[i], Number(conditions[i + 1])];
        const ok = op === '<' ? v < bound : op === '<=' ? v <= bound : op === '=' ? v === bound : op === '>=' ? v >= bound : op === '>' ? v > bound : false;
        if (!ok) return false;
      }
      return true;
    });
  }
  return false;
}
