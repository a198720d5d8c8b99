import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, verifyChain, type HistoryEntry } from '#shared/history/chain.js';

const actor = { userId: 'u1', username: 'agent1', role: 'agent' };

function history(length: number): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= length; seq++) {
    const entry = chainEntry(prev, { seq, at: `2026-01-0${seq}T10:00:00.000Z`, actor, action: `step.${seq}`, details: { n: seq } });
    entries.push(entry);
    prev = entry.hash;
  }
  return entries;
}

describe('the hash-chained history', () => {
  it('verifies an untouched history', () => {
    const entries = history(4);
    expect(verifyChain(entries, entries.at(-1)!.hash)).toEqual({ verified: true });
  });

  it('hashes the same facts the same whatever the key order', () => {
    const [entry] = history(1);
    const reordered = JSON.parse(JSON.stringify({ details: entry!.details, action: entry!.action, ...entry })) as HistoryEntry;
    expect(verifyChain([reordered])).toEqual({ verified: true });
  });

  it('detects an altered entry', () => {
    const entries = history(4);
    entries[1] = { ...entries[1]!, details: { n: 99 } };
    expect(verifyChain(entries)).toEqual({ verified: false, brokenAt: 2 });
  });

  it('detects a deleted entry', () => {
    const entries = history(4);
    entries.splice(2, 1);
    expect(verifyChain(entries).verified).toBe(false);
  });

  it('detects reordered entries', () => {
    const entries = history(4);
    [entries[1], entries[2]] = [entries[2]!, entries[1]!];
    expect(verifyChain(entries).verified).toBe(false);
  });

  it('detects a truncated tail against the head kept on the case', () => {
    const entries = history(4);
    expect(verifyChain(entries.slice(0, 3), entries[3]!.hash).verified).toBe(false);
  });
});
