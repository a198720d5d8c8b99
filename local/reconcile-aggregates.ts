// `npm run reconcile-aggregates [-- --repair]`: recomputes the dashboard's counters from the cases,
// tasks and closure entries, and reports every counter that drifted (exit 1 if any). With
// --repair, adds the differences so the dashboard is right again. In AWS, run it with the stack's
// TABLE_NAME and an operator's credentials; locally it finds the running `npm start`.
import { useRunningLocalStackUnlessConfigured } from './runtime-env.js';

useRunningLocalStackUnlessConfigured('TABLE_NAME');
const { reconcileAggregates } = await import('#shared/dashboard/reconcile.js');
const repair = process.argv.includes('--repair');
const result = await reconcileAggregates({ repair });
for (const d of result.drift) console.log(`DRIFT ${d.bucket} ${d.counter}: kept ${d.kept}, recomputed ${d.recomputed}`);
console.log(`${result.cases} cases, ${result.tasks} tasks, ${result.closures} closures: ${result.drift.length === 0 ? 'no drift' : `${result.drift.length} counters drifted${repair ? ' (repaired)' : ''}`}`);
process.exit(result.drift.length === 0 || repair ? 0 : 1);
