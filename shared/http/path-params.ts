import { z } from 'zod';

// Case ids are ULIDs: anything else cannot be a case, and is refused before any lookup.
export const caseId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id');
export const caseIdParams = z.strictObject({ caseId });
