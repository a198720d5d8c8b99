// The reporting warehouse's tables: Parquet files under the exports bucket, one folder per table,
// partitioned by the day of the change (`dt=<yyyy-mm-dd>`). The one description of their columns:
// the exporter writes them, the CDK stack gives Glue (Athena) the same schema, and `npm run sql`
// opens DuckDB views of the same names. Personal data is only in `identities`, under its own
// prefix, so that an analyst's access can be given to the facts without it.

export type ColumnType = 'string' | 'timestamp' | 'bigint' | 'boolean';

export interface WarehouseColumn {
  readonly name: string;
  readonly type: ColumnType;
}

export interface WarehouseTable {
  readonly name: string;
  /** Folder under the exports bucket. */
  readonly prefix: string;
  /** Holds personal data: read only by those allowed to see who the members are. */
  readonly restricted: boolean;
  readonly description: string;
  readonly columns: readonly WarehouseColumn[];
  /**
   * The columns that name one row: a replayed or repeated stream record carries the same key,
   * and the saved queries keep one row per key (the latest `version`, where the table has one).
   */
  readonly key: readonly string[];
}

const col = (name: string, type: ColumnType = 'string'): WarehouseColumn => ({ name, type });

/** Every row carries where it came from: the stream record, and when the change happened. */
const provenance = [col('record_id'), col('changed_at', 'timestamp')];

export const WAREHOUSE_TABLES = [
  {
    name: 'case_facts',
    prefix: 'warehouse/case_facts',
    restricted: false,
    description: 'One row per change of a case: type, status, times, service level (no claim data, no identity)',
    key: ['case_id', 'version'],
    columns: [
      col('case_id'),
      col('case_type'),
      col('status'),
      col('open', 'boolean'),
      col('member_key'),
      col('created_at', 'timestamp'),
      col('updated_at', 'timestamp'),
      col('closed_at', 'timestamp'),
      col('close_reason'),
      col('sla_state'),
      col('version', 'bigint'),
      ...provenance,
    ],
  },
  {
    name: 'case_amounts',
    prefix: 'warehouse/case_amounts',
    restricted: false,
    description: 'The money a case involves, as its type reads it from the claim (amount, currency, business line, region); version = position in the history',
    key: ['case_id', 'version'],
    columns: [col('case_id'), col('case_type'), col('amount'), col('currency'), col('business_line'), col('region'), col('version', 'bigint'), ...provenance],
  },
  {
    name: 'history_events',
    prefix: 'warehouse/history_events',
    restricted: false,
    description: "Every entry of every case's history: what happened, when, and the role of who did it",
    key: ['case_id', 'seq'],
    columns: [col('case_id'), col('seq', 'bigint'), col('action'), col('occurred_at', 'timestamp'), col('actor_role'), ...provenance],
  },
  {
    name: 'tasks',
    prefix: 'warehouse/tasks',
    restricted: false,
    description: 'One row per change of a task: queue, kind, status, assignee (staff), times, outcome',
    key: ['task_id', 'version'],
    columns: [
      col('task_id'),
      col('case_id'),
      col('case_type'),
      col('kind'),
      col('queue'),
      col('status'),
      col('assignee'),
      col('priority'),
      col('created_at', 'timestamp'),
      col('assigned_at', 'timestamp'),
      col('due_at', 'timestamp'),
      col('completed_at', 'timestamp'),
      col('completed_by'),
      col('outcome'),
      col('sla_state'),
      col('version', 'bigint'),
      ...provenance,
    ],
  },
  {
    name: 'decisions',
    prefix: 'warehouse/decisions',
    restricted: false,
    description: 'Each decision a case took: table, version, value and matched rules (not the facts, which may be personal)',
    key: ['case_id', 'decision_id', 'evaluated_at'],
    columns: [col('case_id'), col('case_type'), col('decision_id'), col('decision_version', 'bigint'), col('value'), col('matched_rules'), col('evaluated_at', 'timestamp'), ...provenance],
  },
  {
    name: 'payments',
    prefix: 'warehouse/payments',
    restricted: false,
    description: 'One row per budget allocation of each payment (one row with no envelope for a payment drawing on none)',
    key: ['payment_id', 'envelope'],
    columns: [
      col('payment_id'),
      col('case_id'),
      col('case_type'),
      col('payment_amount'),
      col('currency'),
      col('budget_id'),
      col('budget_year', 'bigint'),
      col('envelope'),
      col('allocated_amount'),
      col('requested_at', 'timestamp'),
      ...provenance,
    ],
  },
  {
    name: 'budget_envelopes',
    prefix: 'warehouse/budget_envelopes',
    restricted: false,
    description: "Each budget's envelopes and what they were given for the year (from the case types), under dt = the year's first day",
    key: ['budget_id', 'budget_year', 'envelope'],
    columns: [col('budget_id'), col('budget_year', 'bigint'), col('envelope'), col('annual'), col('currency'), col('alert_share'), ...provenance],
  },
  {
    name: 'identities',
    prefix: 'warehouse-restricted/identities',
    restricted: true,
    description: 'Restricted: who a member key is (claimant name as declared, case by case)',
    key: ['member_key', 'case_id'],
    columns: [col('member_key'), col('case_id'), col('claimant_name'), ...provenance],
  },
] as const satisfies readonly WarehouseTable[];

export type WarehouseTableName = (typeof WAREHOUSE_TABLES)[number]['name'];

export function warehouseTable(name: WarehouseTableName): WarehouseTable {
  return WAREHOUSE_TABLES.find((t) => t.name === name)!;
}
