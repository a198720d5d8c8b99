import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client.js';
import type { BulkReassignResult, PersonLoad, TaskRow } from '../api/types.js';
import { useFormat } from '../ui/format.js';
import { QueueTable } from '../ui/queue-table.js';
import { ErrorMessage, Loading, SlaBadge } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

/** Work moves on by itself (the assigner, absences starting): the board comes again every 15 s. */
const REFRESH_MS = 15_000;

/** Who carries what (GET /api/workload), and moving a person's tasks to a colleague. */
export function WorkloadPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const board = useLoad(() => call(api.GET('/api/workload')), [], REFRESH_MS);
  const [chosen, setChosen] = useState<string>();
  const data = board.data;
  if (!data) return board.error ? <ErrorMessage error={board.error} onRetry={board.reload} /> : <Loading />;
  const person = data.people.find((p) => p.userId === chosen);
  return (
    <section className="stack">
      <h1>{t('workload.title')}</h1>
      <p className="small muted">{t('workload.asOf', { date: format.dateTime(data.at) })}</p>
      <ErrorMessage error={board.error} onRetry={board.reload} />
      <PeopleTable people={data.people} chosen={chosen} onChoose={(userId) => setChosen(userId === chosen ? undefined : userId)} />
      <QueueTable queues={data.queues} caption={t('workload.queues')} />
      {person ? <Rebalance key={person.userId} person={person} people={data.people} onMoved={board.reload} /> : null}
    </section>
  );
}

