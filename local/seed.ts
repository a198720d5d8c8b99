import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/aws/clients.js';
import type { Principal } from '#shared/auth/principal.js';
import { declareCase } from '#shared/cases/declare-case.js';
import { config } from '#shared/config.js';
import { DEMO_USERS } from './demo-users.js';

const principalOf = (username: string): Principal => {
  const user = DEMO_USERS.find((u) => u.username === username)!;
  return { userId: user.sub, username: user.username, roles: user.groups };
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

/** Seeds the demo cases once per data folder; later starts find the marker and leave data alone. */
export async function seedDemoData(): Promise<number> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: config().TABLE_NAME,
        Item: { pk: 'SEED#demo', sk: 'SEED', entity: 'seed', at: new Date().toISOString() },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 0;
    throw error;
  }
  for (const [index, demo] of DEMO_CASES.entries()) {
    await declareCase(principalOf(demo.by), { type: 'occupational-disease', data: demo.data }, `demo-seed-${index}`);
  }
  return DEMO_CASES.length;
}
