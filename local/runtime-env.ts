import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setClockOffsetMs } from '#shared/clock.js';

/**
 * Commands run beside `npm start` (verify-history, verify-archive) read the running emulators'
 * endpoints from .local/data/runtime.json, unless the environment already says where to go
 * (in AWS: the stack's table and bucket names, with the operator's credentials).
 */
export function useRunningLocalStackUnlessConfigured(variable: string): void {
  // These commands run on the project's supported Node 20 too; the SDK's notice about it is noise.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const runtimeFile = join(import.meta.dirname, '..', '.local', 'data', 'runtime.json');
  if (!process.env[variable] && existsSync(runtimeFile)) {
    Object.assign(process.env, JSON.parse(readFileSync(runtimeFile, 'utf8')) as Record<string, string>);
  }
}

/**
 * The running system's clock may have been moved forward (POST /api/_local/clock): a command
 * dating what it writes (the digest of the day) must use that clock too. CLOCK_OFFSET_MS says so
 * explicitly; otherwise the offset `npm start` keeps in .local/data/clock.json applies.
 */
export function useRunningLocalClock(): void {
  const clockFile = join(import.meta.dirname, '..', '.local', 'data', 'clock.json');
  if (process.env.CLOCK_OFFSET_MS) setClockOffsetMs(Number(process.env.CLOCK_OFFSET_MS));
  else if (existsSync(clockFile)) setClockOffsetMs((JSON.parse(readFileSync(clockFile, 'utf8')) as { offsetMs: number }).offsetMs);
}
