import { createHash } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import canonicalize from 'canonicalize';
import { s3Client } from '../aws/clients.js';
import { queryAll } from '../aws/query-all.js';
import { LISTING_SHARDS } from '../aws/table-schema.js';
import { batchGetAll } from '../aws/batch-get-all.js';
import { allCasesIndexPk, CASE_HEAD_SK, casePk } from '../cases/case-keys.js';
import type { HistoryEntry } from './chain.js';
import { config } from '../config.js';

/** The head of every case's chain on a day, itself chained to the previous day's digest. */
export interface ChainDigest {
  readonly day: string;
  readonly writtenAt: string;
  /** [caseId, seq, hash of entry seq] */
  readonly heads: readonly (readonly [string, number, string])[];
  readonly previousDigestHash: string | null;
  readonly digestHash: string;
}

const DIGEST_PREFIX = 'digests/';

const hashOf = (digest: Omit<ChainDigest, 'digestHash'>) =>
  createHash('sha256').update(canonicalize(digest) ?? '').digest('hex');

/**
 * Writes the day's digest of chain heads to the Object-Locked archive. Once there, nobody can
 * rewrite a case's history up to that point, even re-hashing the whole chain and the head on
 * the case, without the digest giving it away. Reads the case listing index (a batch once a
 * day; pages and dashboards never do this).
 */
export async function writeChainDigest(day: string, writtenAt: string): Promise<ChainDigest> {
  const archive = config().ARCHIVE_BUCKET!;
  const heads: [string, number, string][] = [];
  for (let shard = 0; shard < LISTING_SHARDS; shard++) {
    const items = await queryAll({
      TableName: config().TABLE_NAME,
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :pk',
      ExpressionAttributeValues: { ':pk': allCasesIndexPk(shard) },
      ProjectionExpression: 'caseId, historySeq, historyHead',
    });
    // A case item holds its head only until the case's first change; then the head item does.
    const withHeadItem: string[] = [];
    for (const item of items) {
      if (typeof item.historySeq === 'number') heads.push([item.caseId as string, item.historySeq, item.historyHead as string]);
      else withHeadItem.push(item.caseId as string);
    }
    for (const head of await batchGetAll(withHeadItem.map((id) => ({ pk: casePk(id), sk: CASE_HEAD_SK })))) {
      heads.push([head.caseId as string, head.historySeq as number, head.historyHead as string]);
    }
  }
  heads.sort((a, b) => a[0].localeCompare(b[0]));
  const previous = await latestDigest(archive);
  const body = { day, writtenAt, heads, previousDigestHash: previous?.digestHash ?? null };
  const digest: ChainDigest = { ...body, digestHash: hashOf(body) };
  await s3Client().send(
    new PutObjectCommand({ Bucket: archive, Key: `${DIGEST_PREFIX}${day}.json`, Body: JSON.stringify(digest), ContentType: 'application/json' }),
  );
  return digest;
}

export async function latestDigest(archive = config().ARCHIVE_BUCKET!): Promise<ChainDigest | undefined> {
  const listed = await s3Client().send(new ListObjectsV2Command({ Bucket: archive, Prefix: DIGEST_PREFIX }));
  const newest = (listed.Contents ?? []).map((o) => o.Key!).sort().at(-1);
  if (!newest) return undefined;
  const { Body } = await s3Client().send(new GetObjectCommand({ Bucket: archive, Key: newest }));
  return JSON.parse(await (Body as { transformToString(): Promise<string> }).transformToString()) as ChainDigest;
}

/** Whether the case's history still holds, at the digested position, the hash the digest recorded. */
export function checkAgainstDigest(caseId: string, entries: readonly HistoryEntry[], digest: ChainDigest): { ok: boolean; detail: string } {
  if (hashOf({ day: digest.day, writtenAt: digest.writtenAt, heads: digest.heads, previousDigestHash: digest.previousDigestHash }) !== digest.digestHash) {
    return { ok: false, detail: `the digest of ${digest.day} itself does not hash to its recorded value` };
  }
  const head = digest.heads.find(([id]) => id === caseId);
  if (!head) return { ok: true, detail: `not in the digest of ${digest.day} (newer case)` };
  const [, seq, hash] = head;
  const entry = entries.find((e) => e.seq === seq);
  return entry?.hash === hash
    ? { ok: true, detail: `matches the digest of ${digest.day} at entry ${seq}` }
    : { ok: false, detail: `entry ${seq} differs from the digest of ${digest.day}: history rewritten after it` };
}
