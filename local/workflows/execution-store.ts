import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly input: string;
  readonly status: ExecutionStatus;
  readonly startDate: string;
  readonly stopDate?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  /** The state being run and its raw input: where a restart picks the execution up. */
  readonly currentState?: string;
  readonly currentInput?: string;
}

/** A Task state waiting for SendTaskSuccess/Failure, kept so that a restart can wait again. */
export interface WaitingToken {
  readonly token: string;
  readonly executionArn: string;
  readonly stateName: string;
  readonly stateInput: string;
}

/**
 * Where the local runner keeps executions and waiting tokens. Step Functions keeps them durably;
 * locally they go to DynamoDB Local (npm start) or memory (state machine tests).
 */
export interface ExecutionStore {
  /** False if an execution with this ARN exists already. */
  create(execution: ExecutionRecord): Promise<boolean>;
  get(executionArn: string): Promise<ExecutionRecord | undefined>;
  update(executionArn: string, changes: Partial<ExecutionRecord>): Promise<void>;
  running(): Promise<ExecutionRecord[]>;
  putToken(token: WaitingToken): Promise<void>;
  /** Removes a token; false if it was already gone (used once only). */
  takeToken(token: string): Promise<WaitingToken | undefined>;
  tokensOf(executionArn: string): Promise<WaitingToken[]>;
}

export class MemoryExecutionStore implements ExecutionStore {
  private readonly executions = new Map<string, ExecutionRecord>();
  private readonly tokens = new Map<string, WaitingToken>();

  async create(execution: ExecutionRecord) {
    if (this.executions.has(execution.executionArn)) return false;
    this.executions.set(execution.executionArn, execution);
    return true;
  }
  async get(executionArn: string) {
    return this.executions.get(executionArn);
  }
  async update(executionArn: string, changes: Partial<ExecutionRecord>) {
    const current = this.executions.get(executionArn);
    if (current) this.executions.set(executionArn, { ...current, ...changes });
  }
  async running() {
    return [...this.executions.values()].filter((e) => e.status === 'RUNNING');
  }
  async putToken(token: WaitingToken) {
    this.tokens.set(token.token, token);
  }
  async takeToken(token: string) {
    const found = this.tokens.get(token);
    this.tokens.delete(token);
    return found;
  }
  async tokensOf(executionArn: string) {
    return [...this.tokens.values()].filter((t) => t.executionArn === executionArn);
  }
}

// Items in the project's single table; running executions are also in a sparse index partition
// so that a restart finds them with one Query.
const RUNNING_PK = 'SFNRUNNING';

export class DynamoDbExecutionStore implements ExecutionStore {
  private readonly client: DynamoDBDocumentClient;

  constructor(private readonly options: { endpoint: string; tableName: string }) {
    this.client = DynamoDBDocumentClient.from(
      new DynamoDBClient({ endpoint: options.endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
      { marshallOptions: { removeUndefinedValues: true } },
    );
  }

  private key(executionArn: string) {
    return { pk: `SFNEXEC#${executionArn}`, sk: 'EXECUTION' };
  }

  async create(execution: ExecutionRecord) {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: { ...this.key(execution.executionArn), entity: 'sfn-execution', ...execution, gsi2pk: RUNNING_PK, gsi2sk: execution.executionArn },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async get(executionArn: string) {
    const { Item } = await this.client.send(new GetCommand({ TableName: this.options.tableName, Key: this.key(executionArn), ConsistentRead: true }));
    return Item as ExecutionRecord | undefined;
  }

  async update(executionArn: string, changes: Partial<ExecutionRecord>) {
    const entries = Object.entries(changes).filter(([, v]) => v !== undefined);
    const finished = changes.status !== undefined && changes.status !== 'RUNNING';
    if (entries.length === 0 && !finished) return;
    await this.client.send(
      new UpdateCommand({
        TableName: this.options.tableName,
        Key: this.key(executionArn),
        UpdateExpression:
          (entries.length ? 'SET ' + entries.map((_, i) => `#k${i} = :v${i}`).join(', ') : '') + (finished ? ' REMOVE gsi2pk, gsi2sk' : ''),
        ExpressionAttributeNames: Object.fromEntries(entries.map(([k], i) => [`#k${i}`, k])),
        ExpressionAttributeValues: entries.length ? Object.fromEntries(entries.map(([, v], i) => [`:v${i}`, v])) : undefined,
      }),
    );
  }

  async running() {
    const found: ExecutionRecord[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: 'gsi2',
          KeyConditionExpression: 'gsi2pk = :pk',
          ExpressionAttributeValues: { ':pk': RUNNING_PK },
          ExclusiveStartKey: start,
        }),
      );
      found.push(...((page.Items ?? []) as ExecutionRecord[]));
      start = page.LastEvaluatedKey;
    } while (start);
    return found.filter((e) => e.status === 'RUNNING');
  }

  async putToken(token: WaitingToken) {
    await this.client.send(
      new PutCommand({
        TableName: this.options.tableName,
        Item: { pk: `SFNEXEC#${token.executionArn}`, sk: `TOKEN#${token.token}`, entity: 'sfn-token', ...token, gsi3pk: `SFNTOKEN#${token.token}`, gsi3sk: 'TOKEN' },
      }),
    );
  }

  async takeToken(token: string) {
    // The token does not say its execution: find it among the waiting ones by its own key.
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: 'gsi3',
        KeyConditionExpression: 'gsi3pk = :pk',
        ExpressionAttributeValues: { ':pk': `SFNTOKEN#${token}` },
      }),
    );
    const found = Items[0] as (WaitingToken & { pk: string; sk: string }) | undefined;
    if (!found) return undefined;
    try {
      await this.client.send(
        new DeleteCommand({ TableName: this.options.tableName, Key: { pk: found.pk, sk: found.sk }, ConditionExpression: 'attribute_exists(pk)' }),
      );
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return undefined;
      throw error;
    }
    return { token: found.token, executionArn: found.executionArn, stateName: found.stateName, stateInput: found.stateInput };
  }

  async tokensOf(executionArn: string) {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':pk': `SFNEXEC#${executionArn}`, ':prefix': 'TOKEN#' },
        ConsistentRead: true,
      }),
    );
    return Items.map((i) => ({ token: i.token, executionArn: i.executionArn, stateName: i.stateName, stateInput: i.stateInput }) as WaitingToken);
  }
}
