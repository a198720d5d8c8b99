/** A valid occupational-disease declaration; tests change what they need. */
export function declaration(overrides: Record<string, unknown> = {}) {
  return {
    type: 'occupational-disease',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Camille', lastName: 'Lefèvre', birthDate: '1980-02-14', email: 'camille@example.org' },
      employer: { name: 'Scierie des Vosges' },
      disease: {
        description: 'Lombalgie chronique liée à la manutention manuelle de charges lourdes.',
        tableReference: 'RG 98',
        firstMedicalObservation: '2026-06-01',
      },
      contributionMonths: 120,
      preferredLanguage: 'fr',
      ...overrides,
    },
  };
}
