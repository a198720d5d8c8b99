import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { queryAll } from '../aws/query-all.js';
import { config } from '../config.js';
import { kpiWritesForChange } from '../dashboard/kpi-change.js';
import { chainEntry, type HistoryEntry, type HistoryFacts } from '../history/chain.js';
import { CASE_DETAILS_ENTITY, detailsOf, isDetail } from './case-details.js';
import type { CaseRecord } from './case-record.js';
import {
  allCasesIndexPk,
  CASE_DETAIL_ATTRIBUTES,
  CASE_DETAILS_SK,
  CASE_HEAD_SK,
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

/** The case's head item (chain head and last change), once the case has one. */
export interface CaseHead {
  readonly historySeq: number;
  readonly historyHead: string;
  readonly updatedAt: string;
}

function headItem(caseId: string, head: CaseHead) {
  return { pk: casePk(caseId), sk: CASE_HEAD_SK, entity: 'case-head', caseId, ...head };
}

/**
 * The case as readers see it: the case item, with its details from the details item when there is
 * one (before its first change, or written by the code from before the details item, the case item
 * holds them itself), and the chain head and last change time from the head item when there is
 * one (without one, a case declared and not yet changed or written by the code from before the
 * head item, the case item holds them too).
 */
function toRecord(item: Record<string, unknown>, head?: Record<string, unknown>, details?: Record<string, unknown>): CaseRecord {
  const {
    pk: _pk, sk: _sk, entity: _e, searchText: _s,
    gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _f, gsi3sk: _g, pendingHistory: _p, itemSeq: _i,
    ...own
  } = item;
  const record = { ...own, ...(details ? detailsOf(details) : {}) };
  if (!head) return record as unknown as CaseRecord;
  const updatedAt = [record.updatedAt as string, head.updatedAt as string].sort().at(-1);
  return { ...record, historySeq: head.historySeq, historyHead: head.historyHead, updatedAt } as unknown as CaseRecord;
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
  /** An item written with the case, in its transaction (the member's link to it). */
  linked?: LinkedWrite,
): Promise<void> {
  const put = {
    TableName: table(),
    Item: { ...caseItem(record, searchText), pendingHistory: [firstEntry] },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  if (!idempotency && !linked) {
    await dynamo().send(new PutCommand(put));
    return;
  }
  if (!idempotency) {
    await dynamo().send(new TransactWriteCommand({ TransactItems: [{ Put: put }, linked!] }));
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
    await dynamo().send(new TransactWriteCommand({ TransactItems: [marker, { Put: put }, ...(linked ? [linked] : [])] }));
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
  return (await readCase(caseId))?.found;
}

/** What recordChange needs besides the record: which layout the case is in, and the item's revision. */
interface StoredCase {
  readonly found: { record: CaseRecord; pending: HistoryEntry[] };
  /** False for a case whose chain head is still in the case item (no head item yet). */
  readonly hasHead: boolean;
  /** The history position at which the case item itself was last written (with a head item). */
  readonly itemSeq?: number;
  /** Set once the details have their own item: the history position of its last write. */
  readonly detailsSeq?: number;
}

/** The case item, its details and its head in one strongly consistent Query (their sort keys start `CASE`). */
async function readCase(caseId: string): Promise<StoredCase | undefined> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: table(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :case)',
      ExpressionAttributeValues: { ':pk': casePk(caseId), ':case': CASE_SK },
      ConsistentRead: true,
    }),
  );
  const item = Items.find((i) => i.sk === CASE_SK);
  if (!item) return undefined;
  const head = Items.find((i) => i.sk === CASE_HEAD_SK);
  const details = Items.find((i) => i.sk === CASE_DETAILS_SK);
  return {
    found: { record: toRecord(item, head, details), pending: (item.pendingHistory as HistoryEntry[] | undefined) ?? [] },
    hasHead: head !== undefined,
    ...(typeof item.itemSeq === 'number' ? { itemSeq: item.itemSeq } : {}),
    ...(details ? { detailsSeq: details.itemSeq as number } : {}),
  };
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
  facts: Omit<HistoryFacts, 'seq'> | readonly Omit<HistoryFacts, 'seq'>[],
  change: CaseChange = {},
  attempts = 8,
): Promise<{ record: CaseRecord; entry: HistoryEntry }> {
  // Several entries of one change (a decision, its notice and the closing) go in one transaction:
  // one write of the head and the case item instead of one each, and no other writer between them.
  const allFacts = Array.isArray(facts) ? facts : [facts as Omit<HistoryFacts, 'seq'>];
  if (allFacts.length === 0) throw new Error('a change records at least one history entry');
  for (let attempt = 1; ; attempt++) {
    const stored = await readCase(caseId);
    if (!stored) throw new Error(`case ${caseId} not found`);
    const { record: current, pending } = stored.found;
    if (change.expectedVersion !== undefined && current.version !== change.expectedVersion) throw new ConcurrentChange();
    const entries: HistoryEntry[] = [];
    for (const f of allFacts) {
      const previous = entries.at(-1);
      entries.push(chainEntry(previous?.hash ?? current.historyHead, { ...f, seq: (previous?.seq ?? current.historySeq) + 1 }));
    }
    const entry = entries.at(-1)!;
    const at = allFacts.at(-1)!.at;
    const statusChanged = change.status !== undefined && change.status !== current.status;
    const next: CaseRecord = {
      ...current,
      status: change.status ?? current.status,
      version: statusChanged || change.bumpVersion ? current.version + 1 : current.version,
      historySeq: entry.seq,
      historyHead: entry.hash,
      updatedAt: at,
    };
    const after = { ...next, ...(change.set ?? {}) } as CaseRecord;
    const linked = change.linkedWrites ?? [];
    const counters = await kpiWritesForChange(current, after, linked, at);
    const caseWrites = writesOfTheCase(caseId, stored, current, next, change);
    const firstLinked = caseWrites.length + entries.length;
    try {
      await dynamo().send(
        new TransactWriteCommand({
          TransactItems: [
            ...caseWrites,
            ...entries.map((e) => historyPut(caseId, e)),
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
      const refused = (error.CancellationReasons ?? []).findIndex((r, i) => i >= firstLinked && i < firstLinked + linked.length && r.Code === 'ConditionalCheckFailed');
      if (refused >= firstLinked) throw new LinkedWriteRefused(refused - firstLinked);
      if (onlyCountersConflicted(error, firstLinked + linked.length) && attempt < attempts) {
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

/**
 * The writes of a change to the case's own items. Most history entries (a document arrived, a task
 * claimed, a download recorded) change nothing of the case but its chain head: they move the small
 * head item only, compared-and-set on the sequence, and the case item with its listing index copies
 * stays as it is. A change of status, version or attributes also updates the case item, on condition
 * that it is still the one read; a change of its details (claim data, pinned rule versions...)
 * updates the details item alone, on the same condition. A case without a head item yet (declared,
 * or stored by the code from before the head item) gets one now, its case item giving up the head
 * it held; a case item still holding its details gives them up to a details item the first time it
 * is written: those first changes are the migration, guarded on what the case item held.
 */
function writesOfTheCase(caseId: string, stored: StoredCase, current: CaseRecord, next: CaseRecord, change: CaseChange): LinkedWrite[] {
  const head: CaseHead = { historySeq: next.historySeq, historyHead: next.historyHead, updatedAt: next.updatedAt };
  const sets = Object.entries(change.set ?? {});
  const caseSets = sets.filter(([name]) => !isDetail(name));
  const detailSets = sets.filter(([name]) => isDetail(name));
  const detailsOut = stored.detailsSeq !== undefined;
  const writesCaseItem =
    !stored.hasHead || next.status !== current.status || next.version !== current.version || caseSets.length > 0 || (!detailsOut && detailSets.length > 0);
  const writes: LinkedWrite[] = [];
  if (stored.hasHead) {
    writes.push({
      Update: {
        TableName: table(),
        Key: { pk: casePk(caseId), sk: CASE_HEAD_SK },
        UpdateExpression: 'SET historySeq = :seq, historyHead = :head, updatedAt = :at',
        ConditionExpression: 'historySeq = :prevSeq',
        ExpressionAttributeValues: { ':seq': head.historySeq, ':head': head.historyHead, ':at': head.updatedAt, ':prevSeq': current.historySeq },
      },
    });
  }
  if (writesCaseItem) writes.push(caseItemUpdate(caseId, stored, current, next, caseSets, !detailsOut));
  if (!stored.hasHead) writes.push({ Put: { TableName: table(), Item: headItem(caseId, head), ConditionExpression: 'attribute_not_exists(pk)' } });
  if (writesCaseItem && !detailsOut) {
    // The details move out: what the case item held, with this change's. The type rides along so
    // that the item alone says how to read its claim (the warehouse export reads nothing else).
    const details = { ...detailsOf(current as unknown as Record<string, unknown>), ...Object.fromEntries(detailSets) };
    writes.push({ Put: { TableName: table(), Item: { pk: casePk(caseId), sk: CASE_DETAILS_SK, entity: CASE_DETAILS_ENTITY, caseId, caseType: current.type, ...details, itemSeq: next.historySeq }, ConditionExpression: 'attribute_not_exists(pk)' } });
  } else if (detailSets.length > 0) {
    const names = Object.fromEntries(detailSets.map(([name], i) => [`#d${i}`, name]));
    const values = Object.fromEntries(detailSets.map(([, value], i) => [`:d${i}`, value]));
    writes.push({
      Update: {
        TableName: table(),
        Key: { pk: casePk(caseId), sk: CASE_DETAILS_SK },
        UpdateExpression: `SET ${detailSets.map((_, i) => `#d${i} = :d${i}`).join(', ')}, itemSeq = :seq`,
        // The details as read: the Query that read them is not one snapshot with the head.
        ConditionExpression: 'itemSeq = :prevSeq',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':seq': next.historySeq, ':prevSeq': stored.detailsSeq },
      },
    });
  }
  return writes;
}

/**
 * The case item's update: status, version, the by-status index key and the attributes set, on
 * condition that it is still the item read (its head, before the head item; else its revision).
 * `givesUpDetails`: it holds the details still, which move to their own item in this change.
 */
function caseItemUpdate(
  caseId: string,
  stored: StoredCase,
  current: CaseRecord,
  next: CaseRecord,
  caseSets: readonly (readonly [string, unknown])[],
  givesUpDetails: boolean,
): LinkedWrite {
  const names: Record<string, string> = { '#status': 'status', '#version': 'version' };
  const values: Record<string, unknown> = {
    ':status': next.status,
    ':version': next.version,
    ':at': next.updatedAt,
    ':gsi3pk': statusIndexPk(next.status, listingShard(caseId)),
    ':itemSeq': next.historySeq,
    ':prevVersion': current.version,
  };
  const extraSets = caseSets.map(([name, value], i) => {
    names[`#x${i}`] = name;
    values[`:x${i}`] = value;
    return `, #x${i} = :x${i}`;
  });
  const removed: string[] = [
    ...(stored.hasHead ? [] : ['historySeq', 'historyHead']),
    ...(stored.found.pending.length ? ['pendingHistory'] : []),
    ...(givesUpDetails ? CASE_DETAIL_ATTRIBUTES : []),
  ];
  // Named by placeholder: `data` is one of DynamoDB's reserved words.
  removed.forEach((name, i) => (names[`#r${i}`] = name));
  const removes = removed.length ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : '';
  const update = 'SET #status = :status, #version = :version, updatedAt = :at, gsi3pk = :gsi3pk, itemSeq = :itemSeq' + extraSets.join('') + removes;
  if (!stored.hasHead) {
    return {
      Update: {
        TableName: table(),
        Key: { pk: casePk(caseId), sk: CASE_SK },
        UpdateExpression: update,
        ConditionExpression: 'historySeq = :prevSeq AND #version = :prevVersion',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':prevSeq': current.historySeq },
      },
    };
  }
  return {
    Update: {
      TableName: table(),
      Key: { pk: casePk(caseId), sk: CASE_SK },
      UpdateExpression: update,
      // The case item as read: a Query of several items is not one snapshot, so its revision is checked too.
      ConditionExpression: '#version = :prevVersion AND ' + (stored.itemSeq === undefined ? 'attribute_not_exists(itemSeq)' : 'itemSeq = :prevItemSeq'),
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: { ...values, ...(stored.itemSeq === undefined ? {} : { ':prevItemSeq': stored.itemSeq }) },
    },
  };
}
