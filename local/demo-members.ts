import type { ImportRow } from '#shared/members/member-record.js';
import { applyRows } from '#shared/members/import-members.js';

// The demo registry: the demo claimants' own records, a member whose contract lapsed, and
// thousands of made-up but plausible members, imported through the same rows and checks as a
// real file. Deterministic: the same members at every start, so re-seeding changes nothing.

/** The members named in ../API.md and the tests. */
export const NAMED_MEMBERS: readonly ImportRow[] = [
  {
    ref: 'demo Camille Martin',
    member: { memberNumber: 'M0012345', firstName: 'Camille', lastName: 'Martin', birthDate: '1978-04-12', language: 'fr', email: 'camille.martin@example.org', employer: 'Menuiserie Durand SARL' },
    coverage: { coverageId: 'HP-M0012345', product: 'health-plus', start: '2015-01-01', contributionStart: '2011-03-01' },
  },
  {
    ref: 'demo Camille Martin (occupational risk)',
    member: { memberNumber: 'M0012345', firstName: 'Camille', lastName: 'Martin', birthDate: '1978-04-12', language: 'fr', email: 'camille.martin@example.org', employer: 'Menuiserie Durand SARL' },
    coverage: { coverageId: 'OR-M0012345', product: 'occupational-risk', start: '2011-03-01' },
  },
  {
    // The employer's group contract: negotiated ceilings far above the product's (the demo's
    // 12.5 M€ gene therapy, which takes most of the fund's medicines envelope, goes through it).
    ref: 'demo Karim Haddad',
    member: { memberNumber: 'M0099999', firstName: 'Karim', lastName: 'Haddad', birthDate: '1985-11-30', language: 'en', email: 'karim.haddad@example.org', employer: 'Atelier Mécanique du Nord' },
    coverage: {
      coverageId: 'GC-M0099999',
      product: 'health-essential',
      start: '2020-06-01',
      ceilings: { medicines: '20000000.00', consultations: '1000000.00', hospitalisation: '5000000.00', 'work-accidents': '1000000.00' },
    },
  },
  {
    ref: 'demo Zoé Lefèvre (lapsed)',
    member: { memberNumber: 'M0054321', firstName: 'Zoé', lastName: 'Lefèvre', birthDate: '1990-07-21', language: 'fr', email: 'zoe.lefevre@example.org', employer: 'Boulangerie Lefèvre' },
    coverage: { coverageId: 'HE-M0054321', product: 'health-essential', start: '2019-01-01', end: '2025-12-31' },
  },
];

const FIRST = ['Léa', 'Hugo', 'Chloé', 'Louis', 'Inès', 'Gabriel', 'Manon', 'Raphaël', 'Jade', 'Arthur', 'Zoé', 'Noé', 'Élodie', 'Jérôme', 'Amélie', 'François', 'Hélène', 'Loïc', 'Maëlle', 'Anaïs', 'Yanis', 'Sofia', 'Mehdi', 'Fatima', 'Nguyen', 'Priya', 'Olga', 'Björn', 'Irène', 'Céline'];
const LAST = ['Dupont', 'Lefèvre', 'Moreau', 'Girard', 'Bonnet', 'François', 'Mercier', 'Lambert', 'Fontaine', 'Rousseau', 'Chevalier', 'Gauthier', 'Perrin', 'Morel', 'Faure', 'André', 'Blanc', 'Guérin', 'Müller', 'Benali', 'Nguyễn', 'Da Silva', 'Lopez', 'Martínez', "N'Diaye", 'Petrović', 'Schäfer', 'Côté', 'Lemaître', 'Brûlé'];
const EMPLOYERS = ['Menuiserie Durand SARL', 'Atelier Mécanique du Nord', 'Hôpital Saint-Louis', 'Boulangerie du Marché', 'Transports Rhône-Alpes', 'Lycée Jean-Moulin', 'Clinique du Parc', 'Mairie de Lille'];
const LANGUAGES = ['fr', 'fr', 'fr', 'fr', 'en', 'ar', 'pt-BR', 'es', 'de', 'it'];
const PRODUCTS = ['health-essential', 'health-essential', 'health-plus'];

/** The n-th made-up member: the same for the same n, spread over names, ages and contracts. */
export function syntheticMember(n: number): ImportRow {
  const pick = <T>(list: readonly T[], salt: number) => list[(n * 7919 + salt * 104729) % list.length]!;
  const memberNumber = `D${String(n).padStart(7, '0')}`;
  const year = 1940 + (n % 66);
  const birthDate = `${year}-${String(1 + (n % 12)).padStart(2, '0')}-${String(1 + (n % 28)).padStart(2, '0')}`;
  const start = `${2005 + (n % 20)}-${String(1 + ((n >> 2) % 12)).padStart(2, '0')}-01`;
  // One member in twenty has a contract that ended last year: coverage checks have something to find.
  const lapsed = n % 20 === 0;
  return {
    ref: `demo member ${n}`,
    member: { memberNumber, firstName: pick(FIRST, 1), lastName: pick(LAST, 2), birthDate, language: pick(LANGUAGES, 3), employer: pick(EMPLOYERS, 4), email: `member${n}@example.org` },
    coverage: { coverageId: `C-${memberNumber}`, product: pick(PRODUCTS, 5), start, ...(lapsed ? { end: '2025-12-31' } : {}) },
  };
}

/** Imports the named members and `synthetic` made-up ones; returns how many members that is. */
export async function seedDemoMembers(synthetic: number): Promise<number> {
  const rows = [...NAMED_MEMBERS, ...Array.from({ length: synthetic }, (_, i) => syntheticMember(i + 1))];
  const report = await applyRows(rows, new Date());
  if (report.rejected.length) throw new Error(`demo members refused: ${JSON.stringify(report.rejected.slice(0, 3))}`);
  return new Set(rows.map((row) => (row.member as { memberNumber: string }).memberNumber)).size;
}
