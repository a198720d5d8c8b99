import i18next, { type i18n } from 'i18next';
import { config } from '../config.js';
import en from './locales/en.json' with { type: 'json' };
import fr from './locales/fr.json' with { type: 'json' };

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

export const SUPPORTED_LANGUAGES = ['en', 'fr'] as const;
export type SupportedLanguage = (typeof SUPPORTED_LANGUAGES)[number];
const FALLBACK: SupportedLanguage = 'en';

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
      resources: { en: { translation: en }, fr: { translation: fr } },
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

/** `fr-FR`, `fr_FR`, `FR` → `fr`; anything we do not write in → undefined. */
export function supportedLanguageOf(language: string | undefined): SupportedLanguage | undefined {
  const base = language?.trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(base ?? '') ? (base as SupportedLanguage) : undefined;
}

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
