import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { api, call } from '../api/client.js';
import type { CaseComment, CaseDeadline, CaseDocument, CaseView, TaskRow } from '../api/types.js';
import { isStaff, useSession } from '../auth/session.js';
import { Checklist } from '../ui/checklist.js';
import { DocumentList } from '../ui/document-viewer.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading, SlaBadge, StatusBadge } from '../ui/status.js';
import { TaskPanel } from '../ui/task-panel.js';
import { useLoad } from '../ui/use-load.js';

export function CasePage() {
  const { caseId = '' } = useParams();
  // A case just declared waits for its registration (its checklist comes with it): look again soon.
  const [refreshMs, setRefreshMs] = useState(5000);
  const view = useLoad(() => call(api.GET('/api/cases/{caseId}', { params: { path: { caseId } } })), [caseId], refreshMs);
  const waiting = view.data?.status === 'received';
  useEffect(() => setRefreshMs(waiting ? 1000 : 5000), [waiting]);
  if (!view.data) return view.error ? <ErrorMessage error={view.error} onRetry={view.reload} /> : <Loading />;
  return <CaseDetail view={view.data} reload={view.reload} />;
}

/** The 360° view: what a case is, where it stands, what is missing, who does what next, and everything that happened. */
export function CaseDetail({ view, reload, compact = false }: { view: CaseView; reload: () => void; compact?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const staff = user ? isStaff(user.role) : false;
  const labels = new Map(view.checklist.map((c) => [c.category, format.localised(c.label, c.category)]));
  const labelOf = (category: string) => labels.get(category) ?? t(`category.${category}`, category);
  const sla = (view as { sla?: { state?: string } }).sla?.state;
  const Heading = compact ? 'h2' : 'h1';

  return (
    <article className="case stack" aria-labelledby="case-title">
      <header className="case-head">
        <Heading id="case-title">{view.summary.title}</Heading>
        <p>
          {view.summary.claimantName} · <span className="mono small">{view.caseId}</span>
        </p>
        <p className="row">
          <StatusBadge status={view.status} />
          {staff ? <SlaBadge state={sla} /> : null}
          <span className="muted small">{t('cases.declaredOn', { date: format.date(view.createdAt) })}</span>
        </p>
      </header>
      {view.decision ? (
        <section className="alert alert-info" aria-labelledby="decision-title">
          <h2 id="decision-title">{t('case.decisionTitle')}</h2>
          <p className="lead">{t(`decision.${view.decision}`, view.decision)}</p>
        </section>
      ) : view.closeReason ? (
        <p className="alert alert-info">{t(`closeReason.${view.closeReason}`, view.closeReason)}</p>
      ) : null}

      <div className={compact ? 'stack' : 'columns'}>
        <div className="stack">
          {staff ? <Tasks view={view} reload={reload} labelOf={labelOf} /> : null}
          <section aria-labelledby="checklist-title" className="card">
            <h2 id="checklist-title">{t('case.checklist')}</h2>
            {view.status === 'received' ? <p className="muted" role="status">{t('case.beingRegistered')}</p> : null}
            <Checklist view={view} canUpload={user?.role === 'claimant' || user?.role === 'agent'} onChange={reload} />
          </section>
          <section aria-labelledby="documents-title" className="card">
            <h2 id="documents-title">{t('case.documents')}</h2>
            <DocumentList caseId={view.caseId} documents={view.documents as CaseDocument[]} labelOf={labelOf} onChange={reload} />
          </section>
          {!compact ? <CaseData data={view.data} /> : null}
        </div>
        <div className="stack">
          {staff ? <Deadlines deadlines={view.deadlines as CaseDeadline[]} /> : null}
          {user?.role === 'supervisor' && !compact ? <CaseControl view={view} reload={reload} /> : null}
          <Comments view={view} reload={reload} />
          <Timeline view={view} />
        </div>
      </div>
    </article>
  );
}

function Tasks({ view, reload, labelOf }: { view: CaseView; reload: () => void; labelOf: (c: string) => string }) {
  const { t } = useTranslation();
  const tasks = view.tasks as TaskRow[];
  const choices = view.checklist.map((c) => ({ category: c.category, label: labelOf(c.category) }));
  const heading = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="tasks-title" className="stack">
      <h2 id="tasks-title" ref={heading} tabIndex={-1}>
        {t('case.tasks')}
      </h2>
      {tasks.length ? (
        tasks.map((task) => <TaskPanel key={task.taskId} task={task} documentChoices={choices} onChange={reload} onLeft={() => heading.current?.focus()} />)
      ) : (
        <p className="empty">{t('case.noTask')}</p>
      )}
    </section>
  );
}

