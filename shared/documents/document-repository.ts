import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '../aws/clients.js';
import { queryAll } from '../aws/query-all.js';
import type { LinkedWrite } from '../cases/case-repository.js';
import { config } from '../config.js';
import { DOCUMENT_PREFIX, documentPk, documentSk, type DocumentRecord } from './document-record.js';

const table = () => config().TABLE_NAME;

function item(document: DocumentRecord) {
  return { pk: documentPk(document.caseId), sk: documentSk(document.documentId), entity: 'document', ...document };
}

function toDocument(raw: Record<string, unknown>): DocumentRecord {
  const { pk: _pk, sk: _sk, entity: _e, ...document } = raw;
  return document as unknown as DocumentRecord;
}

export async function putPendingDocument(document: DocumentRecord): Promise<void> {
  await dynamo().send(new PutCommand({ TableName: table(), Item: item(document), ConditionExpression: 'attribute_not_exists(pk)' }));
}

export async function getDocument(caseId: string, documentId: string): Promise<DocumentRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: table(), Key: { pk: documentPk(caseId), sk: documentSk(documentId) }, ConsistentRead: true }),
  );
  return Item ? toDocument(Item) : undefined;
}

/** Every document of a case, oldest first (ids are ULIDs). */
export async function documentsOfCase(caseId: string): Promise<DocumentRecord[]> {
  const items = await queryAll({
    TableName: table(),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': documentPk(caseId), ':prefix': DOCUMENT_PREFIX },
    ConsistentRead: true,
  });
  return items.map(toDocument);
}

/** Replaces a document only if it is still in the status it was read in (one winner). */
export function documentUpdateWrite(next: DocumentRecord, expectedStatus: DocumentRecord['status']): LinkedWrite {
  const { expiresAt: _drop, ...kept } = next;
  return {
    Put: {
      TableName: table(),
      Item: item(kept as DocumentRecord),
      ConditionExpression: '#status = :expected',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':expected': expectedStatus },
    },
  };
}
