// What the cases leave stored: the table's items (sized as DynamoDB bills storage) and the
// objects in the documents and archive buckets. Read with clients of the bench's own, unmetered.
import { DynamoDBClient, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { GLOBAL_INDEXES } from '#shared/aws/table-schema.js';
import { itemKind } from '#shared/metering/dynamodb-capacity.js';
import { itemBytes } from '#shared/metering/item-size.js';

/**
 * Billed storage of an item: its size plus 100 bytes of overhead, and the same again in each
 * index it appears in (every index of the table projects all attributes).
 */
export function storedBytes(item: Record<string, AttributeValue>): number {
  const size = itemBytes(item) + 100;
  return size + GLOBAL_INDEXES.filter((i) => item[i.partitionKey] && item[i.sortKey]).length * size;
}

// Items of the local runtime only (the runner's executions, the demo seed marker). The start queue's
// messages are not in the table: locally they are in an embedded LevelDB, in AWS in SQS.
const LOCAL_ONLY = /^(SFNEXEC#|SEED#)/;

export interface StoredObject {
  readonly bytes: number;
  readonly storageClass: string;
}

export interface StorageSnapshot {
  readonly dynamodbBytes: number;
  /** Each item's own size (no overhead, no index copies) by key, to tell which kinds are large. */
  readonly itemSizes: ReadonlyMap<string, { readonly kind: string; readonly bytes: number }>;
  /** Object sizes and storage classes by bucket and key. */
  readonly objects: ReadonlyMap<string, StoredObject>;
}

/**
 * What the table and the buckets hold. Objects of `classedBuckets` are asked their storage class
 * one by one (s3rver's listings say STANDARD whatever the class an object was written in).
 */
export async function storageSnapshot(
  endpoints: { dynamodb: string; s3: string },
  table: string,
  buckets: readonly string[],
  classedBuckets: readonly string[] = [],
): Promise<StorageSnapshot> {
  const dynamodb = new DynamoDBClient({ endpoint: endpoints.dynamodb, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const s3 = new S3Client({
    endpoint: endpoints.s3,
    region: 'eu-west-3',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  try {
    let dynamodbBytes = 0;
    const itemSizes = new Map<string, { kind: string; bytes: number }>();
    let start: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamodb.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
      for (const item of page.Items ?? []) {
        if (LOCAL_ONLY.test(item.pk?.S ?? '')) continue;
        dynamodbBytes += storedBytes(item);
        itemSizes.set(`${item.pk?.S} ${item.sk?.S}`, { kind: itemKind({ pk: item.pk!, sk: item.sk! }), bytes: itemBytes(item) });
      }
      start = page.LastEvaluatedKey;
    } while (start);
    const objects = new Map<string, StoredObject>();
    for (const bucket of buckets) {
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
        for (const o of page.Contents ?? []) {
          const storageClass = classedBuckets.includes(bucket) ? ((await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: o.Key }))).StorageClass ?? 'STANDARD') : 'STANDARD';
          objects.set(`${bucket}/${o.Key}`, { bytes: o.Size ?? 0, storageClass });
        }
        token = page.NextContinuationToken;
      } while (token);
    }
    return { dynamodbBytes, itemSizes, objects };
  } finally {
    dynamodb.destroy();
    s3.destroy();
  }
}

/** What was added between two snapshots: table bytes, and the new objects' sizes by bucket. */
export function storageAdded(
  before: StorageSnapshot,
  after: StorageSnapshot,
): { dynamodbBytes: number; objectsByBucket: Map<string, StoredObject[]>; itemBytesByKind: Map<string, number[]> } {
  const itemBytesByKind = new Map<string, number[]>();
  for (const [key, { kind, bytes }] of after.itemSizes) {
    if (before.itemSizes.has(key)) continue;
    itemBytesByKind.set(kind, [...(itemBytesByKind.get(kind) ?? []), bytes]);
  }
  const objectsByBucket = new Map<string, StoredObject[]>();
  for (const [key, object] of after.objects) {
    if (before.objects.has(key)) continue;
    const bucket = key.slice(0, key.indexOf('/'));
    objectsByBucket.set(bucket, [...(objectsByBucket.get(bucket) ?? []), object]);
  }
  return { dynamodbBytes: after.dynamodbBytes - before.dynamodbBytes, objectsByBucket, itemBytesByKind };
}
