// `npm run migrate-case-heads`: moves every case written before the head item to the current
// layout (shared/cases/case-head-migration.ts). Safe to run beside a live system and more than
// once. In AWS, run it with the stack's TABLE_NAME and an operator's credentials; locally it
// finds the running `npm start`.
import { useRunningLocalStackUnlessConfigured } from './runtime-env.js';

useRunningLocalStackUnlessConfigured('TABLE_NAME');
const { migrateCaseHeads } = await import('#shared/cases/case-head-migration.js');
const report = await migrateCaseHeads();
console.log(`${report.found} cases in the old layout: ${report.migrated} migrated, ${report.movedMeanwhile} moved over meanwhile by a change of their own`);
