import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client.js';
import type { TaskRow } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useFormat } from './format.js';
import { ErrorMessage, SlaBadge } from './status.js';
import { OUTCOME_FIELDS } from './task-outcomes.js';

export interface DocumentChoice {
  readonly category: string;
  readonly label: string;
}

/** One task: who holds it, its deadline, and what the caller may do with it (claim, release, complete, reassign). */
export function TaskPanel({ task, documentChoices, onChange }: { task: TaskRow; documentChoices: readonly DocumentChoice[]; onChange: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mine = task.assignee === user?.username;
  const taskId = task.taskId;

  const act = async (action: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      onChange();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const complete = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const data: Record<string, unknown> = {};
    for (const field of OUTCOME_FIELDS[outcome] ?? []) {
      if (field.kind === 'categories') {
        data.categories = form.getAll('categories').map(String);
        continue;
      }
      const raw = String(form.get(field.name) ?? '').trim();
      if (raw) data[field.name] = field.kind === 'number' ? Number(raw) : raw;
    }
    void act(() => call(api.POST('/api/tasks/{taskId}/complete', { params: { path: { taskId } }, body: { outcome, ...(Object.keys(data).length ? { data } : {}) } })));
  };

  const reassign = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get('to') ?? '').trim();
    void act(() => call(api.POST('/api/tasks/{taskId}/reassign', { params: { path: { taskId } }, body: { to } })));
  };

  return (
    <article className="task card stack" aria-labelledby={`task-${taskId}`}>
      <h3 id={`task-${taskId}`}>
        {t(`taskKind.${task.kind}`, task.kind)} <SlaBadge state={task.sla} />
      </h3>
      <p className="small">
        {t('tasks.due', { date: format.dateTime(task.dueAt) })} ·{' '}
        {task.assignee ? t('tasks.assignedTo', { user: task.assignee }) : t('tasks.unassigned')}
      </p>
      <div className="row">
        {!task.assignee && user?.role !== 'ops' ? (
          <button type="button" disabled={busy} onClick={() => void act(() => call(api.POST('/api/tasks/{taskId}/claim', { params: { path: { taskId } } })))}>
            {t('tasks.claim')}
          </button>
        ) : null}
        {mine ? (
          <button type="button" className="button-secondary" disabled={busy} onClick={() => void act(() => call(api.POST('/api/tasks/{taskId}/release', { params: { path: { taskId } } })))}>
            {t('tasks.release')}
          </button>
        ) : null}
      </div>
      {mine ? (
        <form className="stack" onSubmit={complete}>
          <label>
            {t('tasks.outcome')}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value)} required>
              <option value="">—</option>
              {task.outcomes.map((o) => (
                <option key={o} value={o}>
                  {t(`outcome.${o}`, o)}
                </option>
              ))}
            </select>
          </label>
          {(OUTCOME_FIELDS[outcome] ?? []).map((field) =>
            field.kind === 'categories' ? (
              <fieldset key={field.name}>
                <legend>{t('outcomeField.categories')}</legend>
                {documentChoices.map((d) => (
                  <label key={d.category} className="inline">
                    <input type="checkbox" name="categories" value={d.category} /> {d.label}
                  </label>
                ))}
              </fieldset>
            ) : (
              <label key={field.name}>
                {t(`outcomeField.${field.name}`)}
                {field.required ? null : <span className="muted small"> ({t('common.optional')})</span>}
                {field.kind === 'choice' ? (
                  <select name={field.name} required={field.required} defaultValue="">
                    <option value="">—</option>
                    {field.options.map((o) => (
                      <option key={o} value={o}>
                        {t(`enum.${o}`, o)}
                      </option>
                    ))}
                  </select>
                ) : field.kind === 'number' ? (
                  <input name={field.name} type="number" min={field.min} max={field.max} required={field.required} />
                ) : field.long ? (
                  <textarea name={field.name} required={field.required} rows={3} />
                ) : (
                  <input name={field.name} required={field.required} />
                )}
              </label>
            ),
          )}
          <button type="submit" disabled={busy || !outcome}>
            {t('tasks.complete')}
          </button>
        </form>
      ) : null}
      {user?.role === 'supervisor' ? (
        <form className="row" onSubmit={reassign}>
          <label>
            {t('tasks.reassignTo')}
            <input name="to" required autoComplete="off" />
          </label>
          <button type="submit" className="button-secondary" disabled={busy}>
            {t('tasks.reassign')}
          </button>
        </form>
      ) : null}
      <ErrorMessage error={error} />
    </article>
  );
}
