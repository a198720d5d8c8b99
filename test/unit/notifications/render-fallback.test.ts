import { describe, expect, it, vi } from 'vitest';
import { renderNotification } from '#shared/notifications/render.js';

// A French translation that lacks one template, as happens while a new template is written.
vi.mock('../../../shared/notifications/locale-resources.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../../shared/notifications/locale-resources.js')>();
  return {
    ...original,
    loadLocale: (locale: Parameters<typeof original.loadLocale>[0]) => {
      const resources = original.loadLocale(locale) as Record<string, unknown> | undefined;
      if (locale !== 'fr' || !resources) return resources;
      const { 'case-decided': _missing, ...rest } = resources;
      return rest;
    },
  };
});

describe('a template missing from a translation', () => {
  it('is written in English as a whole, and the others stay French', () => {
    process.env.TABLE_NAME = 'dossier';
    const decided = renderNotification('case-decided', 'fr', { caseId: '01JABCDEFGHJKMNPQRSTVWXYZ0' });
    expect(decided.language).toBe('en');
    expect(decided.subject).toBe('A decision is available for your case 01JABCDEFGHJKMNPQRSTVWXYZ0');
    expect(decided.text).toMatch(/^Hello,/);
    expect(renderNotification('documents-reminder', 'fr', { caseId: '01JABCDEFGHJKMNPQRSTVWXYZ0', reminder: 1 }).language).toBe('fr');
  });
});
