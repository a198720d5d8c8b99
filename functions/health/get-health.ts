import { checkHealth } from '#shared/health.js';
import { publicHandler } from '#shared/http/api-handler.js';

export const handler = publicHandler({
  run: async () => {
    const { healthy, dependencies } = await checkHealth();
    return healthy
      ? { status: 200, body: { status: 'ok' } }
      : { status: 503, body: { error: { code: 'unavailable', message: `Not answering: ${dependencies.join(', ')}` } } };
  },
});
