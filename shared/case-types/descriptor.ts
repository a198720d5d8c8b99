import type { z } from 'zod';

/** Texts shown to people, per language; English is the fallback. */
export type LocalisedText = { readonly en: string; readonly fr: string } & Readonly<Record<string, string>>;

export interface DocumentRequirement {
  /** Stable id of the document type, e.g. `medical-certificate`. */
  readonly category: string;
  readonly folder: string;
  readonly label: LocalisedText;
  readonly required: boolean;
  readonly maxSizeMb: number;
}

/**
 * A kind of human task in a case type's lifecycle. The state machine names the kind; the rest
 * (queue, outcomes, the data a completion carries) is data here, so handlers stay generic.
 */
export interface TaskKind {
  readonly kind: string;
  readonly title: LocalisedText;
  /** The role whose queue receives the task. */
  readonly queue: 'agent' | 'expert' | 'supervisor';
  readonly outcomes: readonly string[];
  /** Default time to complete (ISO 8601 duration) when no decision table says otherwise. */
  readonly dueIn: string;
  /** The case status while this task is open. */
  readonly caseStatus: string;
  /** What a completion may carry, per outcome (absent: no data). */
  readonly completionData?: Readonly<Record<string, z.ZodType>>;
}

/** What lists and in-baskets show of a case without opening it, and nothing medical. */
export interface CaseSummary {
  readonly claimantName: string;
  readonly title: string;
}

/**
 * A case type is data: adding one means adding a descriptor (and its state machine and decision
 * tables), never editing a handler. Handlers only ever talk to this interface.
 */
export interface CaseTypeDescriptor<Schema extends z.ZodType = z.ZodType> {
  readonly id: string;
  readonly name: LocalisedText;
  readonly dataSchema: Schema;
  /** statemachines/<stateMachine>.asl.json runs each case of this type. */
  readonly stateMachine: string;
  readonly documents: readonly DocumentRequirement[];
  /** The human tasks its lifecycle creates, by kind. */
  readonly taskKinds: readonly TaskKind[];
  readonly summarise: (data: z.infer<Schema>) => CaseSummary;
  /** Lower-cased words staff can search by (names, employer, case id is added by the caller). */
  readonly searchTerms: (data: z.infer<Schema>) => readonly string[];
}

export function defineCaseType<Schema extends z.ZodType>(
  descriptor: CaseTypeDescriptor<Schema>,
): CaseTypeDescriptor<Schema> {
  return descriptor;
}
