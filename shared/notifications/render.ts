import i18next, { type i18n } from 'i18next';
import { config } from '../config.js';
import { LOCALES, localeOf, type Locale } from '../i18n/locales.js';
import { isValidTimeZone } from '../sla/time-zone.js';
import { loadLocale } from './locale-resources.js';

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

const FALLBACK: Locale = 'en';
/** The fund's own clock: deadlines are written in it for a recipient whose zone we do not know. */
export const FUND_TIME_ZONE = 'Europe/Paris';

/**
 * The only facts a message may carry. E-mail leaves our systems in clear: no disease, no
 * decision, no document labels, no names; the portal link is where the person reads the rest.
 */
export interface NotificationParams {
  readonly caseId: string;
  /** ISO 8601 instant; shown in the recipient's language and time zone (the fund's when theirs is not known). */
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
  readonly language: Locale;
  readonly link: string;
}

// One instance for the life of the execution environment, initialised synchronously: the
// resources are bundled with the code, there is nothing to load.
let instance: i18n | undefined;

function translator(): i18n {
  if (!instance) {
    instance = i18next.createInstance();
    void instance.init({
      resources: { en: { translation: loadLocale('en')! } },
      // zh-Hans is a language of its own here, not a variant of zh to fall back through.
      load: 'currentOnly',
      supportedLngs: [...LOCALES],
      fallbackLng: FALLBACK,
      initAsync: false,
      // Plain text bodies: escaping would put &quot; in an e-mail.
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return instance;
}

/** The translator with this language's templates added, read the first time it is asked for. */
function translatorFor(locale: Locale): i18n {
  const t = translator();
  if (!t.hasResourceBundle(locale, 'translation')) {
    const resources = loadLocale(locale);
    if (resources) t.addResourceBundle(locale, 'translation', resources);
  }
  return t;
}

export function caseLink(caseId: string): string {
  const origin = (config().PUBLIC_URL ?? 'http://localhost:3000').replace(/\/+$/, '');
  return `${origin}/cases/${encodeURIComponent(caseId)}`;
}

/**
 * Writes one message in the recipient's language. A language we do not write in, or a template
 * a translation lacks, falls back to English as a whole, so one message never mixes languages.
 */
export function renderNotification(template: TemplateId, language: string | undefined, params: NotificationParams, timeZone?: string): RenderedNotification {
  // `fr-FR` → `fr`, `zh-TW` → `zh-Hant`; a language we do not write in → English.
  const wanted = localeOf(language) ?? FALLBACK;
  const t = translatorFor(wanted);
  const complete = (lng: string) =>
    t.getResource(lng, 'translation', `${template}.subject`) !== undefined && t.getResource(lng, 'translation', `${template}.text`) !== undefined;
  const lng: Locale = complete(wanted) ? wanted : FALLBACK;
  const link = caseLink(params.caseId);
  // Only the allowed facts reach the template, whatever the caller passed.
  const values = {
    caseId: params.caseId,
    link,
    ...(params.reminder !== undefined ? { reminder: String(params.reminder) } : {}),
    ...(params.dueAt ? { dueAt: formatInstant(params.dueAt, lng, timeZone) } : {}),
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

/**
 * A deadline as the recipient reads it: their language, their clock, and the zone named (a reader
 * abroad must not take the fund's hour for theirs). An unknown zone falls back to the fund's.
 */
export function formatInstant(iso: string, language: Locale, timeZone?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const zone = timeZone && isValidTimeZone(timeZone) ? timeZone : FUND_TIME_ZONE;
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZoneName: 'short', timeZone: zone }).format(date);
}
