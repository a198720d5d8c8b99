import * as z from 'zod';

export const LANGUAGES = ['fr', 'en', 'ar', 'de', 'es', 'it', 'pt-BR'] as const;

export const preferredLanguage = z.enum(LANGUAGES).default('fr');

export const personName = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{M}' .-]+$/u, 'letters, spaces, apostrophes and hyphens only');

/** A calendar date, YYYY-MM-DD, that really exists (no 2026-02-30). */
export const isoDate = z.iso.date();
