/** A few days ago: in the past, and well within two years, whatever days other tests made pass. */
export function daysAgo(days = 3): string {
  return new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
}

/** The registry's demo members (local/demo-members.ts): claimant1 is Camille Martin, claimant2 Karim Haddad. */
const MEMBERS: Record<string, { firstName: string; lastName: string; email: string }> = {
  M0012345: { firstName: 'Camille', lastName: 'Martin', email: 'camille.martin@example.org' },
  M0099999: { firstName: 'Karim', lastName: 'Haddad', email: 'karim.haddad@example.org' },
};

/** A valid health reimbursement request for a member (claimant1's own by default); lines as given. */
export function healthRequest(lines: readonly Record<string, unknown>[], member = 'M0012345') {
  const person = MEMBERS[member] ?? { firstName: 'Inès', lastName: 'Moreau', email: 'ines@example.org' };
  return {
    type: 'health-reimbursement',
    data: { member: { memberNumber: member, ...person }, lines, preferredLanguage: 'fr' },
  };
}

/** A valid property claim; tests change what they need. */
export function propertyClaim(overrides: Record<string, unknown> = {}, today = daysAgo(1)) {
  return {
    type: 'property-claim',
    data: {
      policyNumber: 'POL-2020-0042',
      policyStartDate: '2020-01-01',
      businessLine: 'property',
      entity: 'FR-PARIS',
      region: '75',
      incident: { date: today, place: '12 rue des Lilas, Paris', description: "Dégât des eaux depuis l'appartement du dessus." },
      claimedAmount: '8000.00',
      currency: 'EUR',
      claimant: { firstName: 'Paul', lastName: 'Martin', email: 'paul@example.org' },
      preferredLanguage: 'fr',
      ...overrides,
    },
  };
}
