import { ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { sfnClient } from '../aws/clients.js';
import { findCaseType } from '../case-types/index.js';
import type { CaseRecord } from '../cases/case-record.js';
import { config } from '../config.js';
import { carryOnMachineArn } from './machine-variants.js';

/**
 * Starts the case's state machine. The execution is named after the case, so starting twice
 * (a retried request, a replayed idempotency key) never runs the lifecycle twice. A re-opened
 * case runs on the carry-on machine, whose `Resume` Choice sends it back to its first task.
 */
export async function startLifecycle(
  record: CaseRecord,
  options: { executionName?: string; reopen?: boolean } = {},
): Promise<void> {
  const caseType = findCaseType(record.type);
  if (!caseType) throw new Error(`no case type ${record.type}`);
  const stateMachineArn = options.reopen ? carryOnMachineArn(caseType.stateMachine) : config().STATE_MACHINES[caseType.stateMachine];
  if (!stateMachineArn) throw new Error(`no state machine configured for ${caseType.stateMachine}`);
  try {
    await sfnClient().send(
      new StartExecutionCommand({
        stateMachineArn,
        name: options.executionName ?? record.caseId,
        input: JSON.stringify({ caseId: record.caseId, caseType: record.type, ...(options.reopen ? { reopen: true } : {}) }),
      }),
    );
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists) return;
    throw error;
  }
}
