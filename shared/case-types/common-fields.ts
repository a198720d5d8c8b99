import * as z from 'zod';
import { LOCALES } from '../i18n/locales.js';

/** What a claimant may choose for our letters, and what a colleague may work in: the languages we write. */
export const LANGUAGES = LOCALES;

export const preferredLanguage = z.enum(LANGUAGES).default('fr');

export const personName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{M}' .-]+$/u, 'letters, spaces, apostrophes and hyphens only');

/** A calendar date, YYYY-MM-DD, that really exists (no 2026-02-30). */
export const isoDate = z.iso.date();
