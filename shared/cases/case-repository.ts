import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { queryAll } from '../aws/query-all.js';
import { config } from '../config.js';
import { kpiWritesForChange } from '../dashboard/kpi-change.js';
import { chainEntry, type HistoryEntry, type HistoryFacts } from '../history/chain.js';
import type { CaseRecord } from './case-record.js';
import {
  allCasesIndexPk,
  CASE_SK,
  casePk,
  HISTORY_PREFIX,
  historySk,
  IDEMPOTENCY_SK,
  idempotencyPk,
  listingShard,
  listingSk,
  ownerIndexPk,
  statusIndexPk,
} from './case-keys.js';

const table = () => config().TABLE_NAME;

/** The index attributes that place a case in the owner, all-cases and by-status listings. */
function listingKeys(record: CaseRecord) {
  const shard = listingShard(record.caseId);
  const sk = listingSk(record.createdAt, record.caseId);
  return {
    ...(record.ownerId ? { gsi1pk: ownerIndexPk(record.ownerId), gsi1sk: sk } : {}),
    gsi2pk: allCasesIndexPk(shard),
    gsi2sk: sk,
    gsi3pk: statusIndexPk(record.status, shard),
    gsi3sk: sk,
  };
}

function caseItem(record: CaseRecord, searchText: string) {
  return { pk: casePk(record.caseId), sk: CASE_SK, entity: 'case', ...record, searchText, ...listingKeys(record) };
}

function historyItem(caseId: string, entry: HistoryEntry) {
  return { pk: casePk(caseId), sk: historySk(entry.seq), entity: 'history', caseId, ...entry };
}

/** A history entry's write: never over an existing one, so the chain cannot be rewritten. */
function historyPut(caseId: string, entry: HistoryEntry): LinkedWrite {
  return { Put: { TableName: table(), Item: historyItem(caseId, entry), ConditionExpression: 'attribute_not_exists(pk)' } };
}

function toRecord(item: Record<string, unknown>): CaseRecord {
  const {
    pk: _pk, sk: _sk, entity: _e, searchText: _s,
    gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _f, gsi3sk: _g, pendingHistory: _p,
    ...record
  } = item;
  return record as unknown as CaseRecord;
}

function toHistoryEntry(item: Record<string, unknown>): HistoryEntry {
  const { pk: _pk, sk: _sk, entity: _e, caseId: _c, ...entry } = item;
  return entry as unknown as HistoryEntry;
}

export interface IdempotencyMarker {
  readonly caseId: string;
  readonly requestHash: string;
}

export class IdempotencyKeyTaken extends Error {
  constructor() {
    super('idempotency key already used');
    this.name = 'IdempotencyKeyTaken';
  }
}

const IDEMPOTENCY_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Writes a new case, `received`, in one write: its first history entry travels inside the case item
 * (`pendingHistory`) until the case's next change writes it out as an entry of its own, in that
 * change's transaction (see recordChange). A declaration in a surge thus costs the front door one
 * item; what the case needs beyond it (decisions, SLA due entry, dashboard counters) is written at
 * registration, at the pace the starter takes cases from the queue. With an Idempotency-Key, the
 * key's marker is written in the same transaction: a retried request can never create a second case.
 */
export async function insertCase(
  record: CaseRecord,
  searchText: string,
  firstEntry: HistoryEntry,
  idempotency?: { userId: string; key: string; requestHash: string; nowEpochSeconds: number },
): Promise<void> {
  const put = {
    TableName: table(),
    Item: { ...caseItem(record, searchText), pendingHistory: [firstEntry] },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  if (!idempotency) {
    await dynamo().send(new PutCommand(put));
    return;
  }
  const marker = {
    Put: {
      TableName: table(),
      Item: {
        pk: idempotencyPk(idempotency.userId, idempotency.key),
        sk: IDEMPOTENCY_SK,
        entity: 'idempotency',
        caseId: record.caseId,
        requestHash: idempotency.requestHash,
        expiresAt: idempotency.nowEpochSeconds + IDEMPOTENCY_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
      ExpressionAttributeValues: { ':now': idempotency.nowEpochSeconds },
    },
  };
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: [marker, { Put: put }] }));
  } catch (error) {
    if (error instanceof TransactionCanceledException && error.CancellationReasons?.[0]?.Code === 'ConditionalCheckFailed') {
      throw new IdempotencyKeyTaken();
    }
    throw error;
  }
}

