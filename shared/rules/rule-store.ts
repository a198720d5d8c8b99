import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { dynamo } from '../aws/clients.js';
import { config } from '../config.js';
import { bundledRule, bundledRuleIds } from './bundled-rules.js';
import { parseDmn, type DecisionTable } from './decision-table.js';

// Decision tables in the single table:
//   RULE#<id> / RULE        the catalogue entry: latest version, every version's effective date
//   RULE#<id> / V#<000001>  a published version: immutable (written once, never updated)
//   RULE#<id> / DRAFT       the draft being edited, with a revision for optimistic concurrency
// gsi1 RULES / <id> lists the catalogue.

export interface PublishedVersionInfo {
  readonly version: number;
  readonly effectiveFrom: string;
  readonly publishedAt: string;
  readonly publishedBy: string;
  readonly note?: string;
}

export interface RuleEntry {
  readonly ruleId: string;
  readonly name: string;
  readonly hitPolicy: string;
  readonly latestVersion: number;
  readonly versions: readonly PublishedVersionInfo[];
  readonly draft?: { readonly revision: number; readonly savedAt: string; readonly savedBy: string };
}

export interface Draft {
  readonly xml: string;
  readonly revision: number;
  readonly savedAt: string;
  readonly savedBy: string;
}

/** Someone else saved or published meanwhile. */
export class RuleChangedMeanwhile extends Error {
  override readonly name = 'RuleChangedMeanwhile';
}

const table = () => config().TABLE_NAME;
const rulePk = (ruleId: string) => `RULE#${ruleId}`;
const versionSk = (version: number) => `V#${version.toString().padStart(6, '0')}`;
/** The files under rules/ are in force from the start of time until a newer version is published. */
const BUNDLED_EFFECTIVE_FROM = '1970-01-01T00:00:00.000Z';

function toEntry(item: Record<string, unknown>): RuleEntry {
  const { ruleId, name, hitPolicy, latestVersion, versions, draft } = item as unknown as RuleEntry;
  return { ruleId, name, hitPolicy, latestVersion, versions, ...(draft ? { draft } : {}) };
}

/**
 * Writes the bundled file as version 1 the first time a rule is asked for. Conditional, so two
 * first readers at once write it once; afterwards the file no longer matters (versions are
 * published through the API), which keeps every pinned version immutable.
 */
async function installBundled(ruleId: string): Promise<RuleEntry | undefined> {
  const xml = bundledRule(ruleId);
  if (!xml) return undefined;
  const parsed = await parseDmn(xml);
  const at = new Date().toISOString();
  const info: PublishedVersionInfo = { version: 1, effectiveFrom: BUNDLED_EFFECTIVE_FROM, publishedAt: at, publishedBy: 'repository' };
  const entry: RuleEntry = { ruleId, name: parsed.name, hitPolicy: parsed.hitPolicy, latestVersion: 1, versions: [info] };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: rulePk(ruleId), sk: 'RULE', entity: 'rule', gsi1pk: 'RULES', gsi1sk: ruleId, ...entry },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          { Put: { TableName: table(), Item: { pk: rulePk(ruleId), sk: versionSk(1), entity: 'rule-version', ruleId, xml, ...info } } },
        ],
      }),
    );
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
  }
  return findRuleEntry(ruleId, false);
}

export async function findRuleEntry(ruleId: string, install = true): Promise<RuleEntry | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: rulePk(ruleId), sk: 'RULE' }, ConsistentRead: true }));
  if (Item) return toEntry(Item);
  return install ? installBundled(ruleId) : undefined;
}

export async function listRuleEntries(): Promise<RuleEntry[]> {
  const { Items = [] } = await dynamo().send(
    new QueryCommand({ TableName: table(), IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': 'RULES' } }),
  );
  const found = new Map(Items.map((item) => [item.ruleId as string, toEntry(item)]));
  for (const ruleId of bundledRuleIds()) {
    if (!found.has(ruleId)) {
      const installed = await installBundled(ruleId);
      if (installed) found.set(ruleId, installed);
    }
  }
  return [...found.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
}

// Intake reads the catalogue on every declaration to pin the versions in force; in a surge that
// Query was one of a declaration's four round trips. Entries carry every version with its
// effective date, so a cached copy still pins by date correctly (a version due at noon is pinned
// from noon); only a version published after the copy was read is unseen, for at most this long.
// A publication in the same environment drops the copy at once.
export const CATALOGUE_MAX_AGE_MS = 5_000;
let catalogue: { readonly readAt: number; readonly entries: Promise<RuleEntry[]> } | undefined;

/** The catalogue as read at most CATALOGUE_MAX_AGE_MS ago (one read shared by concurrent callers). */
export function recentRuleEntries(): Promise<RuleEntry[]> {
  const at = Date.now();
  if (!catalogue || at - catalogue.readAt >= CATALOGUE_MAX_AGE_MS) {
    const entries = listRuleEntries();
    const mine = { readAt: at, entries };
    catalogue = mine;
    // A failed read is not kept: the next declaration reads again.
    entries.catch(() => {
      if (catalogue === mine) catalogue = undefined;
    });
  }
  return catalogue.entries;
}

export function forgetRecentRuleEntries(): void {
  catalogue = undefined;
}

/** The version in force at an instant: the newest one whose effective date has come. */
export function versionInForce(entry: RuleEntry, at: Date): number {
  const iso = at.toISOString();
  const candidates = entry.versions.filter((v) => v.effectiveFrom <= iso).map((v) => v.version);
  return candidates.length ? Math.max(...candidates) : Math.min(...entry.versions.map((v) => v.version));
}

// Published versions never change, so a warm Lambda keeps each one it has parsed.
const parsedVersions = new Map<string, Promise<DecisionTable>>();

export async function versionXml(ruleId: string, version: number): Promise<string | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: rulePk(ruleId), sk: versionSk(version) } }));
  return Item?.xml as string | undefined;
}

