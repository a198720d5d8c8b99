import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';

// The table itself, for tests that look at (or rewrite) how a case is stored.
export const table = () =>
  DynamoDBDocumentClient.from(
    new DynamoDBClient({ endpoint: inject('dynamodbEndpoint'), region: 'eu-west-3', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
  );
export const caseKey = (caseId: string) => ({ pk: `CASE#${caseId}`, sk: 'CASE' });
export const item = async (key: Record<string, string>) => (await table().send(new GetCommand({ TableName: 'dossier', Key: key, ConsistentRead: true }))).Item;
