import { authorize, limitedToOwnCases } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { queryAll } from '../aws/query-all.js';
import { toListItem, type CaseListItem, type CaseRecord } from '../cases/case-record.js';
import { casePk, HISTORY_PREFIX } from '../cases/case-keys.js';
import { actorOf } from '../cases/declare-case.js';
import { now } from '../clock.js';
import { config } from '../config.js';
import { documentsOfCase } from '../documents/document-repository.js';
import { notFound } from '../errors.js';
import { recentPersonReads, recordPersonRead, type AccessRecord } from '../history/access-log.js';
import type { PaymentRequest } from '../payments/request-payment.js';
import { viewClock, type ClockView } from '../sla/sla-clock.js';
import { casesByIds } from '../tasks/task-repository.js';
import { ceilingsOf, inForce, type CeilingState } from './coverage-check.js';
import type { Member } from './member-record.js';

export { memberParams } from './member-record.js';
import { getMemberFile, type StoredCoverage } from './member-repository.js';
import { findProduct } from './products.js';


/** The 360° view of a person: who they are, what covers them, and everything of theirs we handle. */
export interface PersonView {
  readonly member: Member;
  readonly coverages: readonly (StoredCoverage & { readonly productName: string; readonly inForceToday: boolean; readonly covers: readonly string[] })[];
  readonly cases: readonly PersonCase[];
  readonly payments: readonly (Pick<PaymentRequest, 'caseId' | 'paymentId' | 'amount' | 'currency' | 'requestedAt' | 'allocations'>)[];
  /** This year's ceilings under each coverage in force today, with what payments consumed. */
  readonly ceilings: readonly (CeilingState & { readonly coverageId: string; readonly year: number })[];
  readonly documents: readonly { readonly caseId: string; readonly documentId: string; readonly category: string; readonly fileName: string; readonly status: string; readonly receivedAt?: string }[];
  readonly notifications: readonly { readonly caseId: string; readonly at: string; readonly template: string; readonly channel: string }[];
  /** Who opened this view lately (supervisors only). */
  readonly reads?: readonly AccessRecord[];
}

/** A case as its list row shows it, whether it is still open, and (staff) its service level. */
export interface PersonCase extends CaseListItem {
  readonly open: boolean;
  readonly sla?: ClockView;
}

// Documents and notifications are read for the latest cases only: a view stays a few reads.
const DETAILED_CASES = 20;

export async function viewPerson(principal: Principal, memberId: string): Promise<PersonView> {
  authorize(principal, 'members:read');
  const ownOnly = limitedToOwnCases(principal, 'members:read');
  const memberNumber = memberId === 'me' ? principal.memberNumber : memberId;
  // A claimant reaches their own record only; anyone else's is "not found", as for cases.
  if (!memberNumber || (ownOnly && memberNumber !== principal.memberNumber)) throw notFound('Member');
  const file = await getMemberFile(memberNumber);
  if (!file) throw notFound('Member');
  const at = now();
  const today = at.toISOString().slice(0, 10);
  // Staff opening a person's record is in the audit trail; the member reading theirs is not.
  if (!ownOnly) await recordPersonRead(memberNumber, actorOf(principal), at);

  const caseItems = (await casesByIds(file.cases.map((c) => c.caseId))).values() as Iterable<CaseRecord & { payment?: PaymentRequest }>;
  const records = [...caseItems]
    .filter((c) => !ownOnly || c.ownerId === principal.userId)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1));
  const detailed = records.slice(0, DETAILED_CASES);
  const [documents, notifications, reads] = await Promise.all([
    Promise.all(detailed.map((c) => documentsOfCase(c.caseId))).then((all) => all.flat().filter((d) => d.status !== 'pending')),
    Promise.all(detailed.map((c) => notificationsOfCase(c.caseId))).then((all) => all.flat()),
    principal.roles.includes('supervisor') ? recentPersonReads(memberNumber, 20) : Promise.resolve(undefined),
  ]);

  const year = at.getUTCFullYear();
  const coverages = file.coverages.map((c) => ({
    ...c,
    productName: findProduct(c.product)?.name.en ?? c.product,
    covers: findProduct(c.product)?.covers ?? [],
    inForceToday: inForce(c, today),
  }));
  const { importedAt: _importedAt, ...member } = file.member;
  return {
    member,
    coverages,
    cases: records.map((c) => ({
      ...toListItem(c),
      open: c.status !== 'closed',
      ...(c.clock && !ownOnly ? { sla: viewClock(c.clock, at) } : {}),
    })),
    payments: records
      .filter((c) => c.payment)
      .map(({ payment }) => ({ caseId: payment!.caseId, paymentId: payment!.paymentId, amount: payment!.amount, currency: payment!.currency, requestedAt: payment!.requestedAt, allocations: payment!.allocations })),
    ceilings: coverages.filter((c) => c.inForceToday).flatMap((c) => ceilingsOf(file, c, year).map((state) => ({ ...state, coverageId: c.coverageId, year }))),
    documents: documents.map((d) => ({ caseId: d.caseId, documentId: d.documentId, category: d.category, fileName: d.fileName, status: d.status, ...(d.receivedAt ? { receivedAt: d.receivedAt } : {}) })),
    notifications: notifications.sort((a, b) => (a.at < b.at ? 1 : -1)),
    ...(reads ? { reads } : {}),
  };
}

async function notificationsOfCase(caseId: string): Promise<PersonView['notifications'][number][]> {
  const entries = await queryAll({
    TableName: config().TABLE_NAME,
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :hist)',
    FilterExpression: '#action IN (:sent, :notified)',
    ExpressionAttributeNames: { '#action': 'action' },
    ExpressionAttributeValues: { ':pk': casePk(caseId), ':hist': HISTORY_PREFIX, ':sent': 'notification.sent', ':notified': 'claimant.notified' },
  });
  // What the person was sent (a decision's notice, a notification to the claimant), by which
  // channel, when; not what staff were sent about their case.
  return entries
    .filter((e) => e.action === 'claimant.notified' || (e.details as { recipientRole?: string } | undefined)?.recipientRole === 'claimant')
    .map((e) => ({ caseId, at: String(e.at), template: String((e.details as { template?: string }).template ?? ''), channel: String((e.details as { channel?: string }).channel ?? '') }));
}
