/** The n-th declaration of a surge: an occupational disease, the claimant's name varying. */
export const declaration = (n: number) =>
  JSON.stringify({
    type: 'occupational-disease',
    data: {
      requestType: 'initial',
      claimant: { firstName: 'Camille', lastName: `Surge-${String.fromCharCode(65 + (n % 26))}`, birthDate: '1980-02-14', email: 'camille@example.org' },
      employer: { name: 'Scierie des Vosges' },
      disease: { description: 'Lombalgie chronique liée à la manutention manuelle de charges lourdes.', firstMedicalObservation: '2026-01-05' },
      contributionMonths: 120,
    },
  });
