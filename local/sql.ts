// `npm run sql`: DuckDB, embedded, over the warehouse that `npm start` exports to (its Parquet files
// in the local S3 server's folder). The tables have the names of the Glue tables in AWS, and the
// saved queries are those of the Athena workgroup.
//   npm run sql                         an SQL prompt (end a statement with `;`, `.queries`, `.quit`)
//   npm run sql -- <saved query>        runs one saved query and prints its rows
//   npm run sql -- --all                runs every saved query
//   npm run sql -- -e "SELECT ..."      runs one statement
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { savedQueries, savedQuery } from '#shared/warehouse/saved-queries.js';
import { EXPORTS_BUCKET } from './stack.js';
import { openWarehouse, query } from './warehouse-sql.js';

const dataDir = process.env.DOSSIER_DATA_DIR ?? join(import.meta.dirname, '..', '.local', 'data');
const directory = join(dataDir, 's3', EXPORTS_BUCKET);
if (!existsSync(directory)) {
  console.error(`No warehouse yet in ${directory}: run \`npm start\` first (the system exports its changes as they happen).`);
  process.exit(1);
}
// s3rver keeps each object as a file named after its key, with this suffix.
const connection = await openWarehouse({ directory, suffix: '.parquet._S3rver_object' });

async function show(sql: string, title?: string) {
  if (title) console.log(`\n${title}`);
  const rows = await query(connection, sql);
  if (rows.length) console.table(rows);
  else console.log('(no rows)');
}

const [first, second] = process.argv.slice(2);
try {
  if (first === '--all') {
    for (const q of savedQueries()) await show(q.sql, `${q.name}: ${q.title}`);
  } else if (first === '-e' && second) {
    await show(second);
  } else if (first) {
    const found = savedQuery(first);
    if (!found) {
      console.error(`No saved query ${first}. Saved queries:\n${savedQueries().map((q) => `  ${q.name}  ${q.title}`).join('\n')}`);
      process.exit(2);
    }
    await show(found.sql, `${found.name}: ${found.title}`);
  } else {
    await prompt();
  }
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
process.exit(0);

async function prompt() {
  console.log(`DuckDB over the Dossier warehouse. Tables: case_facts, case_amounts, history_events, tasks, decisions, payments, budget_envelopes, identities.
Saved queries: .queries to list them, .run <name> to run one; .quit to leave.`);
  const input = createInterface({ input: process.stdin, output: process.stdout });
  let buffer = '';
  for (;;) {
    const line = (await input.question(buffer ? '  ...> ' : 'sql> ').catch(() => '.quit')).trim();
    if (!buffer && line === '.quit') break;
    if (!buffer && line === '.queries') {
      for (const q of savedQueries()) console.log(`  ${q.name}  ${q.title}`);
      continue;
    }
    if (!buffer && line.startsWith('.run ')) {
      const found = savedQuery(line.slice(5).trim());
      if (found) await show(found.sql, found.title).catch((e: Error) => console.error(e.message));
      else console.error('no such saved query (.queries lists them)');
      continue;
    }
    buffer += `${line}\n`;
    if (!line.endsWith(';')) continue;
    await show(buffer).catch((e: Error) => console.error(e.message));
    buffer = '';
  }
  input.close();
}
