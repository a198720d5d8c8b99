import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { config } from '../config.js';
import { addCapacityMetering } from '../metering/dynamodb-capacity.js';
import { metering } from '../metering/meter.js';
import { addSqsRequestMetering } from '../metering/request-count.js';

// One client per service for the life of the execution environment (never one per request).
// Created lazily so that importing a module does not require configuration.
let documentClient: DynamoDBDocumentClient | undefined;
let s3: S3Client | undefined;
let sfn: SFNClient | undefined;
let events: EventBridgeClient | undefined;
let ses: SESv2Client | undefined;
let sqs: SQSClient | undefined;
let cloudWatch: CloudWatchClient | undefined;

export function dynamo(): DynamoDBDocumentClient {
  if (!documentClient) {
    const { AWS_REGION, DYNAMODB_ENDPOINT } = config();
    const client = new DynamoDBClient({ region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT });
    // Only the cost bench meters; everywhere else the client carries no extra middleware.
    if (metering()) addCapacityMetering(client, new DynamoDBClient({ region: AWS_REGION, endpoint: DYNAMODB_ENDPOINT }));
    documentClient = DynamoDBDocumentClient.from(client, {
      marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true },
    });
  }
  return documentClient;
}

export function s3Client(): S3Client {
  if (!s3) {
    const { AWS_REGION, S3_ENDPOINT, S3_FORCE_PATH_STYLE } = config();
    s3 = new S3Client({
      region: AWS_REGION,
      endpoint: S3_ENDPOINT,
      forcePathStyle: S3_FORCE_PATH_STYLE,
      // s3rver does not understand the newer default checksums; AWS accepts either.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
  }
  return s3;
}

export function sfnClient(): SFNClient {
  if (!sfn) {
    const { AWS_REGION, SFN_ENDPOINT } = config();
    sfn = new SFNClient({ region: AWS_REGION, endpoint: SFN_ENDPOINT });
  }
  return sfn;
}

export function eventsClient(): EventBridgeClient {
  if (!events) {
    const { AWS_REGION, EVENTS_ENDPOINT } = config();
    events = new EventBridgeClient({ region: AWS_REGION, endpoint: EVENTS_ENDPOINT });
  }
  return events;
}

export function sesClient(): SESv2Client {
  if (!ses) ses = new SESv2Client({ region: config().AWS_REGION });
  return ses;
}

export function sqsClient(): SQSClient {
  if (!sqs) {
    const { AWS_REGION, SQS_ENDPOINT } = config();
    sqs = new SQSClient({ region: AWS_REGION, endpoint: SQS_ENDPOINT });
    if (metering()) addSqsRequestMetering(sqs);
  }
  return sqs;
}

export function cloudWatchClient(): CloudWatchClient {
  if (!cloudWatch) {
    const { AWS_REGION, CLOUDWATCH_ENDPOINT } = config();
    cloudWatch = new CloudWatchClient({ region: AWS_REGION, endpoint: CLOUDWATCH_ENDPOINT });
  }
  return cloudWatch;
}

/** Tests swap the environment between runs; this drops the clients built from the old one. */
export function resetClientsForTests(): void {
  documentClient = undefined;
  s3 = undefined;
  sfn = undefined;
  events = undefined;
  ses = undefined;
  sqs = undefined;
  cloudWatch = undefined;
}
