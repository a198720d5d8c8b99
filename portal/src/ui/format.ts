import { useTranslation } from 'react-i18next';

/** Dates and numbers through Intl, in the portal's language. */
export function useFormat() {
  const { i18n } = useTranslation();
  const locale = i18n.resolvedLanguage ?? 'en';
  return {
    date: (iso: string | undefined) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(new Date(iso)) : '—'),
    dateTime: (iso: string | undefined) => (iso ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso)) : '—'),
    number: (value: number) => new Intl.NumberFormat(locale).format(value),
    /** A share as the language writes it: 45 %, 45%, ٪٤٥. */
    percent: (share: number) => new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share),
    /** A list as the language writes it: "a, b and c", "a、b、c", "أ وب وج". */
    list: (items: readonly string[], type: 'conjunction' | 'unit' = 'unit') => new Intl.ListFormat(locale, { style: 'short', type }).format(items),
    /** A length of time in its largest unit, in the language: 45 sec, 12 min, 3.5 hr (or in words: 12 minutes). */
    duration: (seconds: number, unitDisplay: 'short' | 'long' = 'short') => {
      const [value, unit]: [number, string] =
        seconds < 60 ? [seconds, 'second'] : seconds < 3_600 ? [Math.floor(seconds / 60), 'minute'] : seconds < 86_400 ? [seconds / 3_600, 'hour'] : [seconds / 86_400, 'day'];
      return new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay, maximumFractionDigits: 1 }).format(value);
    },
    amount: (value: number, currency = 'EUR') => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(value),
    /** A label given per language by the API ({"en","fr"}), in ours or else English. */
    localised: (label: Record<string, string> | undefined, fallback = '') => (label ? (label[locale] ?? label.en ?? fallback) : fallback),
  };
}
