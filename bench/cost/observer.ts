// The bench's own eyes on the system, for knowing when to take the next user step: reads with
// clients of its own, which the meter does not see (a person would simply come back later).
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalStack } from '#local/stack.js';
import { TABLE_NAME } from '#local/stack.js';
import { localStateMachineArn } from '#local/workflows/definitions.js';
import type { Meter } from '#shared/metering/meter.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Observer {
  private readonly dynamodb: DynamoDBDocumentClient;

  constructor(
    private readonly stack: LocalStack,
    private readonly meter: Meter,
  ) {
    this.dynamodb = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: stack.endpoints.dynamodb, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
    );
  }

  /** Polls `check` until it returns a value; a bench step that never happens is a failure. */
  async until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`bench: gave up waiting for ${what}`);
      await sleep(50);
    }
  }

  private async query(input: { IndexName?: string; KeyConditionExpression: string; ExpressionAttributeValues: Record<string, string> }) {
    const items: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.dynamodb.send(new QueryCommand({ TableName: TABLE_NAME, ...input, ExclusiveStartKey: start }));
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return items;
  }

  caseItems(caseId: string) {
    return this.query({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CASE#${caseId}` } });
  }

  /** The case's open task of a kind, once its Lambda has written it. */
  openTask(caseId: string, kind: string): Promise<{ taskId: string }> {
    return this.until(`a ${kind} task`, async () => {
      const tasks = await this.query({ IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk', ExpressionAttributeValues: { ':pk': `CASETASKS#${caseId}` } });
      return tasks.find((t) => t.kind === kind && (t.status === 'open' || t.status === 'assigned')) as { taskId: string } | undefined;
    });
  }

  /** Waits until the lifecycle's first step registered the case (its checklist comes with it). */
  registered(caseId: string): Promise<unknown> {
    return this.until(`case ${caseId} registered`, async () => {
      const item = (await this.caseItems(caseId)).find((i) => i.sk === 'CASE');
      return item && item.status !== 'received' ? item : undefined;
    });
  }

  /** Waits until the document's arrival has been handled (its status left `pending`). */
  documentProcessed(caseId: string, documentId: string): Promise<unknown> {
    return this.until(`document ${documentId}`, async () => {
      const items = await this.caseItems(caseId);
      const document = items.find((i) => i.sk === `DOC#${documentId}`);
      return document && document.status !== 'pending' ? document : undefined;
    });
  }

  /**
   * Waits until everything a case set going is over: its execution finished, the history holds
   * `actions`, no event delivery or invocation is under way, and nothing billable was counted
   * for a while.
   */
  async settled(caseId: string, machineId: string, actions: readonly string[]): Promise<void> {
    const executionArn = `${localStateMachineArn(machineId).replace(':stateMachine:', ':execution:')}:${caseId}`;
    await this.until('the execution to finish', async () => {
      const record = await this.stack.stepFunctions.describeExecution({ executionArn }).catch(() => undefined);
      if (record && record.status !== 'RUNNING' && record.status !== 'SUCCEEDED') throw new Error(`bench: execution ${record.status}`);
      return record?.status === 'SUCCEEDED' ? true : undefined;
    });
    await this.until(`history entries ${actions.join(', ')}`, async () => {
      const seen = new Set((await this.caseItems(caseId)).filter((i) => String(i.sk).startsWith('HIST#')).map((i) => i.action));
      return actions.every((a) => seen.has(a)) ? true : undefined;
    });
    await this.quiet();
  }

  /** Nothing in flight and no count added for 400 ms. */
  async quiet(): Promise<void> {
    for (;;) {
      await this.stack.bus.drain();
      const before = this.meter.changes;
      await sleep(400);
      if (this.meter.inFlight === 0 && this.meter.changes === before) return;
    }
  }

  destroy(): void {
    this.dynamodb.destroy();
  }
}
