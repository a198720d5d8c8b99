import { declareCase, declareCaseBody, idempotencyKeySchema } from '#shared/cases/declare-case.js';
import { badRequest } from '#shared/errors.js';
import { apiHandler } from '#shared/http/api-handler.js';
import { logger } from '#shared/observability/logger.js';

export const handler = apiHandler({
  body: declareCaseBody,
  run: async ({ principal, body, headers }) => {
    const rawKey = headers['idempotency-key'];
    const key = rawKey === undefined ? undefined : idempotencyKeySchema.safeParse(rawKey);
    if (key && !key.success) {
      throw badRequest('Invalid header: Idempotency-Key', [{ field: 'Idempotency-Key', message: key.error.issues[0]!.message }]);
    }
    const { record, replayed } = await declareCase(principal, body, key?.data);
    logger.appendKeys({ caseId: record.caseId });
    logger.info(replayed ? 'case declaration replayed' : 'case declared');
    // 202: the case is stored as `received`; its lifecycle starts when the starter takes it from
    // the queue (seconds normally, longer in a surge). The view shows `received` until then.
    return {
      status: 202,
      headers: { location: `/api/cases/${record.caseId}`, ...(replayed ? { 'idempotent-replayed': 'true' } : {}) },
      body: record,
    };
  },
});
