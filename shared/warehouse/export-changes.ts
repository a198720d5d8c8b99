import { createHash } from 'node:crypto';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { writeWarehouseFiles, type WrittenFiles } from './parquet-files.js';
import { rowsOfChange, type ItemChange } from './rows.js';

// Change capture for reporting: the table's stream records (DynamoDB Streams in AWS; the same
// records read from DynamoDB Local's stream by the local runtime) become warehouse rows. Nothing
// is scanned: each change is exported once, when it happens.

export function itemChangeOf(record: DynamoDBRecord): ItemChange | undefined {
  const image = record.dynamodb?.NewImage;
  const before = record.dynamodb?.OldImage;
  if (!record.eventID || !record.eventName) return undefined;
  const seconds = record.dynamodb?.ApproximateCreationDateTime;
  return {
    recordId: record.eventID,
    eventName: record.eventName,
    item: image ? unmarshall(image as Record<string, AttributeValue>) : undefined,
    previous: before ? unmarshall(before as Record<string, AttributeValue>) : undefined,
    observedAt: seconds ? new Date(seconds * 1000) : new Date(),
  };
}

/** The same records always name the same files, whatever order they are handed in. */
export function batchIdOf(records: readonly DynamoDBRecord[]): string {
  const ids = records.map((r) => r.eventID ?? '').sort();
  return createHash('sha256').update(ids.join('\n')).digest('hex').slice(0, 24);
}

export async function exportChanges(records: readonly DynamoDBRecord[]): Promise<WrittenFiles & { readonly records: number }> {
  const rows = records.flatMap((record) => {
    const change = itemChangeOf(record);
    return change ? rowsOfChange(change) : [];
  });
  if (!rows.length) return { keys: [], rows: {}, records: records.length };
  return { ...(await writeWarehouseFiles(rows, batchIdOf(records))), records: records.length };
}
