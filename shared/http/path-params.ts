import * as z from 'zod';

// Case ids are ULIDs: anything else cannot be a case, and is refused before any lookup.
export const caseId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a case id');
export const caseIdParams = z.strictObject({ caseId });

// Task ids: T + 25 characters (from a token hash, or a ULID for ad-hoc tasks).
export const taskIdParams = z.strictObject({ taskId: z.string().regex(/^T[0-9A-Z]{25}$/, 'must be a task id') });

export const documentParams = z.strictObject({ caseId, documentId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'must be a document id') });

// Rule ids are the decision ids of the tables under rules/.
export const ruleId = z.string().regex(/^[a-z0-9-]{1,60}$/, 'must be a rule id');
export const ruleIdParams = z.strictObject({ ruleId });
export const caseRuleParams = z.strictObject({ caseId, ruleId });

// Notification ids: 32 hex digits (a hash of the occurrence, the recipient and the channel).
export const notificationIdParams = z.strictObject({ notificationId: z.string().regex(/^[0-9a-f]{32}$/, 'must be a notification id') });
