import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { functions, type StateMachineSpec } from '#functions/registry.js';
import { documentUploadedPattern } from '#shared/documents/document-record.js';
import { domainEventPattern } from '#shared/events/patterns.js';
import { resetClientsForTests } from '#shared/aws/clients.js';
import { clockOffsetMs, setClockOffsetMs } from '#shared/clock.js';
import { resetConfigForTests } from '#shared/config.js';
import { logger } from '#shared/observability/logger.js';
import { startAwsEmulator } from './aws-emulator.js';
import { DEMO_STAFF_PROFILES, DEMO_USERS } from './demo-users.js';
import { seedProfile } from '#shared/staff/staff-repository.js';
import { ensureTable, startDynamoDbLocal } from './dynamodb-local.js';
import { LocalEventBus } from './event-bus.js';
import { startGateway } from './gateway.js';
import { invokeFunction } from './lambda-runtime.js';
import { createLocalAuth, type LocalAuth } from './local-auth.js';
import { localOutbox } from './outbox.js';
import { localRoutes } from './local-routes.js';
import { startLocalS3 } from './s3-server.js';
import { LocalScheduler } from './scheduler.js';
import { LocalTableStream } from './table-stream.js';
import { LocalQueue } from './queues/local-queue.js';
import { QueuePoller } from './queues/queue-poller.js';
import { loadLocalDefinitions } from './workflows/definitions.js';
import { DynamoDbExecutionStore } from './workflows/execution-store.js';
import { LocalStepFunctions } from './workflows/runner.js';

export const TABLE_NAME = 'dossier';
export const DOCUMENTS_BUCKET = 'dossier-documents';
export const ARCHIVE_BUCKET = 'dossier-archive';
export const EVENT_BUS_NAME = 'dossier';
export const CASE_START_QUEUE = 'dossier-case-starts';
export const CASE_START_DEAD_LETTER_QUEUE = `${CASE_START_QUEUE}-dlq`;
const PORTAL_DIST = join(import.meta.dirname, '..', 'portal', 'dist');
export const EXPORTS_BUCKET = 'dossier-exports';

export interface LocalStackOptions {
  /** Gateway port; 0 picks a free one. */
  readonly port: number;
  /** Keep data here across restarts (npm start). Without it everything is ephemeral (tests). */
  readonly dataDir?: string;
  /** Powertools log level of the handlers. */
  readonly logLevel?: string;
  /** State machines beyond the registry's (test-only case types); files relative to the repo. */
  readonly extraStateMachines?: readonly StateMachineSpec[];
  /** The portal's built files, served at `/`; by default portal/dist, or the placeholder page until it is built. */
  readonly staticDir?: string;
  /** The starter's pace; by default from CASE_STARTS_PER_SECOND and friends (see caseStartSettings). */
  readonly caseStarts?: Partial<CaseStartSettings>;
}

export interface CaseStartSettings {
  readonly perSecond: number;
  readonly batchSize: number;
  readonly concurrency: number;
  readonly visibilityTimeoutSeconds: number;
  readonly maxReceiveCount: number;
}

/** The local starter's settings: the environment's, else defaults sized for a laptop. */
export function caseStartSettings(overrides: Partial<CaseStartSettings> = {}): CaseStartSettings {
  const fromEnv = (name: string, fallback: number) => {
    const value = Number(process.env[name]);
    return Number.isFinite(value) && value > 0 ? value : fallback;
  };
  return {
    perSecond: fromEnv('CASE_STARTS_PER_SECOND', 100),
    batchSize: fromEnv('CASE_START_BATCH_SIZE', 10),
    concurrency: fromEnv('CASE_START_CONCURRENCY', 2),
    visibilityTimeoutSeconds: fromEnv('CASE_START_VISIBILITY_SECONDS', 30),
    maxReceiveCount: 5,
    ...overrides,
  };
}

export interface LocalStack {
  readonly url: string;
  readonly endpoints: { readonly dynamodb: string; readonly s3: string; readonly aws: string };
  readonly auth: LocalAuth;
  readonly bus: LocalEventBus;
  readonly stepFunctions: LocalStepFunctions;
  /** The case start queue and its starter (the local event source mapping). */
  readonly caseStarts: { readonly queue: LocalQueue; readonly poller: QueuePoller };
  stop(): Promise<void>;
}

