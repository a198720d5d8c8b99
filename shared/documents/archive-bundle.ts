// The legal archive of one closing, as one tar: `manifest.json` first, then each document under
// `documents/<folder>/<documentId>`. One object is one PUT and at most one storage-class
// transition, where a copy per document cost one of each per document; a plain tar, so an
// auditor reads it with any tar tool, without us.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { extract, pack, type Pack } from 'tar-stream';

export const MANIFEST_ENTRY = 'manifest.json';

export const documentEntry = (folder: string, documentId: string) => `documents/${folder}/${documentId}`;

/** A document to put in the bundle, with what its record says of it. */
export interface BundledDocument {
  readonly entry: string;
  readonly size: number;
  readonly sha256: string;
  /** Opened only when its turn comes, so one document at a time is read. */
  open(): Promise<AsyncIterable<Uint8Array>>;
}

/** The bytes did not match the document's record: archiving them would break the manifest. */
export class ArchivedContentMismatch extends Error {
  constructor(readonly entry: string) {
    super(`${entry}: its content does not match its record`);
    this.name = 'ArchivedContentMismatch';
  }
}

/**
 * The bundle as a stream, written as it is read. A document whose bytes differ from its record
 * (size or SHA-256) errors the stream, so what is uploaded never disagrees with its manifest.
 */
export function bundleStream(manifest: object, documents: readonly BundledDocument[]): Readable {
  const tar = pack();
  void (async () => {
    try {
      tar.entry({ name: MANIFEST_ENTRY }, JSON.stringify(manifest, null, 2));
      for (const document of documents) await addDocument(tar, document);
      tar.finalize();
    } catch (error) {
      tar.destroy(error as Error);
    }
  })();
  // tar-stream's streams are streamx streams: wrapped, the SDK's uploader sees a Node stream.
  return Readable.from(tar);
}

async function addDocument(tar: Pack, document: BundledDocument): Promise<void> {
  const hash = createHash('sha256');
  let written = 0;
  let entry!: ReturnType<Pack['entry']>;
  const finished = new Promise<void>((resolve, reject) => {
    entry = tar.entry({ name: document.entry, size: document.size }, (error) => (error ? reject(error) : resolve()));
  });
  // A mismatch is thrown below, before tar-stream could see one, and the pack destroyed with it:
  // the entry then ends in that error too, already reported by the pack.
  finished.catch(() => undefined);
  entry.on('error', () => undefined);
  for await (const chunk of await document.open()) {
    written += chunk.length;
    if (written > document.size) throw new ArchivedContentMismatch(document.entry);
    hash.update(chunk);
    if (!entry.write(chunk)) await once(entry as unknown as NodeJS.EventEmitter, 'drain');
  }
  if (written !== document.size || hash.digest('hex') !== document.sha256) throw new ArchivedContentMismatch(document.entry);
  entry.end();
  await finished;
}

export interface EntryDigest {
  readonly sha256: string;
  readonly size: number;
}

/** What a bundle holds: its manifest's text and the digest of every other entry, by name. */
export async function readBundle(body: AsyncIterable<Uint8Array>): Promise<{ manifest?: string; entries: Map<string, EntryDigest> }> {
  const reader = extract();
  const feeding = (async () => {
    try {
      for await (const chunk of body) if (!reader.write(chunk)) await once(reader as unknown as NodeJS.EventEmitter, 'drain');
      reader.end();
    } catch (error) {
      reader.destroy(error as Error);
    }
  })();
  let manifest: string | undefined;
  const entries = new Map<string, EntryDigest>();
  for await (const entry of reader) {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      if (entry.header.name === MANIFEST_ENTRY) chunks.push(chunk);
      hash.update(chunk);
      size += chunk.length;
    }
    if (entry.header.name === MANIFEST_ENTRY) manifest = Buffer.concat(chunks).toString('utf8');
    else entries.set(entry.header.name, { sha256: hash.digest('hex'), size });
  }
  await feeding;
  return { manifest, entries };
}
