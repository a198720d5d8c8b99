import type { Allocation } from '../payments/assessment.js';
import type { PaymentRequest } from '../payments/request-payment.js';
import { CASE_DETAILS_ENTITY } from '../cases/case-details.js';
import type { HistoryEntry } from '../history/chain.js';
import { involvedAmountOf, isOpenCase, recordedSlaState } from '../dashboard/kpi-counters.js';
import type { SlaClock } from '../sla/sla-clock.js';
import { findCaseType } from '../case-types/index.js';
import { memberKey } from './pseudonym.js';
import type { WarehouseTableName } from './tables.js';

// What one change of one table item gives the warehouse. Pure: the stream handler (AWS) and the
// local stream reader hand it the item as written, with the stream record's id; it never reads
// the table, so the export costs no read unit and sees each change exactly as it was made.

export type WarehouseValue = string | number | boolean | Date | null;
export type WarehouseRow = Record<string, WarehouseValue>;

export interface ItemChange {
  /** The stream record's id: the same record replayed carries the same. */
  readonly recordId: string;
  readonly eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  /** The item after the change (absent for a removal). */
  readonly item?: Record<string, unknown>;
  /** The item before it, when the stream says (absent for a new item, or when not known). */
  readonly previous?: Record<string, unknown>;
  /** When the stream saw the change, if the item does not say. */
  readonly observedAt: Date;
}

export interface TableRow {
  readonly table: WarehouseTableName;
  readonly row: WarehouseRow;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
const time = (value: unknown): Date | null => {
  if (typeof value !== 'string') return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
};
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const slaState = (clock: unknown) => (clock && typeof clock === 'object' && 'reached' in clock ? recordedSlaState(clock as SlaClock) : null);

/** The rows a change gives; nothing for removals and for items the warehouse does not keep. */
export function rowsOfChange(change: ItemChange): TableRow[] {
  const item = change.item;
  if (change.eventName === 'REMOVE' || !item) return [];
  const provenance = (at: unknown) => ({ record_id: change.recordId, changed_at: time(at) ?? change.observedAt });
  switch (item.entity) {
    case 'case':
      return caseRows(item, change.previous, provenance);
    case CASE_DETAILS_ENTITY:
      return amountRows(item, provenance(item.updatedAt));
    case 'history':
      return [historyRow(str(item.caseId)!, item as unknown as HistoryEntry, provenance)];
    case 'task':
      return [taskRow(item, provenance(item.updatedAt))];
    case 'decision':
      return [
        {
          table: 'decisions',
          row: {
            case_id: str(item.caseId),
            case_type: str(item.caseType),
            decision_id: str(item.decisionId),
            decision_version: int(item.version),
            value: JSON.stringify(item.value ?? null),
            matched_rules: JSON.stringify(item.matchedRules ?? []),
            evaluated_at: time(item.evaluatedAt),
            ...provenance(item.evaluatedAt),
          },
        },
      ];
    case 'payment':
      return paymentRows(item as unknown as PaymentRequest, provenance(item.requestedAt));
    default:
      return [];
  }
}

function caseRows(item: Record<string, unknown>, previous: Record<string, unknown> | undefined, provenance: (at: unknown) => { record_id: string; changed_at: Date }): TableRow[] {
  const caseId = str(item.caseId)!;
  const ownerId = str(item.ownerId) ?? undefined;
  const key = memberKey({ caseId, ownerId });
  const rows: TableRow[] = [
    {
      table: 'case_facts',
      row: {
        case_id: caseId,
        case_type: str(item.type),
        status: str(item.status),
        open: isOpenCase({ status: String(item.status) }),
        member_key: key,
        created_at: time(item.createdAt),
        updated_at: time(item.updatedAt),
        closed_at: time(item.closedAt),
        close_reason: str(item.closeReason),
        sla_state: slaState(item.clock),
        version: int(item.version),
        ...provenance(item.updatedAt),
      },
    },
  ];
  // Who the member is, once per case and name: most changes of a case leave its claimant as they were.
  const name = (item.summary as { claimantName?: string } | undefined)?.claimantName;
  const before = (previous?.summary as { claimantName?: string } | undefined)?.claimantName;
  if (name && name !== before) {
    rows.push({ table: 'identities', row: { member_key: key, case_id: caseId, claimant_name: name, ...provenance(item.createdAt) } });
  }
  // A case stored before its details item, or not registered yet, holds its claim data itself.
  if (item.data) rows.push(...amountRows(item, provenance(item.updatedAt)));
  // The declaration's first entry rides on the case item until the case's next change.
  for (const entry of (item.pendingHistory as HistoryEntry[] | undefined) ?? []) rows.push(historyRow(caseId, entry, provenance));
  return rows;
}

function amountRows(item: Record<string, unknown>, provenance: { record_id: string; changed_at: Date }): TableRow[] {
  // The details item carries its case's type (`caseType`); a case item from before it, `type`.
  const type = str(item.type) ?? str(item.caseType);
  const found = type && item.data ? involvedAmountOf({ type, data: item.data as Record<string, unknown> }) : undefined;
  if (!found) return [];
  return [
    {
      table: 'case_amounts',
      row: {
        case_id: str(item.caseId),
        case_type: type,
        amount: found.amount,
        currency: found.currency,
        business_line: found.businessLine,
        region: found.region,
        // On the history's scale: the position of the write that set it (the details item's
        // `itemSeq`, a case item's `historySeq`), so the latest claim wins whatever the clocks say.
        version: int(item.itemSeq) ?? int(item.historySeq),
        ...provenance,
      },
    },
  ];
}

function historyRow(caseId: string, entry: HistoryEntry, provenance: (at: unknown) => { record_id: string; changed_at: Date }): TableRow {
  return {
    table: 'history_events',
    row: { case_id: caseId, seq: entry.seq, action: entry.action, occurred_at: time(entry.at), actor_role: entry.actor?.role ?? null, ...provenance(entry.at) },
  };
}

function taskRow(item: Record<string, unknown>, provenance: { record_id: string; changed_at: Date }): TableRow {
  return {
    table: 'tasks',
    row: {
      task_id: str(item.taskId),
      case_id: str(item.caseId),
      case_type: str(item.caseType),
      kind: str(item.kind),
      queue: str(item.queue),
      status: str(item.status),
      assignee: str(item.assignee),
      priority: str(item.priority),
      created_at: time(item.createdAt),
      assigned_at: time(item.assignedAt),
      due_at: time(item.dueAt),
      completed_at: time(item.completedAt),
      completed_by: str(item.completedBy),
      outcome: str(item.outcome),
      sla_state: slaState(item.clock),
      version: int(item.version),
      ...provenance,
    },
  };
}

function paymentRows(payment: PaymentRequest, provenance: { record_id: string; changed_at: Date }): TableRow[] {
  const budget = findCaseType(payment.caseType)?.budget;
  const year = new Date(payment.requestedAt).getUTCFullYear();
  const base = {
    payment_id: payment.paymentId,
    case_id: payment.caseId,
    case_type: payment.caseType,
    payment_amount: payment.amount,
    currency: payment.currency,
    requested_at: time(payment.requestedAt),
    ...provenance,
  };
  const allocations: readonly Allocation[] = payment.allocations ?? [];
  if (!allocations.length) return [{ table: 'payments', row: { ...base, budget_id: null, budget_year: null, envelope: null, allocated_amount: null } }];
  return allocations.map((a) => ({ table: 'payments', row: { ...base, budget_id: budget?.id ?? null, budget_year: year, envelope: a.envelope, allocated_amount: a.amount } }));
}
