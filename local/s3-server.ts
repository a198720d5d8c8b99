import { mkdirSync } from 'node:fs';
import S3rver from 's3rver';
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
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stop: async () => {
      server.httpServer?.closeAllConnections();
      await server.close();
    },
  };
}
