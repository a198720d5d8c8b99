import { isDeepStrictEqual } from 'node:util';
import { GetItemCommand, type AttributeValue, type Capacity, type ConsumedCapacity, type DynamoDBClient, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import { GLOBAL_INDEXES, TABLE_KEY } from '../aws/table-schema.js';
import { itemBytes } from './item-size.js';
import { metering, type Meter } from './meter.js';

// What DynamoDB bills on demand: read and write request units, as each response's
// ConsumedCapacity reports them. The middleware asks for that report when the caller did not,
// at the INDEXES level (the total, plus the table's and each index's share), so that the bench
// can say how much of the writing goes to index copies.
//
// Transactions are the exception. DynamoDB Local (1.25) does not add up a TransactWriteItems'
// items: ten small puts report 4 units, like one. Against it, the meter works out what AWS would
// bill from the items themselves, read just before and just after the transaction (with a
// client of its own, not counted).

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);

type Item = Record<string, AttributeValue>;

export interface RequestUnits {
  readonly read: number;
  readonly write: number;
  /** Of `write`, what went to global secondary indexes (when the response breaks it down). */
  readonly indexWrite: number;
}

const writeUnits = (c: Capacity) => c.WriteCapacityUnits ?? c.CapacityUnits ?? 0;

/**
 * The units a response reports, by kind. Single-item operations report only `CapacityUnits`,
 * which count as reads or writes by the operation; transactions report each kind.
 */
export function reportedUnits(command: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): RequestUnits {
  let read = 0;
  let write = 0;
  let indexWrite = 0;
  for (const c of consumed === undefined ? [] : Array.isArray(consumed) ? consumed : [consumed]) {
    if (c.ReadCapacityUnits !== undefined || c.WriteCapacityUnits !== undefined) {
      read += c.ReadCapacityUnits ?? 0;
      write += c.WriteCapacityUnits ?? 0;
    } else if (READS.has(command)) read += c.CapacityUnits ?? 0;
    else write += c.CapacityUnits ?? 0;
    if (WRITES.has(command)) indexWrite += Object.values(c.GlobalSecondaryIndexes ?? {}).reduce((sum, i) => sum + writeUnits(i), 0);
  }
  return { read, write, indexWrite };
}

const kilobytes = (item: Item | undefined) => (item ? Math.max(1, Math.ceil(itemBytes(item) / 1024)) : 0);

/**
 * AWS's write units for one item of a TransactWriteItems going from `before` to `after` (either
 * absent): 2 per KB of the larger image, at least 2; and for each index (all attributes
 * projected), a write of the entry where it appears or changes, two when its key changes (the
 * old entry deleted, the new one put), also at the transactional rate of 2 per KB: an
 * assumption, AWS's pages do not say whether index writes of a transaction are doubled.
 */
export function transactionalWriteUnits(before: Item | undefined, after: Item | undefined): RequestUnits {
  const table = 2 * Math.max(1, kilobytes(before), kilobytes(after));
  let index = 0;
  if (!isDeepStrictEqual(before, after)) {
    for (const { partitionKey, sortKey } of GLOBAL_INDEXES) {
      const keyOf = (item: Item | undefined) => (item?.[partitionKey] && item[sortKey] ? JSON.stringify([item[partitionKey], item[sortKey]]) : undefined);
      const [was, is] = [keyOf(before), keyOf(after)];
      if (was && is && was === is) index += Math.max(kilobytes(before), kilobytes(after));
      else index += (was ? kilobytes(before) : 0) + (is ? kilobytes(after) : 0);
    }
  }
  return { read: 0, write: table + 2 * index, indexWrite: 2 * index };
}

/** A ConditionCheck is billed as a transactional write of the checked item. */
export const conditionCheckUnits = (item: Item | undefined): RequestUnits => ({ read: 0, write: 2 * Math.max(1, kilobytes(item)), indexWrite: 0 });

/**
 * Units billed for a write that failed: AWS bills a failed conditional write at least 1 unit
 * (more for an item over 1 KB, which the error does not say), and we take a cancelled
 * transaction at 2 units per action, as if each small item had gone through: an upper bound.
 */
export function failedWriteUnits(command: string, errorName: string, input: { TransactItems?: readonly unknown[] }): number {
  if (errorName === 'ConditionalCheckFailedException' && WRITES.has(command)) return 1;
  if (errorName === 'TransactionCanceledException' && command === 'TransactWriteItemsCommand') return 2 * (input.TransactItems?.length ?? 0);
  return 0;
}

function count(meter: Meter, command: string, units: RequestUnits): void {
  if (units.read) meter.add('dynamodb', 'read request units', units.read);
  if (units.write) meter.add('dynamodb', 'write request units', units.write);
  if (units.indexWrite) meter.add('dynamodb', 'write units to index copies', units.indexWrite);
  if (command === 'TransactWriteItemsCommand' && units.indexWrite) meter.add('dynamodb', 'write units to index copies in transactions', units.indexWrite);
}

