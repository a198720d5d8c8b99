import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionById } from '#functions/registry.js';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const ROOT = join(import.meta.dirname, '..');
const loaded = new Map<string, Promise<Handler>>();

/** The handler module of a registry function, imported once, as Lambda keeps it warm. */
function loadHandler(functionId: string): Promise<Handler> {
  let handler = loaded.get(functionId);
  if (!handler) {
    const spec = functionById(functionId);
    handler = import(pathToFileURL(join(ROOT, spec.entry)).href).then((module: { handler?: Handler }) => {
      if (typeof module.handler !== 'function') throw new Error(`${spec.entry} exports no handler`);
      return module.handler;
    });
    loaded.set(functionId, handler);
  }
  return handler;
}

/** Invokes a function as Lambda would: its own request id, a context, its timeout. */
export async function invokeFunction(functionId: string, event: unknown): Promise<unknown> {
  const spec = functionById(functionId);
  const handler = await loadHandler(functionId);
  const timeoutMs = (spec.timeoutSeconds ?? 30) * 1000;
  const deadline = Date.now() + timeoutMs;
  const requestId = randomUUID();
  const context: Context = {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `dossier-${functionId}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionId}`,
    memoryLimitInMB: String(spec.memoryMb ?? 512),
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/dossier-${functionId}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      handler(event, context),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`Task timed out after ${timeoutMs / 1000} seconds`), { name: 'Lambda.Timeout' })),
          timeoutMs,
        );
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}
