import { apiHandler } from '#shared/http/api-handler.js';
import { workloadBoard } from '#shared/staff/workload.js';

export const handler = apiHandler({
  run: async ({ principal }) => {
    const { readUnits: _cost, ...board } = await workloadBoard(principal);
    return { status: 200, body: board };
  },
});
