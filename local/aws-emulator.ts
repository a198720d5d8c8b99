import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { LocalEventBus } from './event-bus.js';
import type { LocalQueue } from './queues/local-queue.js';
import { AwsServiceError } from './workflows/aws-error.js';
import type { ExecutionRecord } from './workflows/execution-store.js';
import type { LocalStepFunctions, PutEventsEntry } from './workflows/runner.js';

interface MetricDataQuery {
  readonly Id: string;
  readonly MetricStat?: { readonly Metric?: { readonly Namespace?: string; readonly MetricName?: string; readonly Dimensions?: readonly { Name: string; Value: string }[] } };
}

const epochSeconds = (iso: string | Date | undefined) => (iso ? new Date(iso).getTime() / 1000 : undefined);

function describe(record: ExecutionRecord) {
  return {
    executionArn: record.executionArn,
    stateMachineArn: record.stateMachineArn,
    name: record.name,
    status: record.status,
    startDate: epochSeconds(record.startDate),
    stopDate: epochSeconds(record.stopDate),
    input: record.input,
    output: record.output,
    error: record.error,
    cause: record.cause,
  };
}

/**
 * Speaks the AWS JSON protocol of Step Functions (AWSStepFunctions.*), EventBridge (AWSEvents.*),
 * SQS (AmazonSQS.*) and CloudWatch's GetMetricData for queue ages, so that the handlers' real SDK
 * clients work locally with only an endpoint changed. Errors carry their AWS name in `__type`,
 * which the SDK turns into typed exceptions.
 */