export async function findIdempotencyMarker(
  userId: string,
  key: string,
  nowEpochSeconds: number,
): Promise<IdempotencyMarker | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: idempotencyPk(userId, key), sk: IDEMPOTENCY_SK }, ConsistentRead: true }),
  );
  // DynamoDB deletes expired items lazily (and DynamoDB Local not at all): check expiry ourselves.
  if (!Item || (Item.expiresAt as number) < nowEpochSeconds) return undefined;
  return { caseId: Item.caseId as string, requestHash: Item.requestHash as string };
}

export async function getCase(caseId: string): Promise<CaseRecord | undefined> {
  return (await getCaseWithPendingHistory(caseId))?.record;
}

/**
 * The case and the history entries still carried in its item (the declaration's, until the case's
 * first change): what a reader of the history must add to the entries it queries.
 */
export async function getCaseWithPendingHistory(caseId: string): Promise<{ record: CaseRecord; pending: HistoryEntry[] } | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: casePk(caseId), sk: CASE_SK }, ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return { record: toRecord(Item), pending: (Item.pendingHistory as HistoryEntry[] | undefined) ?? [] };
}

/**
 * Entries read from the table plus those still pending in the case item, once each, in `order`:
 * the case may have written its pending entries out between the two reads.
 */
export function withPendingHistory(entries: readonly HistoryEntry[], pending: readonly HistoryEntry[], order: 'oldest-first' | 'newest-first'): HistoryEntry[] {
  const bySeq = new Map<number, HistoryEntry>();
  for (const entry of [...pending, ...entries]) bySeq.set(entry.seq, entry);
  const sorted = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
  return order === 'oldest-first' ? sorted : sorted.reverse();
}

/** Newest entries first, at most `limit`. */
export async function recentHistory(caseId: string, limit: number): Promise<HistoryEntry[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': HISTORY_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(toHistoryEntry);
}

/** The whole history in order, for verification and export. */
export async function fullHistory(caseId: string): Promise<HistoryEntry[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': casePk(caseId), ':prefix': HISTORY_PREFIX },
    ConsistentRead: true,
  });
  return items.map(toHistoryEntry);
}

/**
 * True when a transaction was cancelled only because counter items (from index `firstCounter` on)
 * were being written by another transaction: no condition failed, so trying again is safe.
 */
function onlyCountersConflicted(error: unknown, firstCounter: number): boolean {
  if (!(error instanceof TransactionCanceledException)) return false;
  const reasons = error.CancellationReasons ?? [];
  const failed = reasons.map((r, i) => ({ code: r.Code, i })).filter((r) => r.code && r.code !== 'None');
  return failed.length > 0 && failed.every((r) => r.code === 'TransactionConflict' && r.i >= firstCounter);
}

export class ConcurrentChange extends Error {
  constructor() {
    super('the case changed meanwhile');
    this.name = 'ConcurrentChange';
  }
}

/** A write that must succeed or fail together with a history entry (e.g. a task update). */
export type LinkedWrite = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

export interface CaseChange {
  readonly status?: string;
  /** When set, the change only applies if the case is still at this version (else ConcurrentChange). */
  readonly expectedVersion?: number;
  /** Counts the change as a new version of the case's data even if the status stays. */
  readonly bumpVersion?: boolean;
  /** Further attributes of the case to set (name → value). */
  readonly set?: Readonly<Record<string, unknown>>;
  /** Written in the same transaction; if one of their conditions fails, nothing is written. */
  readonly linkedWrites?: readonly LinkedWrite[];
}

