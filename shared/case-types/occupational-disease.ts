import * as z from 'zod';
import { now } from '../clock.js';
import { defineCaseType } from './descriptor.js';
import { isoDate, personName, preferredLanguage } from './common-fields.js';

// Scenario A of the domain: a worker declares an occupational disease to their health insurer.
const claimantSchema = z.strictObject({
  firstName: personName,
  lastName: personName,
  birthDate: isoDate.refine((d) => d < now().toISOString().slice(0, 10), 'must be in the past'),
  email: z.email().max(254),
  phone: z.string().regex(/^\+?[0-9 ().-]{6,20}$/, 'must be a phone number').optional(),
  // National social-security number (NIR in France): digits and letters only, kept as given.
  socialSecurityNumber: z
    .string()
    .regex(/^[0-9A-Za-z]{8,20}$/, 'must be 8 to 20 letters or digits')
    .optional(),
});

const employerSchema = z.strictObject({
  name: z.string().trim().min(1).max(200),
  registrationNumber: z.string().trim().max(40).optional(),
  address: z.string().trim().max(500).optional(),
  // Department or region code of the workplace (e.g. "75", "974"): routing may depend on it.
  region: z.string().regex(/^[0-9A-Za-z]{1,5}$/, 'must be a region code').optional(),
});

const diseaseSchema = z.strictObject({
  description: z.string().trim().min(10).max(4000),
  // Reference of the official table of occupational diseases, when the claimant knows it.
  tableReference: z.string().trim().max(40).optional(),
  firstMedicalObservation: isoDate.refine(
    (d) => d <= now().toISOString().slice(0, 10),
    'cannot be in the future',
  ),
});

export const occupationalDiseaseData = z.strictObject({
  requestType: z.enum(['initial', 'relapse', 'aggravation']).default('initial'),
  claimant: claimantSchema,
  employer: employerSchema,
  disease: diseaseSchema,
  contributionMonths: z.int().min(0).max(720),
  preferredLanguage: preferredLanguage,
});

export type OccupationalDiseaseData = z.infer<typeof occupationalDiseaseData>;

export const occupationalDisease = defineCaseType({
  id: 'occupational-disease',
  name: { en: 'Occupational disease declaration', fr: 'Déclaration de maladie professionnelle' },
  dataSchema: occupationalDiseaseData,
  stateMachine: 'occupational-disease',
  taskKinds: [
    {
      kind: 'qualification',
      title: { en: 'Qualify the declaration', fr: 'Qualifier la déclaration' },
      queue: 'agent',
      outcomes: ['accept', 'request-documents', 'reject'],
      dueIn: 'P5D',
      caseStatus: 'qualification',
      routed: true,
      // Triage left with someone who is away should not wait for them: anyone free takes it.
      returnToQueueOnBreach: true,
      establishesFacts: (outcome, data): Record<string, string> => (outcome === 'accept' && typeof data.severity === 'string' ? { severity: data.severity } : {}),
      completionData: {
        'request-documents': z.strictObject({
          categories: z.array(z.string().regex(/^[a-z0-9-]{1,60}$/)).min(1).max(20),
          message: z.string().trim().max(2000).optional(),
        }),
        reject: z.strictObject({ reason: z.string().trim().min(5).max(2000) }),
        accept: z.strictObject({
          note: z.string().trim().max(2000).optional(),
          // Read by the expert-response-deadline decision table.
          severity: z.enum(['low', 'moderate', 'high']).optional(),
        }),
      },
    },
    {
      kind: 'document-collection',
      title: { en: 'Collect the missing documents', fr: 'Collecter les pièces manquantes' },
      queue: 'agent',
      outcomes: ['complete', 'abandon'],
      dueIn: 'P30D',
      caseStatus: 'document-collection',
      waitsOnClaimant: true,
      completionData: {
        abandon: z.strictObject({ reason: z.string().trim().min(5).max(2000) }),
      },
    },
    {
      kind: 'medical-review',
      title: { en: 'Give the medical opinion', fr: "Rendre l'avis médical" },
      queue: 'expert',
      outcomes: ['recognised', 'refused', 'request-complement'],
      // Used only if the expert-response-deadline table gives no deadline for the case.
      dueIn: 'P15D',
      caseStatus: 'medical-review',
      deadlineDecision: 'expert-response-deadline',
      completionData: {
        recognised: z.strictObject({
          opinion: z.string().trim().min(5).max(4000),
          incapacityRate: z.number().min(0).max(100).optional(),
        }),
        refused: z.strictObject({ opinion: z.string().trim().min(5).max(4000) }),
        'request-complement': z.strictObject({
          categories: z.array(z.string().regex(/^[a-z0-9-]{1,60}$/)).min(1).max(20),
          message: z.string().trim().max(2000).optional(),
        }),
      },
    },
  ],
  documents: [
    {
      category: 'declaration-form',
      folder: 'declaration',
      label: { en: 'Declaration form', fr: 'Formulaire de déclaration' },
      required: true,
      maxSizeMb: 20,
    },
    {
      category: 'medical-certificate',
      folder: 'declaration',
      label: { en: 'Initial medical certificate', fr: 'Certificat médical initial' },
      required: true,
      maxSizeMb: 20,
    },
    {
      category: 'identity-document',
      folder: 'declaration',
      label: { en: 'Identity document', fr: "Pièce d'identité" },
      required: true,
      maxSizeMb: 10,
    },
  ],
  supportingDocuments: [
    { category: 'affiliation-certificate', label: { en: 'Certificate of previous affiliation', fr: "Attestation d'affiliation antérieure" }, maxSizeMb: 20 },
    { category: 'payslips', label: { en: 'Payslips for the last three months', fr: 'Bulletins de salaire des trois derniers mois' }, maxSizeMb: 20 },
    { category: 'previous-decision', label: { en: 'Decision on the initial claim', fr: 'Notification de la décision initiale' }, maxSizeMb: 20 },
    { category: 'aggravation-certificate', label: { en: 'Medical certificate of aggravation', fr: "Certificat médical d'aggravation" }, maxSizeMb: 20 },
  ],
  serviceLevels: {
    calendar: 'FR',
    // The fund's commitment to decide within three months of business days, waits on the claimant excluded.
    caseTarget: 'P60D',
    atRiskShare: 0.75,
    claimantWait: { reminders: ['P7D', 'P14D'], finalAfter: 'P21D', finalAction: 'close', decision: 'missing-documents' },
  },
  intakeDecisions: ['required-documents', 'routing'],
  facts: (data) => ({ requestType: data.requestType, contributionMonths: data.contributionMonths, region: data.employer.region ?? null }),
  summarise: (data) => ({
    claimantName: `${data.claimant.firstName} ${data.claimant.lastName}`,
    title: data.employer.name,
  }),
  searchTerms: (data) => [data.claimant.firstName, data.claimant.lastName, data.employer.name],
  claimantContact: (data) => ({ email: data.claimant.email, language: data.preferredLanguage }),
});
