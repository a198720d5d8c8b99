import * as z from 'zod';

// Every setting a handler needs, read once at cold start and validated: a missing or malformed
// variable fails the function at start-up instead of half-way through a request.
// The endpoints are only set by the local runtime (emulators); in AWS the SDK finds the real ones.
const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  DOCUMENTS_BUCKET: z.string().min(1).optional(),
  // Object-Locked legal archive: closed cases' documents and manifests.
  ARCHIVE_BUCKET: z.string().min(1).optional(),
  EVENT_BUS_NAME: z.string().min(1).default('default'),
  // Daily exports of case facts and KPIs for reporting (gzipped JSON Lines, partitioned by date).
  EXPORTS_BUCKET: z.string().min(1).optional(),
  // The key of the warehouse's member keys (shared/warehouse/pseudonym.ts): a generated secret in
  // AWS, a fixed local value on a laptop.
  PSEUDONYM_KEY: z.string().min(16).optional(),
  // {"<state machine id>": "<arn>"}, one entry per statemachines/*.asl.json
  STATE_MACHINES: z
    .string()
    .default('{}')
    .transform((raw, ctx) => {
      try {
        return z.record(z.string(), z.string()).parse(JSON.parse(raw));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'STATE_MACHINES must be a JSON object of ARNs' });
        return z.NEVER;
      }
    }),
  // A wait on a person or a deadline that has lasted this long ends its execution (the case's next
  // execution starts when the wait ends): open executions then count the cases being worked on,
  // not every case alive (shared/workflows/long-waits.ts). 0 turns it off.
  LONG_WAIT_SECONDS: z.coerce.number().int().min(0).default(3600),
  AWS_REGION: z.string().default('eu-west-3'),
  DYNAMODB_ENDPOINT: z.url().optional(),
  S3_ENDPOINT: z.url().optional(),
  SFN_ENDPOINT: z.url().optional(),
  EVENTS_ENDPOINT: z.url().optional(),
  SQS_ENDPOINT: z.url().optional(),
  CLOUDWATCH_ENDPOINT: z.url().optional(),
  // The queue of case starts (buffered intake): declare-case sends to it, the starter consumes it.
  CASE_START_QUEUE_URL: z.url().optional(),
  // Its dead-letter queue: the ops dashboard counts the starts that failed five times.
  CASE_START_DEAD_LETTER_QUEUE_URL: z.url().optional(),
  // A case still `received` this long after its declaration, while the queue is idle, lost its
  // start message (a crash between the write and the send): the sweeper enqueues it again.
  UNSTARTED_CASE_AFTER_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  // s3rver (local) only understands path-style addressing.
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Where staff usernames are checked before work is handed to them (shared/auth/directory.ts):
  // the Cognito user pool in AWS, a fixed JSON map {username: [groups]} locally.
  USER_POOL_ID: z.string().min(1).optional(),
  STAFF_DIRECTORY: z.string().default('{}'),
  // Public origin of the portal, used for links in notifications and CORS.
  PUBLIC_URL: z.url().optional(),
  // The From address of notification e-mails, an address of the SES identity (a stack parameter).
  EMAIL_FROM: z.email().optional(),
  // Set by the local runtime only: e-mails are not handed to SES but kept, marked sent, as the
  // outbox that GET /api/_local/outbox lists. Explicit rather than inferred from a missing
  // EMAIL_FROM, so that a misconfigured stack fails to send (and alarms) instead of dropping mail.
  LOCAL_OUTBOX: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

export type Config = z.infer<typeof configSchema>;

let cached: Config | undefined;

export function config(): Config {
  if (!cached) {
    const parsed = configSchema.safeParse(process.env);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((i) => i.path.join('.')).join(', ');
      throw new Error(`Invalid configuration: ${fields}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For the local runtime and tests, which set the environment after modules are loaded. */
export function resetConfigForTests(): void {
  cached = undefined;
}
