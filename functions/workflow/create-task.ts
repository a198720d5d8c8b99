import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import * as z from 'zod';
import { afterDocumentsChanged } from '#shared/documents/completeness.js';
import { logger } from '#shared/observability/logger.js';
import { createWorkflowTask } from '#shared/tasks/create-workflow-task.js';

const input = z.object({
  caseId: z.string().min(1),
  kind: z.string().min(1),
  taskToken: z.string().min(1),
  executionArn: z.string().optional(),
  stateName: z.string().optional(),
  dueIn: z.string().optional(),
  note: z.string().max(1000).optional(),
  stateInput: z.record(z.string(), z.unknown()).optional(),
  /** The first task of a lifecycle registers the case in the same write (one state, one change). */
  register: z.boolean().optional(),
});

// Invoked by `lambda:invoke.waitForTaskToken` states. Errors named CaseWithdrawn/CaseCancelled
// reach the state's Catch, like a failure sent with the token.
export const handler = middy(async (event: unknown) => {
  const parsed = input.parse(event);
  logger.appendKeys({ caseId: parsed.caseId });
  // A re-opened case, or one carried on after a long wait, was registered by its first execution.
  const carriedOn = parsed.stateInput?.reopen !== undefined || parsed.stateInput?.resume !== undefined;
  const { taskId } = await createWorkflowTask({ ...parsed, register: parsed.register === true && !carriedOn });
  logger.info('task created', { taskId, kind: parsed.kind });
  // Collection of documents that are all in and accepted already ends at once; a task that
  // waits on the claimant pauses the clocks, and the next task after it resumes them.
  await afterDocumentsChanged(parsed.caseId);
  return { taskId };
}).use(injectLambdaContext(logger, { resetKeys: true }));
