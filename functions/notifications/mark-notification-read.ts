import { apiHandler } from '#shared/http/api-handler.js';
import { notificationIdParams } from '#shared/http/path-params.js';
import { markNotificationRead } from '#shared/notifications/inbox.js';

export const handler = apiHandler({
  params: notificationIdParams,
  run: async ({ principal, params }) => ({ status: 200, body: await markNotificationRead(principal, params.notificationId) }),
});