/**
 * The kind of item a key names, for saying where the write units go: the leading segments of its
 * partition and sort keys that are words, not ids or numbers (`CASE CASE`, `CASE CASE#HEAD`,
 * `CASE HIST`, `TASK TASK`, `KPI#DAY <day>`).
 */
export function itemKind(key: Item | undefined): string {
  const words = (value: AttributeValue | undefined) => {
    const text = value?.S ?? '?';
    if (/^\d{4}-\d{2}-\d{2}/.test(text)) return '<day>';
    const segments = text.split('#');
    const firstId = segments.findIndex((s) => !/^[A-Z]+$/.test(s));
    return (firstId === -1 ? segments : segments.slice(0, Math.max(1, firstId))).join('#');
  };
  return `${words(key?.[TABLE_KEY.partitionKey])} ${words(key?.[TABLE_KEY.sortKey])}`;
}

const add = (a: RequestUnits, b: RequestUnits): RequestUnits => ({ read: a.read + b.read, write: a.write + b.write, indexWrite: a.indexWrite + b.indexWrite });

/** Runs a TransactWriteItems, reading its items before and after to price it as AWS would. */
async function pricedTransaction<T>(
  meter: Meter,
  inspector: DynamoDBClient,
  items: readonly TransactWriteItem[],
  run: () => Promise<T>,
): Promise<{ result: T; units: RequestUnits }> {
  const targets = items.map((i) => {
    const op = i.Put ?? i.Update ?? i.Delete ?? i.ConditionCheck;
    const key = i.Put ? { [TABLE_KEY.partitionKey]: i.Put.Item![TABLE_KEY.partitionKey]!, [TABLE_KEY.sortKey]: i.Put.Item![TABLE_KEY.sortKey]! } : (op as { Key: Item }).Key;
    return { table: op!.TableName!, key, check: i.ConditionCheck !== undefined };
  });
  const read = (t: (typeof targets)[number]) => inspector.send(new GetItemCommand({ TableName: t.table, Key: t.key, ConsistentRead: true })).then((r) => r.Item);
  const before = await Promise.all(targets.map(read));
  const result = await run();
  const after = await Promise.all(targets.map((t) => (t.check ? undefined : read(t))));
  let units: RequestUnits = { read: 0, write: 0, indexWrite: 0 };
  targets.forEach((t, i) => {
    const item = t.check ? conditionCheckUnits(before[i]) : transactionalWriteUnits(before[i], after[i]);
    meter.add('dynamodb', `write units by item: ${itemKind(t.key)}`, item.write);
    units = add(units, item);
  });
  return { result, units };
}

/**
 * Adds the counting middlewares to a DynamoDB client (the document client built on it shares its
 * stack). They change nothing while no meter is on, and are only installed when one is.
 * `inspector`, a plain client of the same DynamoDB, reads the items of transactions when the
 * meter corrects DynamoDB Local's figures for them.
 */
export function addCapacityMetering(client: DynamoDBClient, inspector?: DynamoDBClient): void {
  // Asks for the capacity report before the document client marshalls the input.
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { ReturnConsumedCapacity?: string };
      const counted = metering() && (READS.has(context.commandName ?? '') || WRITES.has(context.commandName ?? ''));
      if (!counted || (input.ReturnConsumedCapacity !== undefined && input.ReturnConsumedCapacity !== 'NONE')) return next(args);
      return next({ ...args, input: { ...input, ReturnConsumedCapacity: 'INDEXES' } });
    },
    { step: 'initialize', name: 'dossierCapacityRequest', override: true },
  );
  // Counts once per call, retries included, on the marshalled input (attribute values).
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const meter = metering();
      const command = context.commandName ?? '';
      if (!meter || !(READS.has(command) || WRITES.has(command))) return next(args);
      const input = args.input as { TransactItems?: readonly TransactWriteItem[] };
      meter.add('dynamodb', `${command.replace(/Command$/, '')} requests`);
      try {
        if (command === 'TransactWriteItemsCommand' && meter.options.correctDynamoDbLocalTransactions && inspector) {
          const { result, units } = await pricedTransaction(meter, inspector, input.TransactItems ?? [], () => next(args));
          count(meter, command, units);
          return result;
        }
        const result = await next(args);
        const units = reportedUnits(command, (result.output as { ConsumedCapacity?: ConsumedCapacity | ConsumedCapacity[] }).ConsumedCapacity);
        count(meter, command, units);
        if (units.write) {
          const single = args.input as { Key?: Item; Item?: Item };
          meter.add('dynamodb', `write units by item: ${command === 'BatchWriteItemCommand' ? 'batch writes' : itemKind(single.Key ?? single.Item)}`, units.write);
        }
        return result;
      } catch (error) {
        const name = (error as Error).name;
        const units = failedWriteUnits(command, name, input);
        if (units) {
          count(meter, command, { read: 0, write: units, indexWrite: 0 });
          meter.add('dynamodb', name === 'TransactionCanceledException' ? 'cancelled transactions' : 'failed conditional writes');
        }
        throw error;
      }
    },
    { step: 'build', name: 'dossierCapacityMetering', override: true },
  );
}