/** A linked write's condition failed: the thing it guards changed meanwhile. */
export class LinkedWriteRefused extends Error {
  constructor(readonly index: number) {
    super('a linked write was refused');
    this.name = 'LinkedWriteRefused';
  }
}

/**
 * Appends one entry to the case's hash chain and applies the change to the case, atomically.
 * The chain head is compared-and-set, so two writers can never fork the history; a writer that
 * loses simply re-reads and tries again (history appends commute), unless it asked for a version.
 */
export async function recordChange(
  caseId: string,
  facts: Omit<HistoryFacts, 'seq'>,
  change: CaseChange = {},
  attempts = 8,
): Promise<{ record: CaseRecord; entry: HistoryEntry }> {
  for (let attempt = 1; ; attempt++) {
    const found = await getCaseWithPendingHistory(caseId);
    if (!found) throw new Error(`case ${caseId} not found`);
    const { record: current, pending } = found;
    if (change.expectedVersion !== undefined && current.version !== change.expectedVersion) throw new ConcurrentChange();
    const entry = chainEntry(current.historyHead, { ...facts, seq: current.historySeq + 1 });
    const statusChanged = change.status !== undefined && change.status !== current.status;
    const next: CaseRecord = {
      ...current,
      status: change.status ?? current.status,
      version: statusChanged || change.bumpVersion ? current.version + 1 : current.version,
      historySeq: entry.seq,
      historyHead: entry.hash,
      updatedAt: facts.at,
    };
    const shard = listingShard(caseId);
    const extraNames: Record<string, string> = {};
    const extraValues: Record<string, unknown> = {};
    const after = { ...next, ...(change.set ?? {}) } as CaseRecord;
    const linked = change.linkedWrites ?? [];
    const counters = await kpiWritesForChange(current, after, linked, facts.at);
    const extraSets = Object.entries(change.set ?? {}).map(([name, value], i) => {
      extraNames[`#x${i}`] = name;
      extraValues[`:x${i}`] = value;
      return `#x${i} = :x${i}`;
    });
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: table(),
                Key: { pk: casePk(caseId), sk: CASE_SK },
                UpdateExpression:
                  'SET #status = :status, #version = :version, historySeq = :seq, historyHead = :head, updatedAt = :at, gsi3pk = :gsi3pk' +
                  extraSets.map((e) => `, ${e}`).join('') +
                  (pending.length ? ' REMOVE pendingHistory' : ''),
                ConditionExpression: 'historySeq = :prevSeq AND #version = :prevVersion',
                ExpressionAttributeNames: { '#status': 'status', '#version': 'version', ...extraNames },
                ExpressionAttributeValues: {
                  ...extraValues,
                  ':status': next.status,
                  ':version': next.version,
                  ':seq': next.historySeq,
                  ':head': next.historyHead,
                  ':at': next.updatedAt,
                  ':gsi3pk': statusIndexPk(next.status, shard),
                  ':prevSeq': current.historySeq,
                  ':prevVersion': current.version,
                },
              },
            },
            historyPut(caseId, entry),
            ...linked,
            // The dashboard's counters, after the linked writes so that their indexes stay as given.
            ...counters,
            // The entries the case item still carried (its declaration) become entries of their own.
            ...pending.map((earlier) => historyPut(caseId, earlier)),
          ],
        }),
      );
      return { record: after, entry };
    } catch (error) {
      const lostRace = error instanceof TransactionCanceledException;
      if (!lostRace) throw error;
      const refused = (error.CancellationReasons ?? []).findIndex((r, i) => i >= 2 && i < 2 + linked.length && r.Code === 'ConditionalCheckFailed');
      if (refused >= 2) throw new LinkedWriteRefused(refused - 2);
      if (onlyCountersConflicted(error, 2 + linked.length) && attempt < attempts) {
        await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
        continue;
      }
      if (change.expectedVersion !== undefined || attempt >= attempts) throw new ConcurrentChange();
      // A workflow's steps write the case in bursts; retrying at once can lose to each of them in
      // turn. A random pause (full jitter, growing) lets the burst pass.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(500, 20 * 2 ** attempt)));
    }
  }
}
