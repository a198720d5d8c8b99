import i18next, { type i18n } from 'i18next';
import { config } from '../config.js';
import { LOCALES, localeOf, type Locale } from '../i18n/locales.js';
import ar from './locales/ar.json' with { type: 'json' };
import de from './locales/de.json' with { type: 'json' };
import en from './locales/en.json' with { type: 'json' };
import es from './locales/es.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };
import hi from './locales/hi.json' with { type: 'json' };
import it from './locales/it.json' with { type: 'json' };
import ja from './locales/ja.json' with { type: 'json' };
import ptBR from './locales/pt-BR.json' with { type: 'json' };
import ru from './locales/ru.json' with { type: 'json' };
import ta from './locales/ta.json' with { type: 'json' };
import th from './locales/th.json' with { type: 'json' };
import zhHans from './locales/zh-Hans.json' with { type: 'json' };
import zhHant from './locales/zh-Hant.json' with { type: 'json' };

/** Every message the system sends; each has a subject and a text in every supported language. */
export const TEMPLATES = [
  'deadline-approaching',
  'deadline-breached',
  'documents-reminder',
  'case-decided',
  'case-closed-documents-missing',
  'documents-suspended',
  'document-rejected',
  'document-refused',
  'task-unassignable',
] as const;
export type TemplateId = (typeof TEMPLATES)[number];

export const SUPPORTED_LANGUAGES = LOCALES;
export type SupportedLanguage = Locale;
const FALLBACK: SupportedLanguage = 'en';

// Bundled with the code (a few kilobytes each): a Lambda has nothing to load at send time.
const RESOURCES: Readonly<Record<Locale, object>> = {
  en,
  fr,
  de,
  it,
  es,
  'pt-BR': ptBR,
  ru,
  ar,
  hi,
  ta,
  th,
  ja,
  'zh-Hans': zhHans,
  'zh-Hant': zhHant,
};

/**
 * The only facts a message may carry. E-mail leaves our systems in clear: no disease, no
 * decision, no document labels, no names; the portal link is where the person reads the rest.
 */
export interface NotificationParams {
  readonly caseId: string;
  /** ISO 8601 instant; shown in the recipient's language and the Paris time zone. */
  readonly dueAt?: string;
  /** 1 for the first reminder, 2 for the second... */
  readonly reminder?: number;
  /** The task kind's title, per language (from the case type's descriptor). */
  readonly taskTitle?: Readonly<Record<string, string>>;
}

export interface RenderedNotification {
  readonly subject: string;
  readonly text: string;
  /** The language the message was actually written in (after any fallback). */
  readonly language: SupportedLanguage;
  readonly link: string;
}

// One instance for the life of the execution environment, initialised synchronously: the
// resources are bundled with the code, there is nothing to load.
let instance: i18n | undefined;

function translator(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: RESOURCES[l] }])),
      // zh-Hans is a language of its own here, not a variant of zh to fall back through.
      load: 'currentOnly',
      supportedLngs: [...SUPPORTED_LANGUAGES],
      fallbackLng: FALLBACK,
      initAsync: false,
      // Plain text bodies: escaping would put &quot; in an e-mail.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance;
}

/** `fr-FR`, `fr_FR`, `FR` → `fr`; `zh-TW` → `zh-Hant`; anything we do not write in → undefined. */
export const supportedLanguageOf = (language: string | undefined): SupportedLanguage | undefined => localeOf(language);

export function caseLink(caseId: string): string {
  const origin = (config().PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  return `${origin}/cases/${encodeURIComponent(caseId)}`;
}

/**
 * Writes one message in the recipient's language. A language we do not write in, or a template
 * a translation lacks, falls back to English as a whole, so one message never mixes languages.
 */
export function renderNotification(template: TemplateId, language: string | undefined, params: NotificationParams): RenderedNotification {
  const t = translator();
  const wanted = supportedLanguageOf(language) ?? FALLBACK;
  const complete = (lng: string) =>
    t.getResource(lng, 'translation', `${template}.subject`) !== undefined && t.getResource(lng, 'translation', `${template}.text`) !== undefined;
  const lng: SupportedLanguage = complete(wanted) ? wanted : FALLBACK;
  const link = caseLink(params.caseId);
  // Only the allowed facts reach the template, whatever the caller passed.
  const values = {
    caseId: params.caseId,
    link,
    ...(params.reminder !== undefined ? { reminder: String(params.reminder) } : {}),
    ...(params.dueAt ? { dueAt: formatInstant(params.dueAt, lng) } : {}),
    ...(params.taskTitle ? { taskTitle: params.taskTitle[lng] ?? params.taskTitle[FALLBACK] ?? '' } : {}),
  };
  // A deadline on the case as a whole (no task) has its own wording.
  const context = template.startsWith('deadline-') && !params.taskTitle ? 'case' : undefined;
  const fixedT = t.getFixedT(lng);
  return {
    subject: fixedT(`${template}.subject`, { ...values, context }),
    text: fixedT(`${template}.text`, { ...values, context }),
    language: lng,
    link,
  };
}

export function formatInstant(iso: string, language: SupportedLanguage): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(date);
}
