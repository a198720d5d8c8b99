import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ArchivedContentMismatch, bundleStream, documentEntry, readBundle, type BundledDocument } from '#shared/documents/archive-bundle.js';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** A document whose record says `recorded` and whose stored bytes are `stored`. */
const document = (id: string, recorded: Buffer, stored = recorded): BundledDocument => ({
  entry: documentEntry('declaration', id),
  size: recorded.length,
  sha256: sha256(recorded),
  // Chunks of 1,000 bytes, as S3 streams a body.
  open: async () => Readable.from(Array.from({ length: Math.ceil(stored.length / 1000) }, (_, i) => stored.subarray(i * 1000, (i + 1) * 1000))),
});

const bytesOf = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('the archive bundle', () => {
  it('holds the manifest and every document, byte for byte, read back with their digests', async () => {
    const first = Buffer.alloc(300_000, 1);
    const second = Buffer.from('%PDF-1.7 a small certificate');
    const tar = await bytesOf(bundleStream({ caseId: 'C1' }, [document('D1', first), document('D2', second)]));
    const read = await readBundle(Readable.from([tar]));
    expect(JSON.parse(read.manifest!)).toEqual({ caseId: 'C1' });
    expect([...read.entries]).toEqual([
      ['documents/declaration/D1', { sha256: sha256(first), size: first.length }],
      ['documents/declaration/D2', { sha256: sha256(second), size: second.length }],
    ]);
  });

  it('fails, rather than archive them, when a document’s bytes no longer match its record', async () => {
    const recorded = Buffer.from('%PDF-1.7 as it was received');
    const changed = Buffer.from('%PDF-1.7 as it was receivEd');
    await expect(bytesOf(bundleStream({}, [document('D1', recorded, changed)]))).rejects.toBeInstanceOf(ArchivedContentMismatch);
    await expect(bytesOf(bundleStream({}, [document('D1', recorded, Buffer.concat([recorded, Buffer.from('more')]))]))).rejects.toBeInstanceOf(ArchivedContentMismatch);
    await expect(bytesOf(bundleStream({}, [document('D1', recorded, recorded.subarray(5))]))).rejects.toBeInstanceOf(ArchivedContentMismatch);
  });

  it('tells a truncated archive from a whole one', async () => {
    const tar = await bytesOf(bundleStream({ caseId: 'C1' }, [document('D1', Buffer.alloc(4000, 2))]));
    await expect(readBundle(Readable.from([tar.subarray(0, 2000)]))).rejects.toThrow();
  });
});
