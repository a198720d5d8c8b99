// `npm run warehouse-backfill`: exports to the warehouse what the table holds, once, for data from
// before its stream was read (shared/warehouse/backfill.ts). Safe to run again and beside a live
// system. In AWS, run it with the stack's TABLE_NAME, EXPORTS_BUCKET and PSEUDONYM_KEY (the
// secret's value) and an operator's credentials; locally it finds the running `npm start`.
import { useRunningLocalStackUnlessConfigured } from './runtime-env.js';

useRunningLocalStackUnlessConfigured('EXPORTS_BUCKET');
const { backfillWarehouse } = await import('#shared/warehouse/backfill.js');
const report = await backfillWarehouse();
console.log(`${report.items} items exported as ${report.rows} warehouse rows in ${report.files} files`);
