import { apiHandler } from '#shared/http/api-handler.js';
import { listMyNotifications, notificationListQuery } from '#shared/notifications/inbox.js';

export const handler = apiHandler({
  query: notificationListQuery,
  run: async ({ principal, query }) => ({ status: 200, body: await listMyNotifications(principal, query) }),
});
