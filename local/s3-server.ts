import { mkdirSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import S3rver from 's3rver';
import S3Object from 's3rver/lib/models/object.js';
import { metering } from '#shared/metering/meter.js';
import { freePort } from './ports.js';

/** An S3 event notification record, as s3rver emits it and as S3 sends it. */
export interface S3NotificationRecord {
  readonly eventName: string;
  readonly eventTime: string;
  readonly s3: {
    readonly bucket: { readonly name: string };
    readonly object: { readonly key: string; readonly size?: number; readonly eTag?: string; readonly sequencer?: string };
  };
}

export interface LocalS3 {
  readonly endpoint: string;
  stop(): Promise<void>;
}

// Browsers upload straight to S3 from the portal's origin: the local buckets allow exactly that,
// like the CORS rule of the documents bucket in AWS.
function corsConfig(origin: string): string {
  return `<CORSConfiguration><CORSRule>
  <AllowedOrigin>${origin}</AllowedOrigin>
  <AllowedMethod>GET</AllowedMethod><AllowedMethod>POST</AllowedMethod><AllowedMethod>PUT</AllowedMethod>
  <AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds>
</CORSRule></CORSConfiguration>`;
}

/**
 * Starts the embedded S3 server with the given buckets, storing objects under `directory`.
 * Every object event is handed to `onObjectEvent`, the local stand-in for S3 notifications.
 */
export async function startLocalS3(options: {
  directory: string;
  buckets: readonly string[];
  allowedOrigin: string;
  onObjectEvent: (record: S3NotificationRecord) => void;
  port?: number;
}): Promise<LocalS3> {
  mkdirSync(options.directory, { recursive: true });
  acceptGlacierInstantRetrieval();
  const port = options.port ?? (await freePort());
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    silent: true,
    directory: options.directory,
    allowMismatchedSignatures: true,
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name, configs: [corsConfig(options.allowedOrigin)] })),
  });
  server.on('event', (event: { Records: S3NotificationRecord[] }) => {
    for (const record of event.Records) options.onObjectEvent(record);
  });
  await server.run();
  // The cost bench counts each request the way S3 bills it; every other run leaves the server alone.
  if (metering()) {
    const classes = new UploadStorageClasses();
    server.httpServer?.on('request', (req: IncomingMessage) => meterS3Request(req.method ?? 'GET', req.url ?? '/', classes.of(req.method ?? 'GET', req.url ?? '/', req.headers['x-amz-storage-class'])));
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}

/**
 * s3rver 3.7.1 predates S3 Glacier Instant Retrieval (2021) and refuses its storage class, which
 * the archive is written in: added to the classes it knows, it stores such objects like any other.
 */
function acceptGlacierInstantRetrieval(): void {
  const classes = S3Object.STORAGE_CLASSES;
  if (!classes.includes('GLACIER_IR')) classes.push('GLACIER_IR');
}

/** S3's request price classes: writes and lists, reads and everything else, and the free ones. */
export type S3RequestClass = 'put-copy-post-list' | 'get-and-other' | 'free';

/**
 * The price class of a path-style request (`/<bucket>/<key>?...`): PUT, COPY, POST and LIST are
 * billed at one price, GET and every other request at a tenth of it; DELETE is free.
 */
export function s3RequestClass(method: string, url: string): S3RequestClass {
  const { pathname, searchParams } = new URL(url, 'http://s3.local');
  const [, bucket = '', ...key] = pathname.split('/');
  const verb = method.toUpperCase();
  if (verb === 'DELETE' || (verb === 'POST' && searchParams.has('delete'))) return 'free';
  if (verb === 'PUT' || verb === 'POST') return 'put-copy-post-list';
  // A GET of the bucket itself lists it, unless it reads one of the bucket's settings.
  const settings = ['acl', 'cors', 'location', 'policy', 'versioning', 'lifecycle', 'tagging', 'website', 'notification', 'encryption'];
  if (verb === 'GET' && bucket && key.join('/') === '' && !settings.some((s) => searchParams.has(s))) return 'put-copy-post-list';
  return 'get-and-other';
}

/**
 * The storage class a request writes into: its `x-amz-storage-class` header, or for the parts and
 * the completion of a multipart upload, the class its creation named (S3 bills each of them at
 * that class's request price).
 */
export class UploadStorageClasses {
  private readonly multipart = new Map<string, string>();

  of(method: string, url: string, header: string | string[] | undefined): string {
    const { pathname, searchParams } = new URL(url, 'http://s3.local');
    const named = (Array.isArray(header) ? header[0] : header) ?? 'STANDARD';
    if (method.toUpperCase() === 'POST' && searchParams.has('uploads')) {
      this.multipart.set(pathname, named);
      return named;
    }
    if (!searchParams.has('uploadId')) return named;
    const storageClass = this.multipart.get(pathname) ?? 'STANDARD';
    // Completed (POST) or aborted (DELETE): no part of it comes after.
    if (['POST', 'DELETE'].includes(method.toUpperCase())) this.multipart.delete(pathname);
    return storageClass;
  }
}

/** Glacier Instant Retrieval bills its writes at four times the Standard price. */
export const GLACIER_IR_PUT_METRIC = 'PUT, COPY, POST, LIST requests into Glacier IR';

function meterS3Request(method: string, url: string, storageClass: string): void {
  const meter = metering();
  if (!meter) return;
  const bucket = new URL(url, 'http://s3.local').pathname.split('/')[1] || '-';
  const kind = s3RequestClass(method, url);
  const metric =
    kind === 'put-copy-post-list'
      ? storageClass === 'GLACIER_IR'
        ? GLACIER_IR_PUT_METRIC
        : 'PUT, COPY, POST, LIST requests'
      : kind === 'get-and-other'
        ? 'GET and other requests'
        : 'DELETE requests (free)';
  meter.add('s3', metric, 1, bucket);
}
