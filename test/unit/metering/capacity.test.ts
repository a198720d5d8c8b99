import { afterEach, describe, expect, it } from 'vitest';
import { dynamo, resetClientsForTests, sqsClient } from '#shared/aws/clients.js';
import { resetConfigForTests } from '#shared/config.js';
import { conditionCheckUnits, failedWriteUnits, itemKind, reportedUnits, transactionalWriteUnits } from '#shared/metering/dynamodb-capacity.js';
import { metering, startMetering, stopMetering } from '#shared/metering/meter.js';

describe('reading ConsumedCapacity', () => {
  it('counts a single write as writes, with its index copies apart', () => {
    expect(reportedUnits('PutItemCommand', { TableName: 't', CapacityUnits: 3, Table: { CapacityUnits: 1 }, GlobalSecondaryIndexes: { gsi1: { CapacityUnits: 1 }, gsi2: { CapacityUnits: 1 } } })).toEqual({
      read: 0,
      write: 3,
      indexWrite: 2,
    });
  });

  it('counts a query as reads, even on an index', () => {
    expect(reportedUnits('QueryCommand', { TableName: 't', CapacityUnits: 0.5, GlobalSecondaryIndexes: { gsi2: { CapacityUnits: 0.5 } } })).toEqual({ read: 0.5, write: 0, indexWrite: 0 });
  });

  it('takes the kinds a transaction reports, table by table', () => {
    const units = reportedUnits('TransactWriteItemsCommand', [
      { TableName: 'a', CapacityUnits: 12, WriteCapacityUnits: 12, GlobalSecondaryIndexes: { gsi1: { WriteCapacityUnits: 4, CapacityUnits: 4 } } },
      { TableName: 'b', CapacityUnits: 2, ReadCapacityUnits: 2 },
    ]);
    expect(units).toEqual({ read: 2, write: 12, indexWrite: 4 });
  });

  it('counts nothing when the response reports nothing', () => {
    expect(reportedUnits('GetItemCommand', undefined)).toEqual({ read: 0, write: 0, indexWrite: 0 });
  });
});

describe('transactions, priced from their items as AWS bills them', () => {
  const S = (value: string) => ({ S: value });
  const small = { pk: S('CASE#1'), sk: S('CASE') };
  const indexed = (extra: Record<string, { S: string }> = {}) => ({ ...small, gsi1pk: S('OWNER#a'), gsi1sk: S('1'), gsi2pk: S('CASES#0'), gsi2sk: S('1'), ...extra });

  it('bills a new small item 2 units, and a 1.5 KB item in three indexes 4 for the table and 4 per index', () => {
    expect(transactionalWriteUnits(undefined, small)).toEqual({ read: 0, write: 2, indexWrite: 0 });
    const large = { ...indexed({ gsi3pk: S('STATUS#x'), gsi3sk: S('1') }), data: S('x'.repeat(1500)) };
    expect(transactionalWriteUnits(undefined, large)).toEqual({ read: 0, write: 16, indexWrite: 12 });
  });

  it("writes an index entry twice when the item's key in that index changes, once when only other attributes do", () => {
    expect(transactionalWriteUnits(indexed(), indexed({ gsi1sk: S('2') }))).toEqual({ read: 0, write: 2 + 2 * (2 + 1), indexWrite: 6 });
    expect(transactionalWriteUnits(indexed(), indexed({ status: S('closed') }))).toEqual({ read: 0, write: 2 + 2 * 2, indexWrite: 4 });
  });

  it('bills a deletion by the item removed, an unchanged item by the table alone, a condition check as a write', () => {
    expect(transactionalWriteUnits(indexed(), undefined)).toEqual({ read: 0, write: 2 + 2 * 2, indexWrite: 4 });
    expect(transactionalWriteUnits(indexed(), indexed())).toEqual({ read: 0, write: 2, indexWrite: 0 });
    expect(conditionCheckUnits(undefined).write).toBe(2);
    expect(conditionCheckUnits({ ...small, data: S('x'.repeat(1500)) }).write).toBe(4);
  });

  it('bills a refused conditional write one unit and a cancelled transaction two per action', () => {
    expect(failedWriteUnits('UpdateItemCommand', 'ConditionalCheckFailedException', {})).toBe(1);
    expect(failedWriteUnits('TransactWriteItemsCommand', 'TransactionCanceledException', { TransactItems: [{ Put: {} }, { Update: {} }, { ConditionCheck: {} }] })).toBe(6);
    expect(failedWriteUnits('GetItemCommand', 'ResourceNotFoundException', {})).toBe(0);
  });
});

describe('item kinds', () => {
  it('names an item by the first segment of its keys, days as <day>', () => {
    expect(itemKind({ pk: { S: 'CASE#01ABC' }, sk: { S: 'HIST#0000000003' } })).toBe('CASE HIST');
    expect(itemKind({ pk: { S: 'KPI#DAY#3' }, sk: { S: '2026-11-25' } })).toBe('KPI#DAY <day>');
    expect(itemKind({ pk: { S: 'CASE#01ABC' }, sk: { S: 'CASE#HEAD' } })).toBe('CASE CASE#HEAD');
    expect(itemKind(undefined)).toBe('? ?');
  });
});

describe('metering is off unless the cost bench turns it on', () => {
  afterEach(() => {
    stopMetering();
    resetClientsForTests();
    resetConfigForTests();
  });

  const middlewareNames = (stack: { identify(): string[] }) => stack.identify().map((m) => m.split(' ')[0]);

  it('leaves the clients without any counting middleware by default', () => {
    process.env.TABLE_NAME ??= 'dossier';
    resetConfigForTests();
    expect(metering()).toBeUndefined();
    expect(middlewareNames(dynamo().middlewareStack)).not.toContain('dossierCapacityMetering');
    expect(middlewareNames(dynamo().middlewareStack)).not.toContain('dossierCapacityRequest');
    expect(middlewareNames(sqsClient().middlewareStack)).not.toContain('dossierSqsRequestMetering');
  });

  it('adds the counting middleware to clients made once a meter is on', () => {
    process.env.TABLE_NAME ??= 'dossier';
    resetConfigForTests();
    startMetering();
    resetClientsForTests();
    expect(middlewareNames(dynamo().middlewareStack)).toContain('dossierCapacityMetering');
    expect(middlewareNames(sqsClient().middlewareStack)).toContain('dossierSqsRequestMetering');
  });
});
