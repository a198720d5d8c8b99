import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { functionById } from '#functions/registry.js';
import { metering, type Meter } from '#shared/metering/meter.js';

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
  const run = () =>
    Promise.race([
      handler(event, context),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error(`Task timed out after ${timeoutMs / 1000} seconds`), { name: 'Lambda.Timeout' })),
          timeoutMs,
        );
      }),
    ]);
  try {
    const meter = metering();
    return meter ? await metered(meter, functionId, spec.memoryMb ?? 512, run) : await run();
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Counts an invocation as Lambda bills it: one request, and its duration rounded up to the
 * millisecond times the configured memory. The duration is this machine's, not Lambda's.
 */
async function metered<T>(meter: Meter, functionId: string, memoryMb: number, run: () => Promise<T>): Promise<T> {
  const started = performance.now();
  try {
    return await meter.invocation(functionId, run);
  } finally {
    const billedMs = Math.ceil(performance.now() - started);
    meter.add('lambda', 'invocations', 1, functionId);
    meter.add('lambda', 'GB-seconds', (billedMs / 1000) * (memoryMb / 1024), functionId);
  }
}
