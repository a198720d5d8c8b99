import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client.js';
import type { TaskRow } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { useAnnounce } from './announcer.js';
import { useFormat } from './format.js';
import { ErrorMessage, SlaBadge } from './status.js';
import { OUTCOME_FIELDS } from './task-outcomes.js';

export interface DocumentChoice {
  readonly category: string;
  readonly label: string;
}

interface Props {
  readonly task: TaskRow;
  readonly documentChoices: readonly DocumentChoice[];
  readonly onChange: () => void;
  /** Called when the task leaves the caller's hands (completed, handed over): its panel is about to go, the focus must go elsewhere. */
  readonly onLeft?: () => void;
}

/** One task: who holds it, its deadline, and what the caller may do with it (claim, release, complete, reassign). */
export function TaskPanel({ task, documentChoices, onChange, onLeft }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const announce = useAnnounce();
  const { user } = useSession();
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const mine = task.assignee === user?.username;
  const taskId = task.taskId;
  const name = t(`taskKind.${task.kind}`, task.kind);

  // The button pressed goes once the task changes hands (take it → put it back): the focus moves
  // to what comes next for that person, the outcome to choose or the task to take again.
  const outcomeField = useRef<HTMLSelectElement>(null);
  const claimButton = useRef<HTMLButtonElement>(null);
  const focusNext = useRef<'outcome' | 'claim' | undefined>(undefined);
  useEffect(() => {
    const target = focusNext.current === 'outcome' ? outcomeField.current : focusNext.current === 'claim' ? claimButton.current : null;
    if (!target) return;
    focusNext.current = undefined;
    target.focus();
  });

  const act = async (action: () => Promise<unknown>, done: () => void) => {
    setBusy(true);
    setError(undefined);
    try {
      await action();
      done();
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
    void act(
      () => call(api.POST('/api/tasks/{taskId}/complete', { params: { path: { taskId } }, body: { outcome, ...(Object.keys(data).length ? { data } : {}) } })),
      () => {
        announce(t('tasks.completed', { task: name, outcome: t(`outcome.${outcome}`, outcome) }));
        onLeft?.();
      },
    );
  };

  const reassign = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const to = String(new FormData(event.currentTarget).get('to') ?? '').trim();
    void act(
      () => call(api.POST('/api/tasks/{taskId}/reassign', { params: { path: { taskId } }, body: { to } })),
      () => {
        announce(t('tasks.reassigned', { task: name, user: to }));
        onLeft?.();
      },
    );
  };

  const claim = () =>
    void act(
      () => call(api.POST('/api/tasks/{taskId}/claim', { params: { path: { taskId } } })),
      () => {
        announce(t('tasks.claimed', { task: name }));
        focusNext.current = 'outcome';
      },
    );

  const release = () =>
    void act(
      () => call(api.POST('/api/tasks/{taskId}/release', { params: { path: { taskId } } })),
      () => {
        announce(t('tasks.released', { task: name }));
        focusNext.current = 'claim';
      },
    );

  return (
    <article className="task card stack" aria-labelledby={`task-${taskId}`}>
      <h3 id={`task-${taskId}`}>
        {name} <SlaBadge state={task.sla} />
      </h3>
      <p className="small">
        {t('tasks.due', { date: format.dateTime(task.dueAt) })} ·{' '}
        {task.assignee ? t('tasks.assignedTo', { user: task.assignee }) : t('tasks.unassigned')}
      </p>
      {task.note ? <p className="task-note">{task.note}</p> : null}
      <div className="row">
        {!task.assignee && user?.role !== 'ops' ? (
          <button type="button" ref={claimButton} disabled={busy} onClick={claim}>
            {t('tasks.claim')}
          </button>
        ) : null}
        {mine ? (
          <button type="button" className="button-secondary" disabled={busy} onClick={release}>
            {t('tasks.release')}
          </button>
        ) : null}
      </div>
      {mine ? (
        <form className="stack" onSubmit={complete}>
          <label>
            {t('tasks.outcome')}
            <select ref={outcomeField} value={outcome} onChange={(e) => setOutcome(e.target.value)} required>
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
      <ErrorMessage error={error} takeFocus />
    </article>
  );
}
