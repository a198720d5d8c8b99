import type * as z from 'zod';
import type { Assessment, Budget, CaseDecider } from '../payments/assessment.js';

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
  /** A decision table whose `deadline` output (a duration) replaces `dueIn` for this case. */
  readonly deadlineDecision?: string;
  /** Queue and priority come from the case's routing decision rather than `queue`. */
  readonly routed?: boolean;
  /** Facts about the case a completion establishes (e.g. the severity a qualification sets). */
  readonly establishesFacts?: (outcome: string, data: Readonly<Record<string, unknown>>) => Readonly<Record<string, string | number | null>>;
  /** What a completion may carry, per outcome (absent: no data). */
  readonly completionData?: Readonly<Record<string, z.ZodType>>;
  /**
   * The task waits on the claimant (documents to send): while it is open and a required document
   * is missing, its clock and the case's are paused and the claimant is reminded instead.
   */
  readonly waitsOnClaimant?: boolean;
  /** A breached task goes back to its queue, for whoever is free, instead of staying with its assignee. */
  readonly returnToQueueOnBreach?: boolean;
}

/** What the case type commits to, in business time (see shared/sla/). */
export interface ServiceLevels {
  /** Calendar of business days (calendars/<id>.json). */
  readonly calendar: string;
  /** The whole case, from declaration to closure, paused while waiting on the claimant. */
  readonly caseTarget?: string;
  /** Share of a target after which the work is at risk (default 0.75). */
  readonly atRiskShare?: number;
  /**
   * Reminders while the case waits on the claimant, and what happens when they go unanswered.
   * A decision table (`decision`) may give them per case; these are the defaults.
   */
  readonly claimantWait?: ClaimantWaitPolicy;
}

export interface ClaimantWaitPolicy {
  /** Business-time offsets from the start of the wait, one reminder each. */
  readonly reminders: readonly string[];
  readonly finalAfter: string;
  /** `close`: the collection is abandoned and the case closed; `suspend`: the case waits, suspended. */
  readonly finalAction: 'close' | 'suspend';
  readonly decision?: string;
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
  /**
   * Documents that are not on every case's checklist but that decision tables (required-documents)
   * or people may ask for: their labels and size limits. The decision says which, and the folder.
   */
  readonly supportingDocuments?: readonly Omit<DocumentRequirement, 'required' | 'folder'>[];
  /** Decision tables each case of this type takes at intake (see shared/rules/case-decisions.ts). */
  readonly intakeDecisions?: readonly string[];
  /** The facts its decision tables read, from the case data (names from shared/rules/facts.ts). */
  readonly facts?: (data: z.infer<Schema>) => Readonly<Record<string, string | number | null>>;
  /** The human tasks its lifecycle creates, by kind. */
  readonly taskKinds: readonly TaskKind[];
  /** Service levels; without them, clocks count on the default calendar and the case has no target of its own. */
  readonly serviceLevels?: ServiceLevels;
  readonly summarise: (data: z.infer<Schema>) => CaseSummary;
  /** Lower-cased words staff can search by (names, employer, case id is added by the caller). */
  readonly searchTerms: (data: z.infer<Schema>) => readonly string[];
  /** The money a case involves, for "total amount involved per entity" (decimal string, never a float). */
  readonly involvedAmount?: (data: z.infer<Schema>) => { readonly amount: string; readonly currency: string; readonly businessLine?: string; readonly region?: string } | undefined;
  /** Where and in which language the claimant gets notifications (absent: the portal only, in English). */
  readonly claimantContact?: (data: z.infer<Schema>) => { readonly email?: string; readonly language: string };
  /**
   * What a case would pay, from its data and its decision tables (the `assess-case` workflow step
   * stores it on the case). Absent: the lifecycle gives the amount itself (a settlement task's).
   */
  readonly assess?: (data: z.infer<Schema>, decide: CaseDecider) => Promise<Assessment>;
  /** The budget its payments draw on (assessments allocate to its envelopes). */
  readonly budget?: Budget;
  /** Whom the finance system pays, as a reference it knows (member or policy number, never a name). */
  readonly payee?: (data: z.infer<Schema>) => string;
  /**
   * The claim names a member of the registry (shared/members/): registration checks that a
   * coverage of theirs covered this case type on the event's date, and a case that is not covered
   * goes to a `coverage-check` task (a kind the type must have) with the reason. Its facts then
   * carry the registry's `contributionMonths` and `product`, and payments respect the member's
   * annual ceilings.
   */
  readonly coverage?: {
    readonly memberNumber: (data: z.infer<Schema>) => string;
    /** The day the claim is about (the earliest act, the incident): what the coverage must cover. */
    readonly eventDate: (data: z.infer<Schema>) => string;
    /** Where the member number is in the data, for errors: `data.member.memberNumber`. */
    readonly memberNumberField: string;
  };
}

export function defineCaseType<Schema extends z.ZodType>(
  descriptor: CaseTypeDescriptor<Schema>,
): CaseTypeDescriptor<Schema> {
  return descriptor;
}