function PeopleTable({ people, chosen, onChoose }: { people: readonly PersonLoad[]; chosen: string | undefined; onChoose: (userId: string) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-scroll">
      <table className="data">
        <caption>{t('workload.people')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('workload.person')}</th>
            <th scope="col">{t('workload.openOfCapacity')}</th>
            <th scope="col">{t('workload.dueSoon')}</th>
            <th scope="col">{t('workload.late')}</th>
            <th scope="col">{t('workload.done30')}</th>
            <th scope="col">{t('workload.handling')}</th>
            <th scope="col">{t('workload.absence')}</th>
            <th scope="col">{t('workload.rebalance')}</th>
          </tr>
        </thead>
        <tbody>
          {people.map((p) => (
            <tr key={p.userId} className={p.userId === chosen ? 'selected' : ''}>
              <th scope="row">
                {p.userId}
                <div className="small muted">{format.list(p.roles.map((r) => t(`roles.${r}`, r)))}</div>
              </th>
              <td>
                {t('workload.openCount', { open: format.number(p.openTasks), capacity: format.number(p.capacity) })}
                {/* Said in words too, so the colour of a badge is never the only sign. */}
                {p.openTasks >= p.capacity ? <span className="badge badge-breached">{t('workload.full')}</span> : null}
              </td>
              <td>{format.number(p.dueSoon)}</td>
              <td>{p.breached ? <span className="badge badge-breached">{format.number(p.breached)}</span> : format.number(0)}</td>
              <td>{format.number(p.doneLast30Days)}</td>
              <td>{p.averageHandlingHours === null ? '—' : format.duration(p.averageHandlingHours * 3_600)}</td>
              <td>
                <AbsenceCell absence={p.absence} />
              </td>
              <td>
                <button type="button" className="button-secondary" aria-pressed={p.userId === chosen} onClick={() => onChoose(p.userId)}>
                  {t('workload.showTasksOf', { user: p.userId })}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AbsenceCell({ absence }: { absence: PersonLoad['absence'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (!absence) return <span className="muted">{t('workload.present')}</span>;
  return (
    <>
      {t('workload.absentUntil', { date: format.dateTime(absence.to) })}
      <div className="small muted">{absence.delegate ? t('workload.delegate', { user: absence.delegate }) : t('workload.noDelegate')}</div>
    </>
  );
}

interface Outcome {
  readonly taskId: string;
  readonly label: string;
  readonly moved: boolean;
  readonly message?: string;
}

/** Who may receive the person's work: a colleague in one of their queues, or a supervisor (who stands in for any). */
const colleaguesOf = (person: PersonLoad, people: readonly PersonLoad[]) =>
  people.filter((p) => p.userId !== person.userId && p.roles.some((r) => r === 'supervisor' || person.roles.includes(r)));

/**
 * One person's tasks, to move some to a colleague. The server checks each task on its own (the
 * target must be eligible for it), so the answer is per task: moved, or refused with the reason.
 */
function Rebalance({ person, people, onMoved }: { person: PersonLoad; people: readonly PersonLoad[]; onMoved: () => void }) {
  const { t } = useTranslation();
  const tasks = useLoad(() => call(api.GET('/api/tasks', { params: { query: { view: 'mine', assignee: person.userId, limit: 100 } } })), [person.userId], REFRESH_MS);
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  const [target, setTarget] = useState('');
  const [report, setReport] = useState<{ readonly to: string; readonly outcomes: readonly Outcome[] }>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const rows = tasks.data?.items ?? [];
  const labelOf = (task: TaskRow) => `${t(`taskKind.${task.kind}`, task.kind)} · ${task.case?.claimantName ?? task.caseId}`;
  const colleagues = colleaguesOf(person, people);
  // A task that left the basket meanwhile (completed, moved by someone else) is not sent.
  const picked = rows.filter((row) => ticked.has(row.taskId));

  // The reason is in the fields when the server names them (the target's eligibility), else in the message.
  const refusal = (result: BulkReassignResult) =>
    result.error?.fields?.map((f) => f.message).join('; ') || result.error?.message || t('workload.refusedNoReason', { status: result.status });

  const move = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!picked.length || !target) return;
    setBusy(true);
    setError(undefined);
    try {
      const { results } = (await call(api.POST('/api/tasks/reassign', { body: { taskIds: picked.map((p) => p.taskId), to: target } }))) as { results: BulkReassignResult[] };
      const labels = new Map(picked.map((p) => [p.taskId, labelOf(p)]));
      setReport({ to: target, outcomes: results.map((r) => ({ taskId: r.taskId, label: labels.get(r.taskId) ?? r.taskId, moved: r.status === 200, message: r.status === 200 ? undefined : refusal(r) })) });
      setTicked(new Set());
      tasks.reload();
      onMoved();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (taskId: string, on: boolean) =>
    setTicked((s) => {
      const next = new Set(s);
      if (on) next.add(taskId);
      else next.delete(taskId);
      return next;
    });

  const moved = report?.outcomes.filter((o) => o.moved).length ?? 0;
  return (
    <section className="card stack" aria-labelledby="rebalance-title">
      <h2 id="rebalance-title">{t('workload.tasksOf', { user: person.userId })}</h2>
      <ErrorMessage error={tasks.error} onRetry={tasks.reload} />
      {tasks.loading && !tasks.data ? <Loading /> : null}
      {tasks.data && !rows.length ? <p className="empty">{t('workload.noTasks')}</p> : null}
      {rows.length ? (
        <form className="stack" onSubmit={(e) => void move(e)}>
          <TaskTable rows={rows} ticked={ticked} labelOf={labelOf} onToggle={toggle} caption={t('workload.tasksOf', { user: person.userId })} />
          <div className="row">
            <label>
              {t('workload.moveTo')}
              <select value={target} onChange={(e) => setTarget(e.target.value)} required>
                <option value="">—</option>
                {colleagues.map((c) => (
                  <option key={c.userId} value={c.userId}>
                    {t(c.absent ? 'workload.targetAbsent' : 'workload.target', { user: c.userId, open: c.openTasks, capacity: c.capacity })}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy || !picked.length || !target}>
              {t('workload.move')}
            </button>
            <span className="small muted">{t('workload.picked', { count: picked.length })}</span>
          </div>
        </form>
      ) : null}
      <ErrorMessage error={error} />
      {/* Always in the page, so that screen readers announce the summary when it changes. */}
      <p role="status" className={report ? 'alert alert-info' : 'visually-hidden'}>
        {report ? t('workload.summary', { moved, refused: report.outcomes.length - moved, user: report.to }) : ''}
      </p>
      {report?.outcomes.length ? (
        <ul className="plain" aria-label={t('workload.results')}>
          {report.outcomes.map((o) => (
            <li key={o.taskId}>
              <span className={o.moved ? 'badge badge-on-track' : 'badge badge-breached'}>{o.moved ? t('workload.moved') : t('workload.refused')}</span> {o.label}
              {o.message ? <span className="small"> — {o.message}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

function TaskTable({ rows, ticked, labelOf, onToggle, caption }: { rows: readonly TaskRow[]; ticked: ReadonlySet<string>; labelOf: (task: TaskRow) => string; onToggle: (taskId: string, on: boolean) => void; caption: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <div className="table-scroll">
      <table className="data">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('basket.pick')}</th>
            <th scope="col">{t('basket.task')}</th>
            <th scope="col">{t('basket.due')}</th>
            <th scope="col">{t('basket.sla')}</th>
            <th scope="col">{t('workload.needs')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.taskId}>
              <td>
                <input type="checkbox" aria-label={t('workload.pickTask', { task: labelOf(row) })} checked={ticked.has(row.taskId)} onChange={(e) => onToggle(row.taskId, e.target.checked)} />
              </td>
              <td>
                <Link to={`/cases/${row.caseId}`}>{labelOf(row)}</Link>
              </td>
              <td>{format.dateTime(row.dueAt)}</td>
              <td>
                <SlaBadge state={row.sla} />
              </td>
              <td>
                <Needs needs={row.needs} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What the assignee of a task must have (the assignment policy's answer): why a move may be refused. */
function Needs({ needs }: { needs: TaskRow['needs'] }) {
  const { t } = useTranslation();
  const format = useFormat();
  const parts = [
    needs?.language ? t('workload.needsLanguage', { language: t(`enum.${needs.language}`, needs.language) }) : undefined,
    needs?.region ? t('workload.needsRegion', { region: needs.region }) : undefined,
    needs?.authority !== undefined ? t('workload.needsAuthority', { amount: format.amount(needs.authority) }) : undefined,
  ].filter((part) => part !== undefined);
  return parts.length ? <span className="small">{format.list(parts)}</span> : <span className="muted">—</span>;
}
