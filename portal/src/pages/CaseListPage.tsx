import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client.js';
import type { CaseList } from '../api/types.js';
import { isStaff, useSession } from '../auth/session.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading, StatusBadge } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

const STATUSES = ['qualification', 'document-collection', 'medical-review', 'closed', 'cancelled'] as const;

/** Claimants: their own cases. Staff: every case, searched and filtered (supervisors control them all). */
export function CaseListPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const format = useFormat();
  const staff = user ? isStaff(user.role) : false;
  const [filters, setFilters] = useState({ q: '', status: '' });
  const [pages, setPages] = useState<CaseList[]>([]);
  const first = useLoad(
    () => call(api.GET('/api/cases', { params: { query: { limit: 25, ...(filters.q ? { q: filters.q } : {}), ...(filters.status ? { status: filters.status } : {}) } } })),
    [filters.q, filters.status],
    15_000,
  );
  const items = [...(first.data?.items ?? []), ...pages.flatMap((p) => p.items)];
  const cursor = pages.length ? pages[pages.length - 1]!.cursor : first.data?.cursor;

  const more = async () => {
    if (!cursor) return;
    const next = await call(api.GET('/api/cases', { params: { query: { limit: 25, cursor, ...(filters.q ? { q: filters.q } : {}), ...(filters.status ? { status: filters.status } : {}) } } }));
    setPages((p) => [...p, next]);
  };

  return (
    <section className="stack">
      <div className="page-head">
        <h1>{staff ? t('cases.allTitle') : t('cases.mineTitle')}</h1>
        {user?.role === 'claimant' || user?.role === 'agent' ? (
          <Link className="button" to="/cases/new">
            {t('nav.declare')}
          </Link>
        ) : null}
      </div>
      {staff ? (
        <form
          className="filters"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            const form = new FormData(e.currentTarget);
            setPages([]);
            setFilters({ q: String(form.get('q') ?? ''), status: String(form.get('status') ?? '') });
          }}
        >
          <label>
            {t('cases.search')}
            <input name="q" type="search" defaultValue={filters.q} />
          </label>
          <label>
            {t('cases.status')}
            <select name="status" defaultValue={filters.status}>
              <option value="">{t('cases.anyStatus')}</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`caseStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">{t('cases.apply')}</button>
        </form>
      ) : null}
      <ErrorMessage error={first.error} onRetry={first.reload} />
      {first.loading && !first.data ? <Loading /> : null}
      {first.data && items.length === 0 ? <p className="empty">{staff ? t('cases.noneFound') : t('cases.noneYet')}</p> : null}
      {items.length ? (
        <table className="data">
          <caption className="visually-hidden">{staff ? t('cases.allTitle') : t('cases.mineTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('cases.case')}</th>
              <th scope="col">{t('cases.claimant')}</th>
              <th scope="col">{t('cases.status')}</th>
              <th scope="col">{t('cases.declared')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((c) => (
              <tr key={c.caseId}>
                <td>
                  <Link to={`/cases/${c.caseId}`}>{c.summary.title}</Link>
                  <div className="muted small mono">{c.caseId}</div>
                </td>
                <td>{c.summary.claimantName}</td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{format.date(c.createdAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {cursor ? (
        <button type="button" className="button-secondary" onClick={() => void more()}>
          {t('common.more')}
        </button>
      ) : null}
    </section>
  );
}
