import { apiHandler } from '#shared/http/api-handler.js';
import { inBasketQuery, listInBasket } from '#shared/tasks/in-basket.js';

export const handler = apiHandler({
  query: inBasketQuery,
  run: async ({ principal, query }) => ({ status: 200, body: await listInBasket(principal, query) }),
});
