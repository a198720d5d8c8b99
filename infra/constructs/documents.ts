import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectLockRetention, ObjectOwnership, StorageClass } from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../nag.js';
import { Construct } from 'constructs';

/** The documents bucket: private, versioned, encrypted with our key, reachable over TLS only. */
export class DocumentStore extends Construct {
  readonly bucket: Bucket;
  readonly archive: Bucket;
  readonly accessLogs: Bucket;

  constructor(scope: Construct, id: string, props: { key: Key; allowedOrigins: string[]; archiveRetentionDays: number }) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(400) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledge(this.accessLogs, [
      { id: 'AwsSolutions::AwsSolutions-S1', reason: 'This is the access-log bucket itself; logging it into itself would loop.' },
    ]);
    this.bucket = new Bucket(this, 'Documents', {
      versioned: true,
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      // S3 tells EventBridge when a document arrives; the arrival handler listens there.
      eventBridgeEnabled: true,
      // Browsers upload straight here with presigned POSTs, from the portal's origin only.
      cors: [{ allowedMethods: [HttpMethods.POST, HttpMethods.GET], allowedOrigins: props.allowedOrigins, allowedHeaders: ['*'], maxAge: 3000 }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The legal archive: Object Lock in compliance mode, so that nobody, an administrator
    // included, can alter or delete a closed case's documents before the retention ends. Archives
    // of 128 KB or more are written straight into Glacier Instant Retrieval (so the verify command
    // can still read them); the rule moves to it what is still in Standard a month on (archives
    // written before that, one object per document).
    this.archive = new Bucket(this, 'Archive', {
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention: ObjectLockRetention.compliance(Duration.days(props.archiveRetentionDays)),
      encryption: BucketEncryption.KMS,
      encryptionKey: props.key,
      bucketKeyEnabled: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'archive/',
      lifecycleRules: [{ transitions: [{ storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(30) }] }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
