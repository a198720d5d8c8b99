import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/clients.js';
import type { Principal } from '#shared/auth/principal.js';
import { declareCase } from '#shared/cases/declare-case.js';
import { config } from '#shared/config.js';
import { seedDemoMembers } from './demo-members.js';
import { DEMO_USERS } from './demo-users.js';

const principalOf = (username: string): Principal => {
  const user = DEMO_USERS.find((u) => u.username === username)!;
  return { userId: user.sub, username: user.username, roles: user.groups, ...(user.memberNumber ? { memberNumber: user.memberNumber } : {}) };
};

// A few believable cases so that a first `npm start` has something to look at.
const DEMO_CASES = [
  {
    by: 'claimant1',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Camille', lastName: 'Martin', birthDate: '1978-04-12', email: 'camille.martin@example.org' },
      employer: { name: 'Menuiserie Durand SARL', registrationNumber: '41234567800012' },
      disease: {
        description: 'Tendinopathie chronique de l’épaule droite apparue après des années de travail les bras au-dessus des épaules.',
        tableReference: 'RG 57',
        firstMedicalObservation: '2026-09-02',
      },
      contributionMonths: 184,
      preferredLanguage: 'fr',
    },
  },
  {
    by: 'claimant2',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Karim', lastName: 'Haddad', birthDate: '1985-11-30', email: 'karim.haddad@example.org' },
      employer: { name: 'Atelier Mécanique du Nord' },
      disease: {
        description: 'Hearing loss attributed to sustained exposure to industrial noise in the press workshop.',
        tableReference: 'RG 42',
        firstMedicalObservation: '2026-10-15',
      },
      // Under a year: the required-documents table asks for the previous affiliation certificate.
      contributionMonths: 8,
      preferredLanguage: 'en',
    },
  },
  {
    by: 'claimant1',
    data: {
      requestType: 'aggravation',
      claimant: { firstName: 'Camille', lastName: 'Martin', birthDate: '1978-04-12', email: 'camille.martin@example.org' },
      employer: { name: 'Menuiserie Durand SARL' },
      disease: {
        description: 'Aggravation du syndrome du canal carpien reconnu en 2023, avec perte de force de préhension.',
        tableReference: 'RG 57',
        firstMedicalObservation: '2026-11-03',
      },
      contributionMonths: 190,
      preferredLanguage: 'fr',
    },
  },
] as const;

// A reimbursement an agent typed from a paper form for a member whose contract lapsed: it waits in
// a coverage-check task with the registry's reason.
const DEMO_HEALTH_CASE = {
  member: { memberNumber: 'M0054321', firstName: 'Zoé', lastName: 'Lefèvre', email: 'zoe.lefevre@example.org' },
  lines: [{ actCategory: 'consultation', date: new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10), amountPaid: '60.00', provider: 'Dr Anne Roux', providerId: '10003456789' }],
  preferredLanguage: 'fr',
};

/** How many made-up members the demo registry holds beside the named ones. */
export const DEMO_MEMBER_COUNT = 3000;

/** Writes the marker once per data folder; false when a previous start already did. */
async function firstTime(marker: string): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: { pk: marker, sk: 'SEED', entity: 'seed', at: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return true;
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return false;
    throw error;
  }
}

/**
 * Seeds the demo registry and the demo cases once per data folder; later starts find the markers
 * and leave data alone. The registry has its own marker: a data folder seeded before it gets it.
 */
export async function seedDemoData(): Promise<{ cases: number; members: number }> {
  const members = (await firstTime('SEED#members')) ? await seedDemoMembers(DEMO_MEMBER_COUNT) : 0;
  if (!(await firstTime('SEED#demo'))) return { cases: 0, members };
  for (const [index, demo] of DEMO_CASES.entries()) {
    await declareCase(principalOf(demo.by), { type: 'occupational-disease', data: demo.data }, `demo-seed-${index}`);
  }
  await declareCase(principalOf('agent1'), { type: 'health-reimbursement', data: DEMO_HEALTH_CASE }, 'demo-seed-health');
  return { cases: DEMO_CASES.length + 1, members };
}
