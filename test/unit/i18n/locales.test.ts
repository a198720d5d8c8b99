import { beforeAll, describe, expect, it } from 'vitest';
import { resetConfigForTests } from '#shared/config.js';
import { LANGUAGES, portalLanguageOf } from '../../../portal/src/i18n/languages.js';
import { allProblems } from '#shared/i18n/check-locales.js';
import { LOCALES, localeOf } from '#shared/i18n/locales.js';
import { problemsOf } from '#shared/i18n/resource-check.js';
import { renderNotification, TEMPLATES } from '#shared/notifications/render.js';

beforeAll(() => {
  process.env.TABLE_NAME = 'dossier';
  process.env.PUBLIC_URL = 'https://portal.dossier.example';
  resetConfigForTests();
});

describe('the fourteen locales', () => {
  it('has every English key, placeholder and nesting, and each language its own plural forms, in the portal and the notifications', () => {
    expect(allProblems()).toEqual([]);
  });

  it("offers each language in the portal's switch under its own name, Arabic right to left", () => {
    expect(LANGUAGES.map((l) => l.name)).toEqual(['English', 'Français', 'Deutsch', 'Italiano', 'Español', 'Português (Brasil)', 'Русский', 'العربية', 'हिन्दी', 'தமிழ்', 'ไทย', '日本語', '简体中文', '繁體中文']);
    expect(LANGUAGES.filter((l) => l.dir === 'rtl').map((l) => l.code)).toEqual(['ar']);
  });

  it('refuses a translation that drops a placeholder, a nesting, a key, or a plural form the language has', () => {
    const english = { a: 'Case {{caseId}} due {{dueAt}}', b: '$t(a) — end', picked_one: 'one task', picked_other: '{{count}} tasks' };
    expect(problemsOf(english, { a: 'Dossier {{caseId}}', b: 'fin', picked_one: 'une', picked_many: '{{count}}', picked_other: '{{count}}', extra: 'x' }, 'fr')).toEqual([
      'fr: a lacks {{dueAt}}',
      'fr: b must nest $t(a) as English does',
      'fr: extra is not in English',
    ]);
    // Russian has four forms, Japanese one.
    expect(problemsOf(english, { a: '{{caseId}} {{dueAt}}', b: '$t(a)', picked_one: '1', picked_other: '{{count}}' }, 'ru')).toEqual(['ru: picked_few is missing', 'ru: picked_many is missing']);
    expect(problemsOf(english, { a: '{{caseId}} {{dueAt}} {{name}}', b: '$t(a)', picked_other: '{{count}}' }, 'ja')).toEqual(['ja: a has {{name}}, which English does not give']);
  });

  it("maps a browser's or a profile's language tag to ours", () => {
    expect([localeOf('fr-FR'), localeOf('FR'), localeOf('zh-TW'), localeOf('zh_CN'), localeOf('zh-Hant-HK'), localeOf('pt'), localeOf('ja-JP'), localeOf('nl')]).toEqual([
      'fr',
      'fr',
      'zh-Hant',
      'zh-Hans',
      'zh-Hant',
      'pt-BR',
      'ja',
      undefined,
    ]);
    expect([portalLanguageOf('zh-HK'), portalLanguageOf('zh'), portalLanguageOf('pt-PT'), portalLanguageOf('ta-IN'), portalLanguageOf('nl-BE')]).toEqual(['zh-Hant', 'zh-Hans', 'pt-BR', 'ta', 'en']);
  });

  it('writes every message in every locale, in that language alone', () => {
    for (const locale of LOCALES) {
      for (const template of TEMPLATES) {
        const message = renderNotification(template, locale, { caseId: 'CASE-1', dueAt: '2026-12-10T09:00:00Z', reminder: 2, taskTitle: { en: 'Qualify the declaration' } });
        expect(message.language, `${template} in ${locale}`).toBe(locale);
        expect(message.text).toContain('CASE-1');
        expect(message.text).not.toMatch(/{{|\$t\(/);
        if (locale !== 'en') expect(message.text, `${template} in ${locale}`).not.toBe(renderNotification(template, 'en', { caseId: 'CASE-1', dueAt: '2026-12-10T09:00:00Z', reminder: 2 }).text);
      }
    }
    expect(renderNotification('case-decided', 'ja-JP', { caseId: 'C' }).subject).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    expect(renderNotification('case-decided', 'zh-TW', { caseId: 'C' }).language).toBe('zh-Hant');
  });
});
