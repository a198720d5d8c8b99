import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  type GlobalSecondaryIndex,
} from '@aws-sdk/client-dynamodb';
import { GLOBAL_INDEXES, TABLE_KEY } from '#shared/aws/table-schema.js';
import { freePort } from './ports.js';

export const DYNAMODB_LOCAL_DIR = join(import.meta.dirname, '..', '.local', 'dynamodb');

export interface DynamoDbLocal {
  readonly endpoint: string;
  stop(): Promise<void>;
}

export class MissingJavaError extends Error {
  constructor() {
    super(
      'DynamoDB Local needs Java 17 or newer, and no `java` was found on the PATH.\n' +
        'Install it, then run the command again:\n' +
        '  Debian/Ubuntu: sudo apt-get install -y openjdk-17-jre-headless\n' +
        '  macOS (Homebrew): brew install openjdk@17\n' +
        '  Windows: winget install Microsoft.OpenJDK.17',
    );
    this.name = 'MissingJavaError';
  }
}

/**
 * Starts DynamoDB Local from the jar that `npm install` put in .local/dynamodb.
 * `dataDir` keeps the data across restarts (npm start); without it the database is in memory (tests).
 * Java runs under a tiny shell watchdog reading our stdin: if this process dies, even by kill -9,
 * the pipe closes and the watchdog stops Java, so no JVM is ever left behind.
 */
export async function startDynamoDbLocal(options: { dataDir?: string; port?: number } = {}): Promise<DynamoDbLocal> {
  if (spawnSync('java', ['-version'], { stdio: 'ignore' }).error) throw new MissingJavaError();
  if (!existsSync(join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal.jar'))) {
    throw new Error('DynamoDB Local is not installed: run `npm ci` (its postinstall puts it in .local/dynamodb)');
  }
  const port = options.port ?? (await freePort());
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const javaArgs = [
    '-Xms64m',
    '-Xmx768m',
    `-Djava.library.path=${join(DYNAMODB_LOCAL_DIR, 'DynamoDBLocal_lib')}`,
    '-jar', 'DynamoDBLocal.jar',
    '-sharedDb', '-disableTelemetry', '-port', String(port), ...storage,
  ];
  const child = spawn(
    '/bin/sh',
    ['-c', 'java "$@" & pid=$!; trap "kill $pid 2>/dev/null" INT TERM; read _ignored; kill $pid 2>/dev/null; wait $pid', 'dynamodb-local', ...javaArgs],
    { cwd: DYNAMODB_LOCAL_DIR, stdio: ['pipe', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  await waitUntilReady(endpoint, child, () => stderr);
  return { endpoint, stop: () => stopChild(child) };
}

async function waitUntilReady(endpoint: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited: ${stderr()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 150));
      }
    }
    throw new Error('DynamoDB Local did not answer within 30 s');
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.stdin?.end();
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

/** Creates the single table (same keys and indexes as the CDK stack) unless it exists. */
export async function ensureTable(endpoint: string, tableName: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { TableNames = [] } = await client.send(new ListTablesCommand({}));
    if (TableNames.includes(tableName)) return;
    const attributes = new Set<string>([TABLE_KEY.partitionKey, TABLE_KEY.sortKey]);
    const indexes: GlobalSecondaryIndex[] = GLOBAL_INDEXES.map((index) => {
      attributes.add(index.partitionKey);
      attributes.add(index.sortKey);
      return {
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      };
    });
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [
          { AttributeName: TABLE_KEY.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE_KEY.sortKey, KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        GlobalSecondaryIndexes: indexes,
        // As in AWS: the warehouse export reads the table's changes from its stream.
        StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' },
      }),
    );
  } finally {
    client.destroy();
  }
}
