import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '#shared/config.js';
import { LOCALES } from '#shared/i18n/locales.js';
import en from '#shared/notifications/locales/en.json' with { type: 'json' };
import fr from '#shared/notifications/locales/fr.json' with { type: 'json' };
import { renderNotification, TEMPLATES, type NotificationParams } from '#shared/notifications/render.js';

const CASE_ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const DUE_AT = '2026-03-02T16:30:00.000Z';

// Everything a caller might hand over by mistake: the renderer must let none of it through.
const MEDICAL = {
  decision: 'recognised',
  opinion: 'Lien établi avec une exposition à la silice.',
  disease: 'Lombalgie chronique',
  missing: ['medical-certificate', 'aggravation-certificate'],
  missingLabels: ['Certificat médical initial', "Certificat médical d'aggravation"],
  claimantName: 'Camille Lefèvre',
  email: 'camille@example.org',
};

const params: NotificationParams = {
  caseId: CASE_ID,
  dueAt: DUE_AT,
  reminder: 2,
  taskTitle: { en: 'Give the medical opinion', fr: "Rendre l'avis médical" },
};


beforeAll(() => {
  process.env.TABLE_NAME = 'dossier';
  process.env.PUBLIC_URL = 'https://portal.dossier.example';
  resetConfigForTests();
});

describe('notification templates', () => {
  // Every locale against English: test/unit/i18n/locales.test.ts.
  it('have a subject and a text for every template in English and French', () => {
    for (const resources of [en, fr] as Record<string, Record<string, string>>[]) {
      for (const template of TEMPLATES) {
        expect(resources[template]?.subject, template).toBeTruthy();
        expect(resources[template]?.text, template).toBeTruthy();
      }
    }
  });

  it('write in French for a French speaker, with the date in French and Paris time', () => {
    const message = renderNotification('deadline-approaching', 'fr', params);
    expect(message.language).toBe('fr');
    expect(message.subject).toBe(`Échéance proche : dossier ${CASE_ID}`);
    // 16:30 UTC is 17:30 in Paris in March (winter time).
    expect(message.text).toContain('2 mars 2026 à 17:30');
    expect(message.text).toContain("« Rendre l'avis médical »");
    expect(message.text).toMatch(/^Bonjour,/);
  });

  it("write the deadline in the recipient's own time zone, and name the zone", () => {
    // 16:30 UTC on 2 March is 01:30 on 3 March in Tokyo: the day changes too.
    expect(renderNotification('deadline-approaching', 'ja', params, 'Asia/Tokyo').text).toContain('2026年3月3日 1:30 JST');
    expect(renderNotification('deadline-approaching', 'en', params, 'America/Sao_Paulo').text).toContain('March 2, 2026 at 1:30 PM GMT-3');
    expect(renderNotification('deadline-approaching', 'fr', params).text).toContain('2 mars 2026 à 17:30 UTC+1');
    // A zone we cannot read is not a reason to send nothing: the fund's clock, named.
    expect(renderNotification('deadline-approaching', 'fr', params, 'Mars/Olympus_Mons').text).toContain('2 mars 2026 à 17:30 UTC+1');
  });

  it('write in English for an English speaker, and read regional forms of a language', () => {
    expect(renderNotification('case-decided', 'en', params).subject).toBe(`A decision is available for your case ${CASE_ID}`);
    const regional = renderNotification('documents-reminder', 'fr-FR', params);
    expect(regional.language).toBe('fr');
    expect(regional.subject).toBe(`Relance n° 2 : pièces manquantes pour votre dossier ${CASE_ID}`);
  });

  it('fall back to English for a language we do not write in', () => {
    for (const language of ['nl', 'sv-SE', '', undefined]) {
      const message = renderNotification('documents-reminder', language, params);
      expect(message.language).toBe('en');
      expect(message.subject).toBe(`Reminder 2: documents missing for your case ${CASE_ID}`);
    }
  });

  it('word a deadline on the case as a whole without a task', () => {
    const { text } = renderNotification('deadline-breached', 'en', { caseId: CASE_ID, dueAt: DUE_AT });
    expect(text).toContain(`Case ${CASE_ID} was due to be handled by March 2, 2026`);
    expect(text).not.toContain('{{');
  });

  it('carry the portal link and no fact beyond the case id, reminder, due date and task title', () => {
    for (const template of TEMPLATES) {
      for (const language of LOCALES) {
        const message = renderNotification(template, language, { ...params, ...MEDICAL } as NotificationParams);
        const body = `${message.subject}\n${message.text}`;
        expect(message.text, `${template}/${language}`).toContain(`https://portal.dossier.example/cases/${CASE_ID}`);
        expect(body).not.toMatch(/\{\{|\$t\(/);
        for (const value of Object.values(MEDICAL).flat()) expect(body, `${template}/${language}`).not.toContain(value);
        expect(body).not.toMatch(/recogni[sz]ed|refused|reconnu|refusé|silice|lombalgie/i);
      }
    }
  });
});
