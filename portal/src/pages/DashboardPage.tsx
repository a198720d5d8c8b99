import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { api, call } from '../api/client.js';
import { useFormat } from '../ui/format.js';
import { QueueTable } from '../ui/queue-table.js';
import { ErrorMessage, Loading } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

type Dashboard = NonNullable<Awaited<ReturnType<typeof loadDashboard>>>;
type Day = Dashboard['intake']['perDay'][number];
type CaseStarts = Dashboard['caseStarts'];
type BacklogAlert = Extract<Dashboard['alerts'][number], { kind: 'backlog' }>;
type BudgetAlert = Extract<Dashboard['alerts'][number], { kind: 'budget' }>;
type Budgets = Dashboard['budgets'];

const loadDashboard = () => call(api.GET('/api/dashboard'));

/** Work moves on while the page is open: the figures come again every fifteen seconds. */
const REFRESH_MS = 15_000;

/** The dashboard for supervisors and ops, read from the pre-aggregated counters (GET /api/dashboard). */
export function DashboardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const dashboard = useLoad(loadDashboard, [], REFRESH_MS);
  const data = dashboard.data;
  if (!data) return dashboard.error ? <ErrorMessage error={dashboard.error} onRetry={dashboard.reload} /> : <Loading />;
  const compliance = data.sla.compliance.last7Days.rate;
  return (
    <section className="stack">
      <h1>{t('dashboard.title')}</h1>
      <p className="small muted">{t('dashboard.asOf', { date: format.dateTime(data.asOf) })}</p>
      {data.alerts.map((alert, i) => (
        <p key={i} role="alert" className={alert.level === 'critical' ? 'alert alert-error' : 'alert alert-warning'}>
          {alert.kind === 'budget' ? <BudgetAlertText alert={alert} /> : t(`dashboard.alert.${alert.kind}`)}
        </p>
      ))}
      <div className="tiles">
        <Tile label={t('dashboard.open')} value={format.number(data.openCases.total)} />
        <Tile label={t('dashboard.receivedToday')} value={format.number(data.intake.receivedToday)} />
        <Tile label={t('dashboard.closedToday')} value={format.number(data.intake.closedToday)} />
        <Tile label={t('dashboard.atRisk')} value={format.number(data.sla.tasks.atRisk)} />
        <Tile label={t('dashboard.breached')} value={format.number(data.sla.tasks.breached)} />
        <Tile label={t('dashboard.compliance')} value={compliance === null ? '—' : `${format.number(Math.round(compliance * 1000) / 10)} %`} />
      </div>
      <CaseStartsPanel starts={data.caseStarts} alert={data.alerts.find((a): a is BacklogAlert => a.kind === 'backlog')} />
      <DailyChart days={data.intake.perDay} />
      <QueueTable queues={data.queues} caption={t('dashboard.queues')} />
      {data.amounts.length ? (
        <div className="table-scroll">
          <table className="data">
            <caption>{t('dashboard.amounts')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('dashboard.businessLine')}</th>
                <th scope="col">{t('dashboard.region')}</th>
                <th scope="col">{t('dashboard.cases')}</th>
                <th scope="col">{t('dashboard.amount')}</th>
              </tr>
            </thead>
            <tbody>
              {data.amounts.map((a) => (
                <tr key={`${a.businessLine}/${a.region}/${a.currency}`}>
                  <td>{a.businessLine}</td>
                  <td>{a.region}</td>
                  <td>{format.number(a.cases)}</td>
                  <td>{format.amount(Number(a.amount), a.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {data.budgets.items.length ? <BudgetTable budgets={data.budgets} alerts={data.alerts.filter((a): a is BudgetAlert => a.kind === 'budget')} /> : null}
    </section>
  );
}

/** Which envelope, and why: the share of its budget used, or its forecast to 31 December against its budget. */
function BudgetAlertText({ alert }: { alert: BudgetAlert }) {
  const { t } = useTranslation();
  const format = useFormat();
  const budget = Number(alert.budget);
  const committed = Number(alert.committed);
  return t(`dashboard.alert.budget.${alert.reason}`, {
    envelope: t(`dashboard.budgets.envelopes.${alert.envelope}`, alert.envelope),
    share: format.percent(budget > 0 ? committed / budget : 1),
    committed: format.amount(committed, alert.currency),
    budget: format.amount(budget, alert.currency),
    projected: format.amount(Number(alert.projectedYearEnd), alert.currency),
  });
}

/**
 * This year's budgets, envelope by envelope (GET /api/budgets's figures). An envelope in alert has
 * its state and the figure behind it highlighted, at the level of the server's alert for it; the
 * state is said in words, so the colour is never the only sign.
 */
function BudgetTable({ budgets, alerts }: { budgets: Budgets; alerts: readonly BudgetAlert[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const cell = (highlight: 'warning' | 'critical' | undefined) => (highlight ? `cell-${highlight}` : undefined);
  return (
    <div className="table-scroll">
      <table className="data">
        <caption>{t('dashboard.budgets.caption', { year: String(budgets.year) })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('dashboard.budgets.fund')}</th>
            <th scope="col">{t('dashboard.budgets.envelope')}</th>
            <th scope="col">{t('dashboard.budgets.budget')}</th>
            <th scope="col">{t('dashboard.budgets.committed')}</th>
            <th scope="col">{t('dashboard.budgets.consumed')}</th>
            <th scope="col">{t('dashboard.budgets.projected')}</th>
            <th scope="col">{t('dashboard.budgets.payments')}</th>
            <th scope="col">{t('dashboard.budgets.alert')}</th>
          </tr>
        </thead>
        <tbody>
          {budgets.items.flatMap((item) =>
            item.envelopes.map((e) => {
              const alert = alerts.find((a) => a.budgetId === item.budgetId && a.envelope === e.envelope);
              const level = alert?.level;
              return (
                <tr key={`${item.budgetId}/${e.envelope}`}>
                  <td>{t(`dashboard.budgets.funds.${item.budgetId}`, item.budgetId)}</td>
                  <th scope="row">{t(`dashboard.budgets.envelopes.${e.envelope}`, e.envelope)}</th>
                  <td>{format.amount(Number(e.budget), item.currency)}</td>
                  <td>{format.amount(Number(e.committed), item.currency)}</td>
                  <td className={cell(alert?.reason === 'threshold-reached' ? level : undefined)}>{format.percent(Number(e.consumedShare))}</td>
                  <td className={cell(alert?.reason === 'projected-overrun' ? level : undefined)}>{format.amount(Number(e.projectedYearEnd), item.currency)}</td>
                  <td>{format.number(e.payments)}</td>
                  <td className={cell(level)}>{t(`dashboard.budgets.alerts.${e.alert}`)}</td>
                </tr>
              );
            }),
          )}
        </tbody>
      </table>
    </div>
  );
}

/**
 * The buffered intake's backlog (docs/capacity.md): declarations stored but whose lifecycle has
 * not started yet. The figure behind a backlog alert is highlighted; the alert's text says why, so
 * the colour is never the only sign.
 */
function CaseStartsPanel({ starts, alert }: { starts: CaseStarts; alert: BacklogAlert | undefined }) {
  const { t } = useTranslation();
  const format = useFormat();
  const count = (value: number | null) => (value === null ? '—' : format.number(value));
  const stale = alert !== undefined && alert.oldestAgeSeconds !== null && alert.oldestAgeSeconds >= alert.thresholds.oldestAgeSeconds;
  const failed = alert !== undefined && alert.deadLetters !== null && alert.deadLetters >= alert.thresholds.deadLetters;
  return (
    <section className="card stack" aria-labelledby="case-starts-title">
      <h2 id="case-starts-title">{t('dashboard.caseStarts.title')}</h2>
      <p className="small muted">{t('dashboard.caseStarts.intro')}</p>
      {failed ? <p className="alert alert-error">{t('dashboard.caseStarts.failed', { number: format.number(alert.deadLetters ?? 0) })}</p> : null}
      {stale ? <p className="alert alert-warning">{t('dashboard.caseStarts.stale', { age: format.duration(alert.oldestAgeSeconds ?? 0, 'long') })}</p> : null}
      <div className="tiles">
        <Tile label={t('dashboard.caseStarts.waiting')} value={count(starts.waiting)} />
        <Tile label={t('dashboard.caseStarts.inFlight')} value={count(starts.inFlight)} />
        <Tile
          label={t('dashboard.caseStarts.oldest')}
          value={starts.oldestAgeSeconds === null ? '—' : format.duration(starts.oldestAgeSeconds)}
          highlight={stale ? 'warning' : undefined}
        />
        <Tile label={t('dashboard.caseStarts.deadLetters')} value={count(starts.deadLetters)} highlight={failed ? 'critical' : undefined} />
      </div>
      {starts.waiting === null || starts.deadLetters === null ? <p className="small muted">{t('dashboard.caseStarts.unavailable')}</p> : null}
    </section>
  );
}

function Tile({ label, value, highlight }: { label: string; value: string; highlight?: 'warning' | 'critical' | undefined }) {
  return (
    <div className={highlight ? `tile card tile-${highlight}` : 'tile card'}>
      <p className="tile-value">{value}</p>
      <p className="small muted">{label}</p>
    </div>
  );
}

/** Cases received and closed per day, drawn with uPlot; the same figures are in the caption's table for screen readers. */
function DailyChart({ days }: { days: readonly Day[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const host = useRef<HTMLDivElement>(null);
  const received = t('dashboard.received');
  const closed = t('dashboard.closed');
  useEffect(() => {
    const element = host.current;
    if (!element || days.length === 0) return;
    const chart = new uPlot(
      {
        width: Math.max(280, element.clientWidth),
        height: 220,
        scales: { x: { time: true } },
        series: [{}, { label: received, stroke: '#0b5cad', width: 2 }, { label: closed, stroke: '#1a7f37', width: 2, dash: [6, 3] }],
        axes: [{}, { size: 50 }],
      },
      [days.map((d) => Date.parse(`${d.day}T12:00:00Z`) / 1000), days.map((d) => d.received), days.map((d) => d.closed)],
      element,
    );
    return () => chart.destroy();
  }, [days, received, closed]);
  return (
    <figure className="card chart">
      <figcaption>{t('dashboard.perDay')}</figcaption>
      <div ref={host} role="img" aria-label={t('dashboard.perDayChart', { days: days.length })} />
      <details>
        <summary>{t('dashboard.asTable')}</summary>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('dashboard.day')}</th>
              <th scope="col">{received}</th>
              <th scope="col">{closed}</th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <td>{format.date(`${d.day}T12:00:00Z`)}</td>
                <td>{format.number(d.received)}</td>
                <td>{format.number(d.closed)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}
