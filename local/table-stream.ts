import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DescribeTableCommand, DynamoDBClient, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  TrimmedDataAccessException,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

// The local event source mapping of the table's stream: DynamoDB Local keeps a stream of its
// writes like DynamoDB does, and this reader hands its records, in order and in batches, to the
// function that Lambda would invoke with them. A batch the function fails is handed again (same
// records, so the same files), and where each shard was read up to survives restarts.

export interface TableStreamOptions {
  readonly endpoint: string;
  readonly tableName: string;
  readonly invoke: (event: DynamoDBStreamEvent) => Promise<unknown>;
  /** Where the shards' positions are kept across restarts (none: start from the oldest record). */
  readonly checkpointFile?: string;
  readonly intervalMs?: number;
  readonly batchSize?: number;
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Turns the table's stream on if it is off (a table created before the warehouse export). */
export async function ensureTableStream(endpoint: string, tableName: string): Promise<string> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-3', credentials });
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.StreamSpecification?.StreamEnabled && Table.LatestStreamArn) return Table.LatestStreamArn;
    const updated = await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
    return updated.TableDescription!.LatestStreamArn!;
  } finally {
    client.destroy();
  }
}

export class LocalTableStream {
  private readonly client: DynamoDBStreamsClient;
  private readonly checkpoints: Record<string, string>;
  private readonly finished = new Set<string>();
  private streamArn: string | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: TableStreamOptions) {
    this.client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: 'eu-west-3', credentials });
    const file = options.checkpointFile;
    this.checkpoints = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>) : {};
  }

  async start(): Promise<void> {
    this.streamArn = await ensureTableStream(this.options.endpoint, this.options.tableName);
    this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    this.client.destroy();
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = (this.running ?? Promise.resolve())
        .then(() => this.readAll())
        .catch((error: unknown) => console.error('table stream:', (error as Error).message))
        .finally(() => this.schedule());
    }, this.options.intervalMs ?? 1000);
  }

  private async shards(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let start: string | undefined;
    do {
      const { StreamDescription } = await this.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn, ExclusiveStartShardId: start }));
      shards.push(...(StreamDescription?.Shards ?? []));
      start = StreamDescription?.LastEvaluatedShardId;
    } while (start);
    return shards;
  }

  private async readAll(): Promise<void> {
    // Parents before children: a shard's records come after its parent's.
    for (const shard of await this.shards()) {
      if (this.stopped) return;
      if (!shard.ShardId || this.finished.has(shard.ShardId)) continue;
      await this.readShard(shard);
    }
  }

  private async iterator(shardId: string): Promise<string | undefined> {
    const after = this.checkpoints[shardId];
    try {
      const { ShardIterator } = await this.client.send(
        new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: shardId, ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }) }),
      );
      return ShardIterator;
    } catch (error) {
      // Records older than the stream keeps (24 hours) are gone: read on from the oldest kept.
      if (!(error instanceof TrimmedDataAccessException)) throw error;
      delete this.checkpoints[shardId];
      return this.iterator(shardId);
    }
  }

  private async readShard(shard: Shard): Promise<void> {
    const shardId = shard.ShardId!;
    let iterator = await this.iterator(shardId);
    while (iterator && !this.stopped) {
      let page;
      try {
        page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: this.options.batchSize ?? 1000 }));
      } catch (error) {
        if (error instanceof ExpiredIteratorException) return; // the next round starts from the checkpoint
        throw error;
      }
      const records = page.Records ?? [];
      if (records.length) {
        // A failure leaves the checkpoint where it was: the next round hands the same records again.
        await this.options.invoke({ Records: records.map((r) => toLambdaRecord(r, this.streamArn!)) });
        this.checkpoints[shardId] = records.at(-1)!.dynamodb!.SequenceNumber!;
        this.saveCheckpoints();
      }
      iterator = page.NextShardIterator;
      if (!records.length) break; // caught up with an open shard (a closed one ends with no iterator)
    }
    if (!iterator && shard.SequenceNumberRange?.EndingSequenceNumber) this.finished.add(shardId);
  }

  private saveCheckpoints() {
    if (this.options.checkpointFile) writeFileSync(this.options.checkpointFile, JSON.stringify(this.checkpoints));
  }
}

/** The shape Lambda gives a stream record: the same fields, dates in epoch seconds. */
function toLambdaRecord(record: _Record, streamArn: string): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-west-3',
    eventSourceARN: streamArn,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) } : {}),
    },
  };
}
