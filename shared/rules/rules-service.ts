import * as z from 'zod';
import { authorize, authorizeCase } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import { decodeCursor, encodeCursor } from '../aws/cursor.js';
import { actorOf } from '../cases/declare-case.js';
import { getCase, recordChange, ConcurrentChange } from '../cases/case-repository.js';
import { now } from '../clock.js';
import { badRequest, ClientError, conflict, notFound } from '../errors.js';
import { logger } from '../observability/logger.js';
import { pinnedVersions, retakeDecisions } from './case-decisions.js';
import { decisionTableSchema, DmnFormatError, parseDmn, toDmn, type DecisionTable } from './decision-table.js';
import { KNOWN_FACTS } from './facts.js';
import {
  findRuleEntry,
  getDraft,
  listRuleEntries,
  publishDraft,
  RuleChangedMeanwhile,
  saveDraft,
  versionInForce,
  versionTable,
  versionXml,
  type RuleEntry,
} from './rule-store.js';
import { recordedDecisions, replay } from './simulate.js';
import { validateTable, type TableProblem } from './validate-table.js';

// What the rules API does, for ops and supervisors: read tables and their versions, save a draft
// (refused if it is not a sound table), publish it, and simulate a draft on past cases first.

const oneTableAtMost = (body: { dmn?: string | undefined; table?: unknown }) => body.dmn === undefined || body.table === undefined;
const eitherDmnOrTable = { message: 'give either dmn or table', path: ['table'] };

export const saveDraftBody = z
  .strictObject({
    dmn: z.string().min(1).max(500_000).optional(),
    table: decisionTableSchema.optional(),
    /** The draft revision the editor started from (0: there was none); a newer draft is not overwritten. */
    revision: z.int().min(0).optional(),
  })
  .refine((body) => oneTableAtMost(body) && (body.dmn !== undefined || body.table !== undefined), eitherDmnOrTable);

export const publishBody = z.strictObject({
  /** The draft revision that was reviewed and simulated: a newer draft is not published unseen. */
  revision: z.int().min(1),
  effectiveFrom: z.iso.datetime({ offset: true }).optional(),
  note: z.string().trim().max(500).optional(),
});

/** Without dmn or table, the saved draft is simulated. */
export const simulateBody = z
  .strictObject({
    dmn: z.string().min(1).max(500_000).optional(),
    table: decisionTableSchema.optional(),
    /** Only decisions taken from this instant on. */
    from: z.iso.datetime({ offset: true }).optional(),
    limit: z.int().min(1).max(200).default(50),
    cursor: z.string().max(500).optional(),
  })
  .refine(oneTableAtMost, eitherDmnOrTable);

export const repinBody = z.strictObject({ version: z.int().min(1), reason: z.string().trim().min(5).max(500) });

const ruleIdSchema = z.string().regex(/^[a-z0-9-]{1,60}$/);

/** A table that is not sound: 422, each problem named by rule and column, nothing saved. */
function refuse(ruleId: string, problems: readonly TableProblem[]): ClientError {
  const fields = problems.map((p) => ({
    field: ['table', ...(p.ruleId ? [`rule ${p.ruleId}`] : []), ...(p.column ? [`column ${p.column}`] : [])].join(' / '),
    message: p.message,
  }));
  const first = problems[0]!;
  const where = [first.ruleId ? `rule ${first.ruleId}` : undefined, first.column ? `column ${first.column}` : undefined].filter(Boolean).join(', ');
  return new ClientError(422, 'invalid_decision_table', `${ruleId} is not a sound decision table: ${where ? `${where}: ` : ''}${first.message}`, fields);
}

/** Reads a table from the body and checks it completely; throws 422 naming what is wrong. */
async function soundTable(ruleId: string, input: { dmn?: string | undefined; table?: DecisionTable | undefined }): Promise<{ table: DecisionTable; xml: string }> {
  let table: DecisionTable;
  try {
    table = input.table ?? (await parseDmn(input.dmn!));
  } catch (error) {
    if (error instanceof DmnFormatError) throw refuse(ruleId, error.problems.map((message) => ({ message })));
    throw error;
  }
  if (table.decisionId !== ruleId) {
    throw badRequest('Invalid body: table.decisionId', [{ field: 'table.decisionId', message: `must be ${ruleId}, the rule being edited` }]);
  }
  let problems: TableProblem[];
  try {
    problems = validateTable(table, KNOWN_FACTS);
  } catch (error) {
    // Whatever the checks could not get through is a problem with the table, not a server error.
    problems = [{ message: `could not be checked: ${(error as Error).message}` }];
  }
  if (problems.length) throw refuse(ruleId, problems);
  return { table, xml: await toDmn(table) };
}

async function entryOrNotFound(ruleId: string): Promise<RuleEntry> {
  const entry = ruleIdSchema.safeParse(ruleId).success ? await findRuleEntry(ruleId) : undefined;
  if (!entry) throw notFound('Rule');
  return entry;
}

export async function listRules(principal: Principal) {
  authorize(principal, 'rules:read');
  const at = now();
  const entries = await listRuleEntries();
  return { items: entries.map((entry) => ({ ...entry, versionInForce: versionInForce(entry, at) })) };
}

export async function getRule(principal: Principal, ruleId: string, version?: number) {
  authorize(principal, 'rules:read');
  const entry = await entryOrNotFound(ruleId);
  const inForce = versionInForce(entry, now());
  const shown = version ?? inForce;
  if (!entry.versions.some((v) => v.version === shown)) throw notFound('Rule version');
  const [table, dmn, draft] = await Promise.all([versionTable(ruleId, shown), versionXml(ruleId, shown), getDraft(ruleId)]);
  return {
    ...entry,
    versionInForce: inForce,
    shown: { version: shown, table, dmn },
    draft: draft ? { revision: draft.revision, savedAt: draft.savedAt, savedBy: draft.savedBy, table: await parseDmn(draft.xml), dmn: draft.xml } : null,
  };
}

