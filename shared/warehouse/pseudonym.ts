import { createHmac } from 'node:crypto';
import { config } from '../config.js';

/**
 * The member key of the warehouse: an HMAC of the claimant's account id (or of the case, for a case
 * declared for someone without an account) under a key only the exporter holds. The facts can be
 * counted per member and joined across cases without naming anyone; only the restricted
 * `identities` table says who a key is. Without the key, a key cannot be traced back to an account
 * id by hashing candidates.
 */
export function memberKey(record: { readonly ownerId?: string; readonly caseId: string }): string {
  const key = config().PSEUDONYM_KEY;
  if (!key) throw new Error('PSEUDONYM_KEY is not configured');
  const subject = record.ownerId ? `owner:${record.ownerId}` : `case:${record.caseId}`;
  return createHmac('sha256', key).update(subject).digest('hex').slice(0, 32);
}