export async function startAwsEmulator(options: {
  port: number;
  stepFunctions: LocalStepFunctions;
  bus: LocalEventBus;
  /** SQS queues by name, and what to do once a message is sent (wake its poller). */
  queues?: { readonly byName: ReadonlyMap<string, LocalQueue>; readonly onSend: (queue: string) => void };
}) {
  const { stepFunctions: sfn, bus } = options;
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');
  // A queue URL ends with the queue's name, as in AWS (https://sqs.<region>.amazonaws.com/<account>/<name>).
  const queueOf = (url: unknown): LocalQueue => {
    const queue = options.queues?.byName.get(String(url ?? '').split('/').at(-1) ?? '');
    if (!queue) throw new AwsServiceError('QueueDoesNotExist', 'The specified queue does not exist.');
    return queue;
  };
  // Bodies are the SDK's own requests; the runner checks what it relies on.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const operations: Record<string, (body: any) => Promise<unknown>> = {
    'AWSStepFunctions.StartExecution': async (b) => {
      const { executionArn, startDate } = await sfn.startExecution(b);
      return { executionArn, startDate: epochSeconds(startDate) };
    },
    'AWSStepFunctions.DescribeExecution': async (b) => describe(await sfn.describeExecution(b)),
    'AWSStepFunctions.ListExecutions': async (b) => ({
      executions: (await sfn.listExecutions(b)).map((e) => ({
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: epochSeconds(e.startDate),
      })),
    }),
    'AWSStepFunctions.StopExecution': async (b) => ({ stopDate: epochSeconds((await sfn.stopExecution(b)).stopDate) }),
    'AWSStepFunctions.SendTaskSuccess': (b) => sfn.sendTaskSuccess(b),
    'AWSStepFunctions.SendTaskFailure': (b) => sfn.sendTaskFailure(b),
    'AWSStepFunctions.SendTaskHeartbeat': (b) => sfn.sendTaskHeartbeat(b),
    'AWSEvents.PutEvents': async (b: { Entries: PutEventsEntry[] }) => {
      const entries = await bus.putEvents(b.Entries ?? []);
      return { FailedEntryCount: 0, Entries: entries };
    },
    'AmazonSQS.SendMessage': async (b: { QueueUrl: string; MessageBody: string }) => {
      const queue = queueOf(b.QueueUrl);
      const MessageId = await queue.send(b.MessageBody);
      options.queues?.onSend(queue.name);
      return { MessageId, MD5OfMessageBody: md5(b.MessageBody) };
    },
    'AmazonSQS.SendMessageBatch': async (b: { QueueUrl: string; Entries: { Id: string; MessageBody: string }[] }) => {
      const queue = queueOf(b.QueueUrl);
      const Successful = [];
      for (const entry of b.Entries ?? []) {
        Successful.push({ Id: entry.Id, MessageId: await queue.send(entry.MessageBody), MD5OfMessageBody: md5(entry.MessageBody) });
      }
      options.queues?.onSend(queue.name);
      return { Successful, Failed: [] };
    },
    'AmazonSQS.ReceiveMessage': async (b: { QueueUrl: string; MaxNumberOfMessages?: number; VisibilityTimeout?: number }) => {
      const messages = await queueOf(b.QueueUrl).receive(Math.min(10, b.MaxNumberOfMessages ?? 1), b.VisibilityTimeout);
      return {
        Messages: messages.map((m) => ({
          MessageId: m.messageId,
          ReceiptHandle: m.receiptHandle,
          Body: m.body,
          MD5OfBody: md5(m.body),
          Attributes: { ApproximateReceiveCount: String(m.receiveCount), SentTimestamp: String(m.sentAt) },
        })),
      };
    },
    'AmazonSQS.DeleteMessage': async (b: { QueueUrl: string; ReceiptHandle: string }) => {
      await queueOf(b.QueueUrl).delete(b.ReceiptHandle);
      return {};
    },
    'AmazonSQS.ChangeMessageVisibility': async (b: { QueueUrl: string; ReceiptHandle: string; VisibilityTimeout: number }) => {
      await queueOf(b.QueueUrl).changeVisibility(b.ReceiptHandle, b.VisibilityTimeout);
      return {};
    },
    'AmazonSQS.GetQueueAttributes': async (b: { QueueUrl: string }) => {
      const { visible, inFlight } = await queueOf(b.QueueUrl).attributes();
      return { Attributes: { ApproximateNumberOfMessages: String(visible), ApproximateNumberOfMessagesNotVisible: String(inFlight) } };
    },
    // CloudWatch, for the one metric the system reads back: the age of a queue's oldest message
    // (AWS/SQS ApproximateAgeOfOldestMessage by QueueName), computed from the queue as it is now.
    // Any other query answers no datapoint, as CloudWatch does for a metric nobody publishes.
    'GraniteServiceVersion20100801.GetMetricData': async (b: { MetricDataQueries?: MetricDataQuery[] }) => {
      const at = Date.now() / 1000;
      const MetricDataResults = await Promise.all(
        (b.MetricDataQueries ?? []).map(async (query) => {
          const metric = query.MetricStat?.Metric;
          const queueName = metric?.Dimensions?.find((d) => d.Name === 'QueueName')?.Value;
          const queue = queueName ? options.queues?.byName.get(queueName) : undefined;
          const known = metric?.Namespace === 'AWS/SQS' && metric.MetricName === 'ApproximateAgeOfOldestMessage' && queue;
          const values = known ? [(await queue.attributes()).oldestAgeSeconds] : [];
          return { Id: query.Id, Label: metric?.MetricName, StatusCode: 'Complete', Timestamps: values.map(() => at), Values: values };
        }),
      );
      return { MetricDataResults, Messages: [] };
    },
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const contentType = target.startsWith('AWSEvents.') ? 'application/x-amz-json-1.1' : 'application/x-amz-json-1.0';
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': contentType });
        res.end(JSON.stringify(body));
      };
      const operation = operations[target];
      if (!operation) return reply(400, { __type: 'UnknownOperationException', message: `Not emulated locally: ${target}` });
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'Malformed JSON' });
      }
      operation(body).then(
        (result) => reply(200, result ?? {}),
        (error: Error) =>
          error instanceof AwsServiceError
            ? reply(400, { __type: error.name, message: error.message })
            : reply(500, { __type: 'InternalFailure', message: 'local emulator failure' }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
