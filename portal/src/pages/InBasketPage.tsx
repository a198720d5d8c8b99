import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client.js';
import type { TaskRow } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading, SlaBadge, StatusBadge } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';
import { CaseDetail } from './CasePage.js';

type View = 'mine' | 'queue' | 'colleague';
/** The baskets one may look into: supervisors also see a colleague's. */
const AGENT_VIEWS: readonly View[] = ['mine', 'queue'];
const STAFF_VIEWS: readonly View[] = [...AGENT_VIEWS, 'colleague'];
type SortKey = 'due' | 'sla';

const SLA_ORDER: Record<string, number> = { breached: 0, 'at-risk': 1, 'on-track': 2 };

/** The in-basket: my tasks or my role's queue (a supervisor also opens a colleague's), the selected task's case beside it. */
export function InBasketPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const supervisor = user?.role === 'supervisor';
  const [view, setView] = useState<View>('mine');
  const [colleague, setColleague] = useState('');
  const [sort, setSort] = useState<SortKey>('due');
  // The selected task's case stays open beside the list even when the task leaves it (taken from
  // the queue, it moves to "mine"), so the person carries on where they were.
  const [selected, setSelected] = useState<{ taskId: string; caseId: string }>();
  const [ticked, setTicked] = useState<Set<string>>(new Set());
  const [error, setError] = useState<unknown>();

  const tasks = useLoad(
    () => {
      if (view === 'colleague' && !colleague) return Promise.resolve({ items: [] as TaskRow[] });
      const query = view === 'colleague' ? { assignee: colleague, limit: 100 } : { view, limit: 100 };
      return call(api.GET('/api/tasks', { params: { query } }));
    },
    [view, colleague],
    5000,
  );
  const rows = [...(tasks.data?.items ?? [])].sort((a, b) =>
    sort === 'sla' ? (SLA_ORDER[a.sla] ?? 3) - (SLA_ORDER[b.sla] ?? 3) || a.dueAt.localeCompare(b.dueAt) : a.dueAt.localeCompare(b.dueAt),
  );

  const bulkReassign = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get('to') ?? '').trim();
    setError(undefined);
    try {
      await call(api.POST('/api/tasks/reassign', { body: { taskIds: [...ticked], to } }));
      setTicked(new Set());
      tasks.reload();
    } catch (failure) {
      setError(failure);
    }
  };

  return (
    <section className="split">
      <div className="stack basket">
        <h1>{t('basket.title')}</h1>
        <div className="row" role="group" aria-label={t('basket.which')}>
          {(supervisor ? STAFF_VIEWS : AGENT_VIEWS).map((v) => (
            <button key={v} type="button" aria-pressed={view === v} className={view === v ? '' : 'button-secondary'} onClick={() => setView(v)}>
              {t(`basket.${v}`)}
            </button>
          ))}
        </div>
        {view === 'colleague' ? (
          <form
            className="row"
            onSubmit={(e) => {
              e.preventDefault();
              setColleague(String(new FormData(e.currentTarget).get('colleague') ?? '').trim());
            }}
          >
            <label>
              {t('basket.colleague')}
              <input name="colleague" defaultValue={colleague} required />
            </label>
            <button type="submit">{t('basket.open')}</button>
          </form>
        ) : null}
        <label>
          {t('basket.sortBy')}
          <select value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
            <option value="due">{t('basket.sortDue')}</option>
            <option value="sla">{t('basket.sortSla')}</option>
          </select>
        </label>
        <ErrorMessage error={tasks.error} onRetry={tasks.reload} />
        {tasks.loading && !tasks.data ? <Loading /> : null}
        {tasks.data && rows.length === 0 ? <p className="empty">{t('basket.empty')}</p> : null}
        {rows.length ? (
          <table className="data selectable">
            <caption className="visually-hidden">{t('basket.title')}</caption>
            <thead>
              <tr>
                {supervisor ? <th scope="col">{t('basket.pick')}</th> : null}
                <th scope="col">{t('basket.task')}</th>
                <th scope="col">{t('basket.due')}</th>
                <th scope="col">{t('basket.sla')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.taskId} aria-selected={row.taskId === selected?.taskId} className={row.taskId === selected?.taskId ? 'selected' : ''}>
                  {supervisor ? (
                    <td>
                      <input
                        type="checkbox"
                        aria-label={t('basket.pickTask', { name: row.case?.claimantName ?? row.caseId })}
                        checked={ticked.has(row.taskId)}
                        onChange={(e) =>
                          setTicked((s) => {
                            const next = new Set(s);
                            if (e.target.checked) next.add(row.taskId);
                            else next.delete(row.taskId);
                            return next;
                          })
                        }
                      />
                    </td>
                  ) : null}
                  <td>
                    <button type="button" className="link" onClick={() => setSelected({ taskId: row.taskId, caseId: row.caseId })}>
                      {t(`taskKind.${row.kind}`, row.kind)} · {row.case?.claimantName}
                    </button>
                    <div className="small muted">
                      {row.case ? <StatusBadge status={row.case.status} /> : null} {row.assignee ? t('tasks.assignedTo', { user: row.assignee }) : t('tasks.unassigned')}
                    </div>
                  </td>
                  <td>{format.date(row.dueAt)}</td>
                  <td>
                    <SlaBadge state={row.sla} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        {supervisor && ticked.size ? (
          <form className="row card" onSubmit={(e) => void bulkReassign(e)}>
            <label>
              {t('basket.bulkTo', { count: ticked.size })}
              <input name="to" required />
            </label>
            <button type="submit">{t('tasks.reassign')}</button>
          </form>
        ) : null}
        <ErrorMessage error={error} />
      </div>
      <div className="detail">
        {selected ? (
          <SelectedCase caseId={selected.caseId} onChange={tasks.reload} />
        ) : (
          <p className="empty">{t('basket.select')}</p>
        )}
      </div>
    </section>
  );
}

function SelectedCase({ caseId, onChange }: { caseId: string; onChange: () => void }) {
  const { t } = useTranslation();
  const view = useLoad(() => call(api.GET('/api/cases/{caseId}', { params: { path: { caseId } } })), [caseId], 5000);
  if (!view.data) return view.error ? <ErrorMessage error={view.error} onRetry={view.reload} /> : <Loading />;
  return (
    <div className="stack">
      <Link to={`/cases/${caseId}`}>{t('basket.openCase')}</Link>
      <CaseDetail
        view={view.data}
        compact
        reload={() => {
          view.reload();
          onChange();
        }}
      />
    </div>
  );
}