export async function saveRuleDraft(principal: Principal, ruleId: string, body: z.output<typeof saveDraftBody>) {
  authorize(principal, 'rules:edit');
  await entryOrNotFound(ruleId);
  const { table, xml } = await soundTable(ruleId, body);
  try {
    const draft = await saveDraft(ruleId, xml, principal.username, now().toISOString(), body.revision);
    logger.info('rule draft saved', { ruleId, revision: draft.revision });
    return { ruleId, revision: draft.revision, savedAt: draft.savedAt, savedBy: draft.savedBy, table };
  } catch (error) {
    if (error instanceof RuleChangedMeanwhile) throw conflict(`${error.message}; reload the draft`);
    throw error;
  }
}

export async function publishRule(principal: Principal, ruleId: string, body: z.output<typeof publishBody>) {
  authorize(principal, 'rules:publish');
  await entryOrNotFound(ruleId);
  const draft = await getDraft(ruleId);
  if (!draft) throw notFound('Draft');
  if (draft.revision !== body.revision) throw conflict(`The draft is at revision ${draft.revision}, not ${body.revision}; review it again`);
  // Validated again: the known facts may have changed since the draft was saved.
  const { table } = await soundTable(ruleId, { dmn: draft.xml });
  const at = now().toISOString();
  try {
    const info = await publishDraft(ruleId, draft, table, {
      publishedBy: principal.username,
      at,
      effectiveFrom: body.effectiveFrom ? new Date(body.effectiveFrom).toISOString() : at,
      ...(body.note ? { note: body.note } : {}),
    });
    logger.info('rule published', { ruleId, version: info.version });
    return { ruleId, ...info };
  } catch (error) {
    if (error instanceof RuleChangedMeanwhile) throw conflict(`${error.message}; review it again`);
    throw error;
  }
}

const simulationCursor = z.strictObject({ offset: z.int().min(0), until: z.iso.datetime() });

/**
 * Replays a draft (the one in the body, else the saved draft) over the newest decision of every
 * case that took this decision, and says what would change. The aggregate covers every case; the
 * list of changed cases is paged, over the same set of decisions from page to page.
 */
export async function simulateRule(principal: Principal, ruleId: string, body: z.output<typeof simulateBody>) {
  authorize(principal, 'rules:simulate');
  await entryOrNotFound(ruleId);
  let table: DecisionTable;
  if (body.dmn !== undefined || body.table !== undefined) {
    table = (await soundTable(ruleId, body)).table;
  } else {
    const draft = await getDraft(ruleId);
    if (!draft) throw notFound('Draft');
    table = (await soundTable(ruleId, { dmn: draft.xml })).table;
  }
  const cursor = decodeCursor(body.cursor, simulationCursor);
  const until = cursor?.until ?? now().toISOString();
  const decisions = await recordedDecisions(ruleId, { ...(body.from ? { from: new Date(body.from).toISOString() } : {}), until });
  const result = replay(table, decisions);
  const offset = cursor?.offset ?? 0;
  const page = result.changed.slice(offset, offset + body.limit);
  const next = offset + page.length < result.changed.length ? encodeCursor({ offset: offset + page.length, until }) : undefined;
  return {
    ruleId,
    until,
    evaluated: result.evaluated,
    changedCount: result.changed.length,
    failedCount: result.failed.length,
    impact: result.impact,
    changed: page,
    failed: result.failed.slice(0, 50),
    ...(next ? { nextCursor: next } : {}),
  };
}

/**
 * A supervisor moves one open case to another version of a decision table: the case's intake
 * decisions are taken again with it, and the history says who, why, from which version to which.
 */
export async function repinCaseRule(principal: Principal, caseId: string, ruleId: string, body: z.output<typeof repinBody>) {
  // The lifecycle may move the case meanwhile (a status change is a new version): read again and retry.
  for (let attempt = 1; ; attempt++) {
    const record = authorizeCase(principal, 'case:repin-rules', await getCase(caseId));
    if (record.status === 'closed') throw conflict('A closed case keeps its versions; re-open it first');
    const entry = await entryOrNotFound(ruleId);
    if (!entry.versions.some((v) => v.version === body.version)) {
      throw badRequest('Invalid body: version', [{ field: 'version', message: `${ruleId} has versions ${entry.versions.map((v) => v.version).join(', ')}` }]);
    }
    const previous = pinnedVersions(record)[ruleId];
    const versions = { ...pinnedVersions(record), [ruleId]: body.version };
    const at = now();
    const decisions = await retakeDecisions(record, versions, at, ruleId);
    try {
      const { record: next } = await recordChange(
        caseId,
        {
          at: at.toISOString(),
          actor: actorOf(principal, 'supervisor'),
          action: 'rules.repinned',
          details: { ruleId, from: previous ?? null, to: body.version, reason: body.reason, decisions: decisions.summary },
        },
        { expectedVersion: record.version, bumpVersion: true, set: { ...decisions.set, ruleVersions: versions }, linkedWrites: decisions.writes },
      );
      return next;
    } catch (error) {
      if (!(error instanceof ConcurrentChange) || attempt >= 3) {
        if (error instanceof ConcurrentChange) throw conflict('The case changed meanwhile; reload it and try again');
        throw error;
      }
    }
  }
}
