import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import { buildDashboard } from '#shared/dashboard/dashboard.js';
import { metrics } from '#shared/observability/metrics.js';

// Every few minutes: the dashboard's headline figures as CloudWatch metrics (EMF), for the
// stack's dashboard and alarms. Its cost is that of one dashboard read, whatever the case count.
export const handler = middy(async () => {
  const dashboard = await buildDashboard();
  metrics.addMetric('OpenCases', MetricUnit.Count, dashboard.openCases.total);
  metrics.addMetric('ReceivedLastHour', MetricUnit.Count, dashboard.intake.receivedLastHour);
  metrics.addMetric('SlaAtRisk', MetricUnit.Count, dashboard.sla.tasks.atRisk + dashboard.sla.cases.atRisk);
  metrics.addMetric('SlaBreached', MetricUnit.Count, dashboard.sla.tasks.breached + dashboard.sla.cases.breached);
  metrics.addMetric('Backlog', MetricUnit.Count, dashboard.queues.reduce((sum, q) => sum + q.unassigned + q.assigned, 0));
  metrics.addMetric('DelayAlert', MetricUnit.Count, dashboard.alerts.some((a) => a.kind === 'delay') ? 1 : 0);
  metrics.addMetric('VolumeAlert', MetricUnit.Count, dashboard.alerts.some((a) => a.kind === 'volume') ? 1 : 0);
  metrics.addMetric('BudgetAlert', MetricUnit.Count, dashboard.alerts.some((a) => a.kind === 'budget') ? 1 : 0);
  return { openCases: dashboard.openCases.total, alerts: dashboard.alerts.length };
}).use(logMetrics(metrics));