export function versionTable(ruleId: string, version: number): Promise<DecisionTable> {
  const key = `${ruleId}@${version}`;
  let table = parsedVersions.get(key);
  if (!table) {
    table = (async () => {
      let xml = await versionXml(ruleId, version);
      if (!xml) {
        // Not installed yet in this environment: installing writes the bundled file as version 1.
        await findRuleEntry(ruleId);
        xml = await versionXml(ruleId, version);
      }
      if (!xml) throw Object.assign(new Error(`rule ${ruleId} has no version ${version}`), { name: 'UnknownRuleVersion' });
      return parseDmn(xml);
    })();
    table.catch(() => parsedVersions.delete(key));
    parsedVersions.set(key, table);
  }
  return table;
}

export async function getDraft(ruleId: string): Promise<Draft | undefined> {
  const { Item } = await dynamo().send(new GetCommand({ TableName: table(), Key: { pk: rulePk(ruleId), sk: 'DRAFT' }, ConsistentRead: true }));
  return Item ? { xml: Item.xml as string, revision: Item.revision as number, savedAt: Item.savedAt as string, savedBy: Item.savedBy as string } : undefined;
}

/**
 * Saves the draft. With `expectedRevision` (what the editor read; 0 when there was no draft) a
 * save over someone else's newer draft is refused instead of silently overwriting it.
 */
export async function saveDraft(ruleId: string, xml: string, savedBy: string, at: string, expectedRevision?: number): Promise<Draft> {
  const current = await getDraft(ruleId);
  if (expectedRevision !== undefined && (current?.revision ?? 0) !== expectedRevision) throw new RuleChangedMeanwhile('the draft was saved by someone else meanwhile');
  const draft: Draft = { xml, revision: (current?.revision ?? 0) + 1, savedAt: at, savedBy };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: rulePk(ruleId), sk: 'DRAFT', entity: 'rule-draft', ruleId, ...draft },
              ConditionExpression: current ? 'revision = :previous' : 'attribute_not_exists(pk)',
              ...(current ? { ExpressionAttributeValues: { ':previous': current.revision } } : {}),
            },
          },
          {
            Update: {
              TableName: table(),
              Key: { pk: rulePk(ruleId), sk: 'RULE' },
              UpdateExpression: 'SET draft = :draft',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':draft': { revision: draft.revision, savedAt: at, savedBy } },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw new RuleChangedMeanwhile('the draft was saved by someone else meanwhile');
    throw error;
  }
  return draft;
}

/**
 * Makes the draft the next version: the version item is written once (never overwritten), the
 * catalogue's latest version is compared-and-set, and the draft is removed only if it is the
 * revision that was validated, all in one transaction.
 */
export async function publishDraft(
  ruleId: string,
  draft: Draft,
  parsed: DecisionTable,
  publication: { publishedBy: string; at: string; effectiveFrom: string; note?: string },
): Promise<PublishedVersionInfo> {
  const entry = await findRuleEntry(ruleId);
  if (!entry) throw Object.assign(new Error(`unknown rule ${ruleId}`), { name: 'UnknownRule' });
  const version = entry.latestVersion + 1;
  const info: PublishedVersionInfo = {
    version,
    effectiveFrom: publication.effectiveFrom,
    publishedAt: publication.at,
    publishedBy: publication.publishedBy,
    ...(publication.note ? { note: publication.note } : {}),
  };
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table(),
              Item: { pk: rulePk(ruleId), sk: versionSk(version), entity: 'rule-version', ruleId, xml: draft.xml, ...info },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Update: {
              TableName: table(),
              Key: { pk: rulePk(ruleId), sk: 'RULE' },
              UpdateExpression: 'SET latestVersion = :version, versions = list_append(versions, :info), #name = :name, hitPolicy = :hitPolicy REMOVE draft',
              ConditionExpression: 'latestVersion = :previous',
              ExpressionAttributeNames: { '#name': 'name' },
              ExpressionAttributeValues: { ':version': version, ':info': [info], ':previous': entry.latestVersion, ':name': parsed.name, ':hitPolicy': parsed.hitPolicy },
            },
          },
          {
            Delete: {
              TableName: table(),
              Key: { pk: rulePk(ruleId), sk: 'DRAFT' },
              ConditionExpression: 'revision = :revision',
              ExpressionAttributeValues: { ':revision': draft.revision },
            },
          },
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException || error instanceof ConditionalCheckFailedException) {
      throw new RuleChangedMeanwhile('the rule was published or its draft changed meanwhile');
    }
    throw error;
  }
  forgetRecentRuleEntries();
  return info;
}
