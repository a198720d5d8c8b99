import { Gauge, Registry } from 'prom-client';
import { authorize } from '../auth/permissions.js';
import type { Principal } from '../auth/principal.js';
import type { HttpResult } from '../http/result.js';
import { opsDashboard, type OpsDashboard } from './dashboard.js';

// The dashboard's figures as OpenMetrics text, for Prometheus or Grafana to scrape. prom-client
// writes the format (escaping, # TYPE/# HELP, # EOF); a fresh registry per request holds gauges
// set from the counters and the start queue's figures, so nothing is kept between scrapes.

export function renderOpenMetrics(dashboard: OpsDashboard): Promise<string> {
  const registry = new Registry<typeof Registry.OPENMETRICS_CONTENT_TYPE>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const gauge = (name: string, help: string, labelNames: readonly string[] = []) => new Gauge({ name, help, labelNames, registers: [registry] });

  const open = gauge('dossier_open_cases', 'Open cases by type and status', ['type', 'status']);
  for (const [key, count] of Object.entries(dashboard.openCases.byTypeAndStatus)) {
    const [type = '', status = ''] = key.split('/');
    open.set({ type, status }, count);
  }
  const received = gauge('dossier_cases_received_today', 'Cases received today (UTC)');
  received.set(dashboard.intake.receivedToday);
  gauge('dossier_cases_closed_today', 'Cases closed today (UTC)').set(dashboard.intake.closedToday);
  gauge('dossier_cases_received_last_hour', 'Cases received over the last hour').set(dashboard.intake.receivedLastHour);
  const processing = gauge('dossier_processing_time_average_hours', 'Average time from declaration to closure', ['type', 'window']);
  for (const [type, windows] of Object.entries(dashboard.processingTime)) {
    if (windows.last7Days.averageHours !== null) processing.set({ type, window: '7d' }, windows.last7Days.averageHours);
    if (windows.last30Days.averageHours !== null) processing.set({ type, window: '30d' }, windows.last30Days.averageHours);
  }
  const clocks = gauge('dossier_sla_clocks', 'Running service-level clocks by state', ['subject', 'state']);
  for (const subject of ['tasks', 'cases'] as const) {
    const states = dashboard.sla[subject];
    clocks.set({ subject, state: 'on-track' }, states.onTrack);
    clocks.set({ subject, state: 'at-risk' }, states.atRisk);
    clocks.set({ subject, state: 'breached' }, states.breached);
  }
  const compliance = gauge('dossier_sla_compliance_ratio', 'Share of finished clocks that met their target', ['window']);
  if (dashboard.sla.compliance.last7Days.rate !== null) compliance.set({ window: '7d' }, dashboard.sla.compliance.last7Days.rate);
  if (dashboard.sla.compliance.last30Days.rate !== null) compliance.set({ window: '30d' }, dashboard.sla.compliance.last30Days.rate);
  const backlog = gauge('dossier_queue_backlog', 'Open tasks per queue', ['queue', 'assignment']);
  for (const q of dashboard.queues) {
    backlog.set({ queue: q.queue, assignment: 'unassigned' }, q.unassigned);
    backlog.set({ queue: q.queue, assignment: 'assigned' }, q.assigned);
  }
  const agent = gauge('dossier_agent_backlog', 'Open tasks assigned to each person', ['agent']);
  for (const a of dashboard.agents) agent.set({ agent: a.agent }, a.backlog);
  const amount = gauge('dossier_amount_involved', 'Money involved in open cases per entity', ['business_line', 'region', 'currency']);
  for (const row of dashboard.amounts) amount.set({ business_line: row.businessLine, region: row.region, currency: row.currency }, Number(row.amount));
  // The start queue's backlog; a figure that could not be read is left out rather than shown as 0.
  const starts = dashboard.caseStarts;
  const backlogGauge = (name: string, help: string, value: number | null) => {
    if (value !== null) gauge(name, help).set(value);
  };
  backlogGauge('dossier_case_starts_waiting', 'Declared cases whose lifecycle start waits in the start queue', starts.waiting);
  backlogGauge('dossier_case_starts_in_flight', 'Case starts taken by the starter and not finished', starts.inFlight);
  backlogGauge('dossier_case_starts_oldest_age_seconds', 'Age of the oldest message in the start queue (CloudWatch)', starts.oldestAgeSeconds);
  backlogGauge('dossier_case_starts_dead_letters', 'Case starts that failed five times, in the dead-letter queue', starts.deadLetters);
  const alerts = gauge('dossier_alert_active', 'Whether an alert of this kind is raised', ['kind']);
  for (const kind of ['delay', 'volume', 'backlog'] as const) alerts.set({ kind }, dashboard.alerts.some((a) => a.kind === kind) ? 1 : 0);
  return registry.metrics();
}

/** GET /api/metrics: ops only. */
export async function openMetricsFor(principal: Principal): Promise<HttpResult> {
  authorize(principal, 'metrics:read');
  return { status: 200, rawBody: await renderOpenMetrics(await opsDashboard()), headers: { 'content-type': Registry.OPENMETRICS_CONTENT_TYPE } };
}
