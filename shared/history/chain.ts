import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** The hash that precedes the first entry of every case's history. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry says; `hash` and `prevHash` are computed from it. */
export interface HistoryFacts {
  readonly seq: number;
  readonly at: string;
  readonly actor: { readonly userId: string; readonly username: string; readonly role: string };
  readonly action: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export interface HistoryEntry extends HistoryFacts {
  readonly prevHash: string;
  readonly hash: string;
}

// RFC 8785 canonical JSON, so that the same facts always hash the same, whatever the key order
// in which DynamoDB hands them back.
export function hashEntry(prevHash: string, facts: HistoryFacts): string {
  const { seq, at, actor, action, details } = facts;
  const canonical = canonicalize({ prevHash, seq, at, actor, action, details: details ?? {} });
  return createHash('sha256').update(canonical ?? '').digest('hex');
}

export function chainEntry(prevHash: string, facts: HistoryFacts): HistoryEntry {
  return { ...facts, prevHash, hash: hashEntry(prevHash, facts) };
}

export interface ChainCheck {
  readonly verified: boolean;
  /** seq of the first entry that does not fit, if any */
  readonly brokenAt?: number;
}

/** Checks order, continuity and every hash; a changed, removed or reordered entry breaks it. */
export function verifyChain(entries: readonly HistoryEntry[], expectedHead?: string): ChainCheck {
  let prev = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    if (entry.seq !== index + 1 || entry.prevHash !== prev || hashEntry(prev, entry) !== entry.hash) {
      return { verified: false, brokenAt: entry.seq };
    }
    prev = entry.hash;
  }
  if (expectedHead !== undefined && prev !== expectedHead) {
    return { verified: false, brokenAt: entries.length + 1 };
  }
  return { verified: true };
}