function CaseData({ data }: { data: Record<string, unknown> }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows: [string, string][] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
    else rows.push([path.join('.'), Array.isArray(value) ? format.list(value.map(String)) : String(value)]);
  };
  walk(data, []);
  return (
    <section aria-labelledby="data-title" className="card">
      <h2 id="data-title">{t('case.data')}</h2>
      <dl className="facts">
        {rows.map(([path, value]) => (
          <div key={path}>
            <dt>{t(`fields.${path}`, path)}</dt>
            <dd>{/^[a-z-]+$/.test(value) ? t(`enum.${value}`, value) : value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function Deadlines({ deadlines }: { deadlines: readonly CaseDeadline[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="deadlines-title" className="card">
      <h2 id="deadlines-title">{t('case.deadlines')}</h2>
      <ul className="plain">
        {deadlines.map((d, i) => (
          <li key={i}>
            {d.subject === 'case' ? t('case.caseDeadline') : t(`taskKind.${d.kind}`, d.kind ?? '')}: {format.date(d.dueAt)} <SlaBadge state={d.state ?? d.sla} />
            {d.paused ? <span className="muted small"> ({t('sla.paused')})</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function CaseControl({ view, reload }: { view: CaseView; reload: () => void }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>();
  const closed = view.status === 'closed' || view.status === 'cancelled';
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const reason = String(new FormData(event.currentTarget).get('reason') ?? '').trim();
    setError(undefined);
    try {
      const path = { caseId: view.caseId };
      if (closed) await call(api.POST('/api/cases/{caseId}/reopen', { params: { path }, body: { reason } }));
      else await call(api.POST('/api/cases/{caseId}/cancel', { params: { path }, body: { reason } }));
      reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="control-title" className="card stack">
      <h2 id="control-title">{t('case.control')}</h2>
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label>
          {t('case.reason')}
          <input name="reason" required minLength={5} />
        </label>
        <button type="submit" className={closed ? '' : 'button-danger'}>
          {closed ? t('case.reopen') : t('case.cancel')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

function Comments({ view, reload }: { view: CaseView; reload: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { user } = useSession();
  const [error, setError] = useState<unknown>();
  const comments = view.comments as CaseComment[];
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    setError(undefined);
    try {
      await call(
        api.POST('/api/cases/{caseId}/comments', {
          params: { path: { caseId: view.caseId } },
          body: { text: String(data.get('text') ?? ''), ...(data.get('staffOnly') ? { visibility: 'staff' as const } : {}) },
        }),
      );
      form.reset();
      reload();
    } catch (failure) {
      setError(failure);
    }
  };
  return (
    <section aria-labelledby="comments-title" className="card stack">
      <h2 id="comments-title">{t('case.comments')}</h2>
      {comments.length ? (
        <ul className="plain comments">
          {comments.map((c, i) => (
            <li key={c.commentId ?? i}>
              <p className="small muted">
                {c.author?.username} · {format.dateTime(c.at ?? c.createdAt)} {c.visibility === 'staff' ? `· ${t('case.staffOnly')}` : ''}
              </p>
              <p>{c.text}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">{t('case.noComment')}</p>
      )}
      <form className="stack" onSubmit={(e) => void submit(e)}>
        <label>
          {t('case.newComment')}
          <textarea name="text" required rows={2} maxLength={4000} />
        </label>
        {user && isStaff(user.role) ? (
          <label className="inline">
            <input type="checkbox" name="staffOnly" /> {t('case.staffOnly')}
          </label>
        ) : null}
        <button type="submit" className="button-secondary">
          {t('case.addComment')}
        </button>
      </form>
      <ErrorMessage error={error} />
    </section>
  );
}

function Timeline({ view }: { view: CaseView }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <section aria-labelledby="history-title" className="card">
      <h2 id="history-title">{t('case.history')}</h2>
      <ol className="timeline">
        {view.history.map((entry) => (
          <li key={entry.seq}>
            <span className="small muted">{format.dateTime(entry.at)}</span> <strong>{t(`action.${entry.action}`, entry.action)}</strong>{' '}
            <span className="small muted">{entry.actor.role === 'system' ? t('case.system') : entry.actor.username}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
