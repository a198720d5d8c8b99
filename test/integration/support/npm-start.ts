import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// `npm start` as a user runs it (local/start.ts), on a data folder of the test's, for the tests
// that kill it and start it again.
const root = join(import.meta.dirname, '..', '..', '..');

/** Starts Dossier and resolves once it says it is ready; `env` adds to the test's environment (undefined: removes). */
export async function startDossier(port: number, dataDir: string, env: Record<string, string | undefined> = {}): Promise<ChildProcess> {
  const merged: Record<string, string | undefined> = { ...process.env, PORT: String(port), DOSSIER_DATA_DIR: dataDir, POWERTOOLS_LOG_LEVEL: 'SILENT', ...env };
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'local', 'start.ts')], {
    cwd: root,
    env: Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start within 60 s: ${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Press Ctrl-C to stop')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  return child;
}

/** One API call to that Dossier, as JSON. */
export async function call(port: number, method: string, path: string, token?: string, body?: unknown) {
  const response = await fetch(`http://localhost:${port}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as any };
}
