/**
 * What each outcome asks for. The API validates it (400 naming the field) but does not publish the
 * completion schemas yet, so the portal lists the fields the task kinds of shared/case-types accept.
 */
export type OutcomeField =
  | { name: string; kind: 'text'; required: boolean; long?: boolean }
  | { name: string; kind: 'choice'; options: readonly string[]; required: boolean }
  | { name: string; kind: 'number'; min: number; max: number; required: boolean }
  | { name: 'categories'; kind: 'categories'; required: true };

export const OUTCOME_FIELDS: Record<string, readonly OutcomeField[]> = {
  accept: [
    { name: 'severity', kind: 'choice', options: ['low', 'moderate', 'high'], required: false },
    { name: 'note', kind: 'text', required: false, long: true },
  ],
  'request-documents': [
    { name: 'categories', kind: 'categories', required: true },
    { name: 'message', kind: 'text', required: false, long: true },
  ],
  reject: [{ name: 'reason', kind: 'text', required: true, long: true }],
  abandon: [{ name: 'reason', kind: 'text', required: true, long: true }],
  recognised: [
    { name: 'opinion', kind: 'text', required: true, long: true },
    { name: 'incapacityRate', kind: 'number', min: 0, max: 100, required: false },
  ],
  refused: [{ name: 'opinion', kind: 'text', required: true, long: true }],
  // A coverage check: how the agent confirmed the member's rights, or why they have none.
  covered: [{ name: 'note', kind: 'text', required: true, long: true }],
  'not-covered': [{ name: 'reason', kind: 'text', required: true, long: true }],
  'request-complement': [
    { name: 'categories', kind: 'categories', required: true },
    { name: 'message', kind: 'text', required: false, long: true },
  ],
};
