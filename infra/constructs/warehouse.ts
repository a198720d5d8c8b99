import { NestedStack, Stack, type NestedStackProps } from 'aws-cdk-lib';
import { CfnNamedQuery, CfnWorkGroup } from 'aws-cdk-lib/aws-athena';
import { CfnDatabase, CfnTable } from 'aws-cdk-lib/aws-glue';
import type { Construct } from 'constructs';
import { savedQueries } from '#shared/warehouse/saved-queries.js';
import { WAREHOUSE_TABLES, type ColumnType } from '#shared/warehouse/tables.js';

export const REPORTING_DATABASE = 'dossier_reporting';
export const RESTRICTED_DATABASE = 'dossier_reporting_restricted';
export const REPORTING_WORKGROUP = 'dossier-reporting';
/** What one query may scan before Athena cancels it (and what it may cost: 5 $/TB). */
export const BYTES_SCANNED_PER_QUERY = 10 * 1024 ** 3;

const GLUE_TYPE: Record<ColumnType, string> = { string: 'string', timestamp: 'timestamp', bigint: 'bigint', boolean: 'boolean' };

export interface WarehouseProps extends NestedStackProps {
  readonly exportsBucketName: string;
  readonly keyArn: string;
}

/**
 * The warehouse's catalogue and its SQL, in a stack of their own (the main one is near
 * CloudFormation's 500 resources): a Glue table per warehouse table over its Parquet files, days
 * found by partition projection (no crawler, no MSCK REPAIR); the identities in a database of
 * their own, so that analysts can be given the facts without them; an Athena workgroup whose
 * settings queries cannot override (results encrypted in the exports bucket, a scan limit per
 * query) with the saved queries as named queries.
 */
export class Warehouse extends NestedStack {
  constructor(scope: Construct, id: string, props: WarehouseProps) {
    super(scope, id, props);
    const account = Stack.of(this).account;
    const restricted = new CfnDatabase(this, 'RestrictedDatabase', {
      catalogId: account,
      databaseInput: { name: RESTRICTED_DATABASE, description: 'Dossier warehouse: who the member keys are (personal data, restricted access)' },
    });
    for (const table of WAREHOUSE_TABLES) {
      const location = `s3://${props.exportsBucketName}/${table.prefix}/`;
      const glueTable = new CfnTable(this, `${table.name.replace(/(^|_)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}Table`, {
        catalogId: account,
        databaseName: table.restricted ? RESTRICTED_DATABASE : REPORTING_DATABASE,
        tableInput: {
          name: table.name,
          description: table.description,
          tableType: 'EXTERNAL_TABLE',
          partitionKeys: [{ name: 'dt', type: 'string' }],
          parameters: {
            classification: 'parquet',
            'projection.enabled': 'true',
            'projection.dt.type': 'date',
            'projection.dt.format': 'yyyy-MM-dd',
            'projection.dt.range': '2020-01-01,NOW',
            'projection.dt.interval': '1',
            'projection.dt.interval.unit': 'DAYS',
            'storage.location.template': `${location}dt=\${dt}/`,
          },
          storageDescriptor: {
            location,
            inputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
            outputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
            serdeInfo: { serializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe' },
            columns: table.columns.map((c) => ({ name: c.name, type: GLUE_TYPE[c.type] })),
          },
        },
      });
      if (table.restricted) glueTable.addDependency(restricted);
    }
    const workgroup = new CfnWorkGroup(this, 'ReportingWorkgroup', {
      name: REPORTING_WORKGROUP,
      description: 'SQL over the Dossier warehouse: results encrypted in the exports bucket, scans limited per query',
      recursiveDeleteOption: true,
      workGroupConfiguration: {
        enforceWorkGroupConfiguration: true,
        publishCloudWatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: BYTES_SCANNED_PER_QUERY,
        resultConfiguration: {
          outputLocation: `s3://${props.exportsBucketName}/athena-results/`,
          encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: props.keyArn },
        },
      },
    });
    for (const query of savedQueries()) {
      const named = new CfnNamedQuery(this, `Query${query.name.replace(/(^|-)([a-z])/g, (_m, _s, c: string) => c.toUpperCase())}`, {
        name: query.name,
        description: query.title.slice(0, 1024),
        database: REPORTING_DATABASE,
        workGroup: REPORTING_WORKGROUP,
        queryString: query.sql,
      });
      named.addDependency(workgroup);
    }
  }
}
