import { Decimal } from 'decimal.js';
import { queryAll } from '../aws/query-all.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { config } from '../config.js';
import { approximateMs, parseIsoDuration } from '../time/iso-duration.js';
import { decisionIndexPk } from './case-decisions.js';
import type { DecisionTable } from './decision-table.js';
import { evaluateTable } from './evaluate-table.js';
import type { CaseFacts } from './facts.js';

/** A decision as stored with its case: what the simulation replays. */
export interface RecordedDecision {
  readonly caseId: string;
  readonly caseType: string;
  readonly version: number;
  readonly value: unknown;
  readonly facts: CaseFacts;
  readonly evaluatedAt: string;
}

export interface ChangedCase {
  readonly caseId: string;
  readonly caseType: string;
  readonly version: number;
  readonly before: unknown;
  readonly after: unknown;
}

export interface FailedCase {
  readonly caseId: string;
  readonly error: string;
  readonly ruleIds: readonly string[];
}

/**
 * What a change of table would do, over all replayed cases. Lists (e.g. required documents) count
 * items newly required or no longer required; durations the shift in days; numbers the change,
 * and, where the case has an `amount`, the money it moves (amount × change of rate).
 */
export interface Impact {
  readonly itemsAdded: Record<string, number>;
  readonly itemsRemoved: Record<string, number>;
  readonly transitions: Record<string, number>;
  readonly durationShiftDays: { total: number; longer: number; shorter: number };
  readonly numberDelta: { total: number; up: number; down: number };
  readonly amountDelta: string;
}

export interface Replay {
  readonly evaluated: number;
  readonly changed: ChangedCase[];
  readonly failed: FailedCase[];
  readonly impact: Impact;
}

const itemLabel = (item: unknown) =>
  item && typeof item === 'object' ? Object.values(item as Record<string, unknown>).map(String).join(' in ') : String(item);

/** Replays a table over recorded decisions (the newest one of each case). Pure: the bench uses it. */
export function replay(table: DecisionTable, decisions: readonly RecordedDecision[]): Replay {
  const changed: ChangedCase[] = [];
  const failed: FailedCase[] = [];
  const impact = {
    itemsAdded: {} as Record<string, number>,
    itemsRemoved: {} as Record<string, number>,
    transitions: {} as Record<string, number>,
    durationShiftDays: { total: 0, longer: 0, shorter: 0 },
    numberDelta: { total: 0, up: 0, down: 0 },
    amountDelta: new Decimal(0),
  };
  const bump = (counts: Record<string, number>, key: string) => (counts[key] = (counts[key] ?? 0) + 1);

  const compare = (before: unknown, after: unknown, facts: CaseFacts, prefix: string) => {
    if (Array.isArray(before) || Array.isArray(after)) {
      const old = new Set((Array.isArray(before) ? before : []).map((v) => JSON.stringify(v)));
      const now = new Set((Array.isArray(after) ? after : []).map((v) => JSON.stringify(v)));
      for (const item of now) if (!old.has(item)) bump(impact.itemsAdded, prefix + itemLabel(JSON.parse(item)));
      for (const item of old) if (!now.has(item)) bump(impact.itemsRemoved, prefix + itemLabel(JSON.parse(item)));
      return;
    }
    if (before && after && typeof before === 'object' && typeof after === 'object') {
      for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
        const a = (before as Record<string, unknown>)[key];
        const b = (after as Record<string, unknown>)[key];
        if (JSON.stringify(a) !== JSON.stringify(b)) compare(a, b, facts, `${prefix}${key}: `);
      }
      return;
    }
    bump(impact.transitions, `${prefix}${JSON.stringify(before)} → ${JSON.stringify(after)}`);
    if (typeof before === 'number' && typeof after === 'number') {
      const delta = new Decimal(after).minus(before);
      impact.numberDelta.total = new Decimal(impact.numberDelta.total).plus(delta).toNumber();
      if (delta.isPositive()) impact.numberDelta.up++;
      else impact.numberDelta.down++;
      if (typeof facts.amount === 'number') impact.amountDelta = impact.amountDelta.plus(delta.times(facts.amount));
    }
    const days = (iso: unknown) => {
      const duration = parseIsoDuration(iso);
      return duration && approximateMs(duration) / 86_400_000;
    };
    const [from, to] = [days(before), days(after)];
    if (from !== undefined && to !== undefined) {
      const shift = to - from;
      impact.durationShiftDays.total += shift;
      if (shift > 0) impact.durationShiftDays.longer++;
      if (shift < 0) impact.durationShiftDays.shorter++;
    }
  };

  for (const decision of decisions) {
    try {
      const after = evaluateTable(table, decision.facts).value;
      if (JSON.stringify(after) === JSON.stringify(decision.value)) continue;
      changed.push({ caseId: decision.caseId, caseType: decision.caseType, version: decision.version, before: decision.value, after });
      compare(decision.value, after, decision.facts, '');
    } catch (error) {
      failed.push({ caseId: decision.caseId, error: (error as Error).message, ruleIds: (error as { ruleIds?: string[] }).ruleIds ?? [] });
    }
  }
  return { evaluated: decisions.length, changed, failed, impact: { ...impact, amountDelta: impact.amountDelta.toFixed(2) } };
}

/**
 * The recorded decisions of one table, read from its own index (one Query per shard, never a
 * scan), between two instants of evaluation, in evaluation order.
 */
export async function recordedDecisions(decisionId: string, window: { from?: string; until: string }): Promise<RecordedDecision[]> {
  const shards = await Promise.all(
    Array.from({ length: LISTING_SHARDS }, (_, shard) =>
      queryAll({
        TableName: config().TABLE_NAME,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :until',
        ExpressionAttributeValues: { ':pk': decisionIndexPk(decisionId, shard), ':from': window.from ?? '0', ':until': `${window.until}~` },
      }),
    ),
  );
  return shards
    .flat()
    .sort((a, b) => String(a.gsi1sk).localeCompare(String(b.gsi1sk)))
    .map((item) => ({
      caseId: item.caseId as string,
      caseType: item.caseType as string,
      version: item.version as number,
      value: item.value,
      facts: item.facts as CaseFacts,
      evaluatedAt: item.evaluatedAt as string,
    }));
}