/**
 * Brings the whole system up on this machine: DynamoDB Local, the embedded S3 server, the real
 * state machine definitions on the local runner, the event bus, the start queue (an embedded
 * LevelDB) and its starter, and the HTTP gateway in front of the same handlers that Lambda runs.
 * Stops in the reverse order.
 */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  // Node 20 is supported by this project; the SDK's notice about it is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => console.error('stop failed:', (e as Error).message));
  };
  try {
    const scratch = options.dataDir ? undefined : mkdtempSync(join(tmpdir(), 'dossier-'));
    if (scratch) stops.push(async () => rmSync(scratch, { recursive: true, force: true }));
    const dataDir = options.dataDir ?? scratch!;

    const dynamodb = await startDynamoDbLocal(options.dataDir ? { dataDir: join(dataDir, 'dynamodb') } : {});
    stops.push(() => dynamodb.stop());
    await ensureTable(dynamodb.endpoint, TABLE_NAME);

    const bus = new LocalEventBus({ busName: EVENT_BUS_NAME });
    // The same rules as in AWS: uploads to the documents bucket reach their handler.
    for (const spec of functions.filter((f) => f.trigger === 'documents-object-created')) {
      bus.addRule({
        name: spec.id,
        eventPattern: documentUploadedPattern(DOCUMENTS_BUCKET),
        target: async (event) => void (await invokeFunction(spec.id, event)),
      });
    }
    // Consumers of domain events (notifications): the same pattern as their rule in AWS.
    for (const spec of functions.filter((f) => f.events?.length)) {
      bus.addRule({
        name: spec.id,
        eventPattern: domainEventPattern(spec.events!),
        target: async (event) => void (await invokeFunction(spec.id, event)),
      });
    }
    const s3 = await startLocalS3({
      directory: join(dataDir, 's3'),
      buckets: [DOCUMENTS_BUCKET, ARCHIVE_BUCKET, EXPORTS_BUCKET],
      allowedOrigin: `http://localhost:${options.port || 3000}`,
      // In AWS the bucket sends its events to EventBridge; locally they take the same road.
      onObjectEvent: (record) =>
        void bus.putEvents([
          {
            Source: 'aws.s3',
            DetailType: record.eventName.startsWith('ObjectCreated') ? 'Object Created' : 'Object Deleted',
            Detail: JSON.stringify({
              bucket: { name: record.s3.bucket.name },
              object: { key: decodeURIComponent(record.s3.object.key.replace(/\+/g, ' ')), size: record.s3.object.size, etag: record.s3.object.eTag },
              reason: record.eventName,
            }),
            EventBusName: EVENT_BUS_NAME,
          },
        ]),
    });
    stops.push(() => s3.stop());

    const definitions = loadLocalDefinitions({ eventBusName: EVENT_BUS_NAME, extra: options.extraStateMachines });
    const stepFunctions = new LocalStepFunctions({
      definitions,
      invokeFunction,
      putEvents: async (entries) => void (await bus.putEvents(entries)),
      store: new DynamoDbExecutionStore({ endpoint: dynamodb.endpoint, tableName: TABLE_NAME }),
    });
    stops.push(() => stepFunctions.close());

    // Buffered intake: the start queue, persisted in an embedded LevelDB under the data folder (SQS
    // in AWS, so not in DynamoDB Local either: a declaration costs it no second write), and the
    // starter draining it.
    const startSettings = caseStartSettings(options.caseStarts);
    const startQueue = new LocalQueue({
      directory: join(dataDir, 'queues'),
      name: CASE_START_QUEUE,
      visibilityTimeoutSeconds: startSettings.visibilityTimeoutSeconds,
      maxReceiveCount: startSettings.maxReceiveCount,
      deadLetterQueueName: CASE_START_DEAD_LETTER_QUEUE,
    });
    await startQueue.open();
    // Pushed before the emulator and the starter, so closed after both stopped using it.
    stops.push(() => startQueue.close());
    const starter = new QueuePoller({
      queue: startQueue,
      functionId: functions.find((f) => f.trigger === 'case-start-queue')!.id,
      invoke: invokeFunction,
      batchSize: startSettings.batchSize,
      concurrency: startSettings.concurrency,
      perSecond: startSettings.perSecond,
      queueArn: `arn:aws:sqs:local:000000000000:${CASE_START_QUEUE}`,
    });
    const emulator = await startAwsEmulator({
      port: 0,
      stepFunctions,
      bus,
      queues: {
        byName: new Map([
          [CASE_START_QUEUE, startQueue],
          [CASE_START_DEAD_LETTER_QUEUE, startQueue.deadLetterQueue()],
        ]),
        onSend: (queue) => {
          if (queue === CASE_START_QUEUE) starter.wake();
        },
      },
    });
    stops.push(() => emulator.close());

    // The handlers read their configuration once, from the environment, like in Lambda.
    Object.assign(process.env, {
      TABLE_NAME,
      DOCUMENTS_BUCKET,
      ARCHIVE_BUCKET,
      EVENT_BUS_NAME,
      EXPORTS_BUCKET,
      STATE_MACHINES: JSON.stringify(Object.fromEntries(definitions.map((m) => [m.id, m.arn]))),
      AWS_REGION: 'eu-west-3',
      // s3rver only accepts these credentials; the other emulators accept any.
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      DYNAMODB_ENDPOINT: dynamodb.endpoint,
      S3_ENDPOINT: s3.endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      SFN_ENDPOINT: emulator.url,
      EVENTS_ENDPOINT: emulator.url,
      SQS_ENDPOINT: emulator.url,
      CLOUDWATCH_ENDPOINT: emulator.url,
      CASE_START_QUEUE_URL: `${emulator.url}/000000000000/${CASE_START_QUEUE}`,
      CASE_START_DEAD_LETTER_QUEUE_URL: `${emulator.url}/000000000000/${CASE_START_DEAD_LETTER_QUEUE}`,
      // No Cognito locally: the demo users are the staff directory, with how to reach them.
      STAFF_DIRECTORY: JSON.stringify(
        Object.fromEntries(DEMO_USERS.map((u) => [u.username, { groups: u.groups, sub: u.sub, email: u.email, language: u.language, timeZone: u.timeZone }])),
      ),
      // No SES locally: e-mails stay in the table as the outbox (GET /api/_local/outbox).
      LOCAL_OUTBOX: 'true',
      // A generated secret in AWS; locally the warehouse holds only demo data.
      PSEUDONYM_KEY: 'local-pseudonym-key, not a secret',
      POWERTOOLS_SERVICE_NAME: 'dossier',
      // No CloudWatch locally: EMF lines would only clutter the console.
      POWERTOOLS_METRICS_DISABLED: 'true',
      POWERTOOLS_LOG_LEVEL: options.logLevel ?? process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    });
    // The shared logger may have been made (at INFO) by a module imported before this point, and
    // Powertools puts a logger back to the level it was made with at each invocation
    // (injectLambdaContext → refreshSampleRateCalculation). In Lambda the level is in the
    // environment before anything loads; here all handlers share this process, so the refresh keeps
    // the runtime's level instead (we sample no debug logs).
    const level = process.env.POWERTOOLS_LOG_LEVEL as Parameters<typeof logger.setLogLevel>[0];
    logger.setLogLevel(level);
    logger.refreshSampleRateCalculation = () => logger.setLogLevel(level);
    resetConfigForTests();
    resetClientsForTests();
    // The demo staff's skills and limits, once: a supervisor's later edits are kept across restarts.
    for (const profile of DEMO_STAFF_PROFILES) await seedProfile(profile);

    // The table's changes reach the warehouse as in AWS: its stream, read in batches, handed to
    // the export function (from where it stopped, across restarts).
    const tableStream = new LocalTableStream({
      endpoint: dynamodb.endpoint,
      tableName: TABLE_NAME,
      invoke: (event) => invokeFunction(functions.find((f) => f.trigger === 'table-stream')!.id, event),
      checkpointFile: options.dataDir ? join(dataDir, 'table-stream.json') : undefined,
    });
    await tableStream.start();
    stops.push(() => tableStream.stop());

    await stepFunctions.resume();
    // After the runner, so that a start finds its state machine; messages left by a killed run
    // come back after their visibility timeout and are started then.
    starter.start();
    stops.push(() => starter.stop());

    // The runtime's clock survives restarts of npm start, so moved days stay moved.
    const clockFile = options.dataDir ? join(dataDir, 'clock.json') : undefined;
    if (clockFile && existsSync(clockFile)) setClockOffsetMs((JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs);
    const scheduler = new LocalScheduler(invokeFunction, options.dataDir ? join(dataDir, 'schedule.json') : undefined);
    await scheduler.runDue();
    scheduler.start();
    stops.push(async () => scheduler.stop());

    const auth = await createLocalAuth(options.dataDir ? join(dataDir, 'keys', 'jwt-signing-key.json') : undefined);
    const gateway = await startGateway({
      port: options.port,
      auth,
      invoke: invokeFunction,
      localRoutes: localRoutes(
        auth,
        async () => {
          if (clockFile) writeFileSync(clockFile, JSON.stringify({ offsetMs: clockOffsetMs() }));
          await scheduler.runDue();
        },
        () => bus.published,
        localOutbox,
        { queue: startQueue, poller: starter },
      ),
      staticDir: options.staticDir ?? (existsSync(join(PORTAL_DIST, 'index.html')) ? PORTAL_DIST : join(import.meta.dirname, 'public')),
    });
    stops.push(() => gateway.stop());
    // Links in notifications point at this gateway; the configuration is read again to see it.
    process.env.PUBLIC_URL = gateway.url;
    resetConfigForTests();
    // Commands run beside `npm start` (verify-archive) find the emulators here.
    if (options.dataDir) {
      const keys = ['TABLE_NAME', 'DOCUMENTS_BUCKET', 'ARCHIVE_BUCKET', 'EXPORTS_BUCKET', 'PSEUDONYM_KEY', 'AWS_REGION', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'DYNAMODB_ENDPOINT', 'S3_ENDPOINT', 'S3_FORCE_PATH_STYLE', 'SFN_ENDPOINT', 'EVENTS_ENDPOINT', 'SQS_ENDPOINT', 'CASE_START_QUEUE_URL'];
      writeFileSync(join(dataDir, 'runtime.json'), JSON.stringify(Object.fromEntries(keys.map((k) => [k, process.env[k]]))));
    }

    return {
      url: gateway.url,
      endpoints: { dynamodb: dynamodb.endpoint, s3: s3.endpoint, aws: emulator.url },
      auth,
      bus,
      stepFunctions,
      caseStarts: { queue: startQueue, poller: starter },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}
