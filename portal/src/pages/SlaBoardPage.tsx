import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client.js';
import type { TaskRow } from '../api/types.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading, SlaBadge } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

const QUEUES = ['agent', 'expert', 'supervisor'] as const;

/** Work at risk or breached in every role's queue and in my own basket, worst first. */
export function SlaBoardPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const board = useLoad(async () => {
    const pages = await Promise.all([
      ...QUEUES.map((queue) => call(api.GET('/api/tasks', { params: { query: { view: 'queue', queue, limit: 100 } } }))),
      call(api.GET('/api/tasks', { params: { query: { view: 'mine', limit: 100 } } })),
    ]);
    const seen = new Map<string, TaskRow>();
    for (const task of pages.flatMap((p) => p.items)) if (task.sla !== 'on-track') seen.set(task.taskId, task);
    return [...seen.values()].sort((a, b) => (a.sla === b.sla ? a.dueAt.localeCompare(b.dueAt) : a.sla === 'breached' ? -1 : 1));
  }, [], 10_000);

  return (
    <section className="stack">
      <h1>{t('slaBoard.title')}</h1>
      <p className="muted">{t('slaBoard.intro')}</p>
      <ErrorMessage error={board.error} onRetry={board.reload} />
      {board.loading && !board.data ? <Loading /> : null}
      {board.data && !board.data.length ? <p className="empty">{t('slaBoard.none')}</p> : null}
      {board.data?.length ? (
        <table className="data">
          <caption className="visually-hidden">{t('slaBoard.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('basket.task')}</th>
              <th scope="col">{t('basket.due')}</th>
              <th scope="col">{t('basket.sla')}</th>
              <th scope="col">{t('slaBoard.holder')}</th>
            </tr>
          </thead>
          <tbody>
            {board.data.map((task) => (
              <tr key={task.taskId}>
                <td>
                  <Link to={`/cases/${task.caseId}`}>
                    {t(`taskKind.${task.kind}`, task.kind)} · {task.case?.claimantName}
                  </Link>
                </td>
                <td>{format.dateTime(task.dueAt)}</td>
                <td>
                  <SlaBadge state={task.sla} />
                </td>
                <td>{task.assignee ?? t('tasks.unassigned')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
