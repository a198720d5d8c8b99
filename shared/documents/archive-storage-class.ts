import type { StorageClass } from '@aws-sdk/client-s3';

/**
 * Glacier Instant Retrieval bills every object as at least 128 KB: a smaller archive (a case
 * without documents) costs less in Standard. Written in its class from the start, an archive pays
 * no month in Standard and no transition request ($0.02 per 1,000) after it.
 */
export const GLACIER_IR_MINIMUM_BYTES = 128 * 1024;
export const archiveStorageClass = (bytes: number): StorageClass => (bytes >= GLACIER_IR_MINIMUM_BYTES ? 'GLACIER_IR' : 'STANDARD');
