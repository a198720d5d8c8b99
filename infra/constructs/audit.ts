import { ReadWriteType, Trail } from 'aws-cdk-lib/aws-cloudtrail';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * CloudTrail data events for the documents and archive buckets: every object read and write,
 * by anyone (API, console, administrators), kept outside the application's own history.
 */
export class DocumentAccessTrail extends Construct {
  constructor(scope: Construct, id: string, props: { documents: Bucket; archive: Bucket; logs: Bucket }) {
    super(scope, id);
    const trail = new Trail(this, 'Trail', {
      bucket: props.logs,
      s3KeyPrefix: 'cloudtrail',
      includeGlobalServiceEvents: false,
      isMultiRegionTrail: false,
      enableFileValidation: true,
      sendToCloudWatchLogs: false,
    });
    trail.addS3EventSelector([{ bucket: props.documents }, { bucket: props.archive }], { readWriteType: ReadWriteType.ALL, includeManagementEvents: false });
  }
}
