import type { DocumentRequirement } from '../case-types/descriptor.js';
import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import type { DocumentRecord } from './document-record.js';

export interface ChecklistLine {
  readonly category: string;
  readonly folder: string;
  readonly label: Readonly<Record<string, string>>;
  readonly required: boolean;
  readonly state: 'missing' | 'received' | 'accepted' | 'rejected';
  readonly documentIds: readonly string[];
}

/** Documents asked for during the case (by the agent or the expert) go to their own sub-folder. */
export const ADDITIONAL_FOLDER = 'supporting/additional';

/**
 * What the case needs: its type's checklist, the documents the required-documents decision
 * added (in the folder it chose), plus what people asked for since.
 */
export function requirementsOf(record: CaseRecord): DocumentRequirement[] {
  const caseType = findCaseType(record.type);
  const base = caseType?.documents ?? [];
  const known = (category: string) => caseType?.supportingDocuments?.find((d) => d.category === category);
  const lines: DocumentRequirement[] = [...base];
  const add = (category: string, folder: string) => {
    if (lines.some((d) => d.category === category)) return;
    const catalogued = known(category);
    lines.push({ category, folder, label: catalogued?.label ?? { en: category, fr: category }, required: true, maxSizeMb: catalogued?.maxSizeMb ?? 20 });
  };
  const decided = (record as { requiredDocuments?: { category: string; folder: string }[] }).requiredDocuments ?? [];
  for (const document of decided) add(document.category, document.folder);
  for (const category of (record as { additionalDocuments?: string[] }).additionalDocuments ?? []) add(category, ADDITIONAL_FOLDER);
  return lines;
}

/**
 * Each requirement's state from its newest version: nothing usable yet is missing, a file that
 * failed its checks counts as rejected (the claimant must send another).
 */
export function checklistOf(record: CaseRecord, documents: readonly DocumentRecord[]): ChecklistLine[] {
  return requirementsOf(record).map((requirement) => {
    const versions = documents.filter((d) => d.category === requirement.category && d.status !== 'pending');
    const newest = versions.at(-1);
    const state =
      !newest ? 'missing' : newest.status === 'quarantined' ? 'rejected' : (newest.status as 'received' | 'accepted' | 'rejected');
    return {
      category: requirement.category,
      folder: requirement.folder,
      label: requirement.label,
      required: requirement.required,
      state,
      documentIds: versions.map((d) => d.documentId),
    };
  });
}

export function isComplete(checklist: readonly ChecklistLine[]): boolean {
  return checklist.filter((line) => line.required).every((line) => line.state === 'accepted');
}
