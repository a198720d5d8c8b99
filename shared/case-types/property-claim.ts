import * as z from 'zod';
import { now } from '../clock.js';
import { currencyCode, Decimal, moneyAmount } from '../payments/money.js';
import { defineCaseType } from './descriptor.js';
import { isoDate, personName, preferredLanguage } from './common-fields.js';

// Scenario B of the domain: a multinational insurer's property & casualty claim. Qualification,
// the expert's assessment, settlement within the agent's authority (the authority-limit table),
// a supervisor's approval above it; suspicious claims (fraud-indicator table) are investigated first.

const DAY_MS = 24 * 3600 * 1000;
const notInFuture = (d: string) => d <= now().toISOString().slice(0, 10);

export const propertyClaimData = z
  .strictObject({
    policyNumber: z.string().regex(/^[0-9A-Z-]{6,30}$/, 'must be 6 to 30 capital letters, digits or hyphens'),
    policyStartDate: isoDate,
    businessLine: z.enum(['property', 'motor', 'liability', 'life', 'health']),
    // The insurer's entity (subsidiary or branch) and region: dashboards total amounts by them.
    entity: z.string().regex(/^[A-Za-z0-9 .-]{2,60}$/, 'must be an entity code'),
    region: z.string().regex(/^[0-9A-Za-z-]{1,12}$/, 'must be a region code'),
    incident: z.strictObject({
      date: isoDate.refine(notInFuture, 'cannot be in the future'),
      place: z.string().trim().min(2).max(300),
      description: z.string().trim().min(10).max(4000),
    }),
    claimedAmount: moneyAmount,
    currency: currencyCode.default('EUR'),
    claimant: z.strictObject({ firstName: personName, lastName: personName, email: z.email().max(254).optional() }),
    preferredLanguage: preferredLanguage,
  })
  .refine((d) => d.incident.date >= d.policyStartDate, { message: 'must be on or after the policy start date', path: ['incident', 'date'] });

export type PropertyClaimData = z.infer<typeof propertyClaimData>;

const settledAmount = z.strictObject({ amount: moneyAmount, note: z.string().trim().max(2000).optional() });

export const propertyClaim = defineCaseType({
  id: 'property-claim',
  name: { en: 'Property & casualty claim', fr: 'Déclaration de sinistre IARD' },
  dataSchema: propertyClaimData,
  stateMachine: 'property-claim',
  taskKinds: [
    {
      kind: 'investigation',
      title: { en: 'Investigate the claim', fr: 'Enquêter sur le sinistre' },
      queue: 'expert',
      outcomes: ['cleared', 'fraud-confirmed'],
      dueIn: 'P15D',
      caseStatus: 'investigation',
      completionData: {
        cleared: z.strictObject({ findings: z.string().trim().min(5).max(4000) }),
        'fraud-confirmed': z.strictObject({ findings: z.string().trim().min(5).max(4000) }),
      },
    },
    {
      kind: 'qualification',
      title: { en: 'Qualify the claim', fr: 'Qualifier le sinistre' },
      queue: 'agent',
      outcomes: ['accept', 'refuse'],
      dueIn: 'P3D',
      caseStatus: 'qualification',
      routed: true,
      establishesFacts: (outcome, data): Record<string, string> => (outcome === 'accept' && typeof data.severity === 'string' ? { severity: data.severity } : {}),
      completionData: {
        accept: z.strictObject({ severity: z.enum(['low', 'moderate', 'high']).optional(), note: z.string().trim().max(2000).optional() }),
        refuse: z.strictObject({ reason: z.string().trim().min(5).max(2000) }),
      },
    },
    {
      kind: 'expert-assessment',
      title: { en: 'Assess the loss', fr: 'Expertiser le sinistre' },
      queue: 'expert',
      outcomes: ['proposed'],
      dueIn: 'P15D',
      caseStatus: 'expert-assessment',
      deadlineDecision: 'expert-response-deadline',
      completionData: {
        // The report itself is uploaded to the case (expert-reports folder); here its conclusion.
        proposed: z.strictObject({
          proposedAmount: moneyAmount,
          summary: z.string().trim().min(5).max(4000),
          reportDocumentId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a document id').optional(),
        }),
      },
    },
    {
      kind: 'settlement',
      title: { en: 'Settle the claim', fr: 'Régler le sinistre' },
      queue: 'agent',
      outcomes: ['pay', 'partial', 'refuse'],
      dueIn: 'P5D',
      caseStatus: 'settlement',
      // Read by the authority-limit table: above the agent's limit, a supervisor approves.
      establishesFacts: (outcome, data): Record<string, number> =>
        (outcome === 'pay' || outcome === 'partial') && typeof data.amount === 'string' ? { settlementAmount: new Decimal(data.amount).toNumber() } : {},
      completionData: { pay: settledAmount, partial: settledAmount, refuse: z.strictObject({ reason: z.string().trim().min(5).max(2000) }) },
    },
    {
      kind: 'settlement-approval',
      title: { en: 'Approve a settlement above the agent limit', fr: "Approuver un règlement au-delà de la délégation" },
      queue: 'supervisor',
      outcomes: ['approve', 'return'],
      dueIn: 'P2D',
      caseStatus: 'settlement-approval',
      completionData: {
        approve: z.strictObject({ note: z.string().trim().max(2000).optional() }),
        return: z.strictObject({ reason: z.string().trim().min(5).max(2000) }),
      },
    },
  ],
  documents: [
    { category: 'claim-form', folder: 'declaration', label: { en: 'Claim form', fr: 'Déclaration de sinistre' }, required: false, maxSizeMb: 20 },
    { category: 'loss-evidence', folder: 'evidence', label: { en: 'Photos, invoices, police report', fr: 'Photos, factures, constat' }, required: false, maxSizeMb: 20 },
    { category: 'expert-report', folder: 'expert-reports', label: { en: "Expert's report", fr: "Rapport d'expertise" }, required: false, maxSizeMb: 50 },
  ],
  serviceLevels: { calendar: 'FR', caseTarget: 'P30D', atRiskShare: 0.75 },
  intakeDecisions: ['routing'],
  facts: (data) => ({
    // For the tables' thresholds only; money itself is computed in decimal.
    amount: new Decimal(data.claimedAmount).toNumber(),
    region: data.region,
    businessLine: data.businessLine,
    policyAgeAtIncidentDays: Math.round((Date.parse(data.incident.date) - Date.parse(data.policyStartDate)) / DAY_MS),
  }),
  payee: (data) => data.policyNumber,
  involvedAmount: (data) => ({ amount: data.claimedAmount, currency: data.currency, businessLine: data.businessLine, region: data.region }),
  summarise: (data) => ({ claimantName: `${data.claimant.firstName} ${data.claimant.lastName}`, title: `${data.businessLine} · ${data.policyNumber}` }),
  searchTerms: (data) => [data.claimant.firstName, data.claimant.lastName, data.policyNumber, data.entity],
  claimantContact: (data) => ({ ...(data.claimant.email ? { email: data.claimant.email } : {}), language: data.preferredLanguage }),
});
