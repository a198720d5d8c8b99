// `npm start`: the whole of Dossier on this machine, with demo data, until Ctrl-C.
import { join } from 'node:path';
import { ensurePortalBuilt } from '../portal/scripts/build-portal.js';
import { DEMO_PASSWORD, DEMO_USERS } from './demo-users.js';
import { MissingJavaError } from './dynamodb-local.js';
import { seedDemoData } from './seed.js';
import { startLocalStack } from './stack.js';

const port = Number(process.env.PORT ?? 3000);
const dataDir = process.env.DOSSIER_DATA_DIR ?? join(import.meta.dirname, '..', '.local', 'data');

try {
  // The portal is served from its build: made now if missing or older than its sources (seconds).
  await ensurePortalBuilt();
  const stack = await startLocalStack({ port, dataDir, logLevel: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN' });
  const seeded = await seedDemoData();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping Dossier...`);
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  console.log(`
Dossier is running at ${stack.url}

  Portal       ${stack.url}/
  API health   ${stack.url}/api/health
  OpenAPI      ${stack.url}/api/openapi.json
  Data kept in .local/data (delete it to start afresh)${seeded.members ? `\n  Seeded ${seeded.members} members in the registry` : ''}${seeded.cases ? `\n  Seeded ${seeded.cases} demo cases` : ''}

Demo users (password "${DEMO_PASSWORD}"):
${DEMO_USERS.map((u) => `  ${u.username.padEnd(12)} ${u.groups.join(', ')}`).join('\n')}

  curl -s -X POST ${stack.url}/api/auth/login -d '{"username":"claimant1","password":"${DEMO_PASSWORD}"}'

Press Ctrl-C to stop.`);
} catch (error) {
  if (error instanceof MissingJavaError) {
    console.error(error.message);
    process.exit(1);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`Port ${port} is already in use: stop the other program or run PORT=3001 npm start`);
    process.exit(1);
  }
  throw error;
}
