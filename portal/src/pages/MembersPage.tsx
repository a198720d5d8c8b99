import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.js';
import { useSession } from '../auth/session.js';
import { useAnnounce } from '../ui/announcer.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading, SlaBadge, StatusBadge } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

type ImportReport = { rows: number; imported: number; unchanged: number; rejected: readonly { ref: string; field: string; message: string }[] };

/** The registry: find a member (staff who handle claims), load a file of members (agents, supervisors, ops). */
export function MembersPage() {
  const { t } = useTranslation();
  const { user } = useSession();
  const [q, setQ] = useState('');
  const [searched, setSearched] = useState('');
  const canSearch = user?.role !== 'ops';
  const results = useLoad(async () => (searched ? call(api.GET('/api/members', { params: { query: { q: searched } } })) : undefined), [searched]);
  const search = (e: FormEvent) => {
    e.preventDefault();
    setSearched(q.trim());
  };
  return (
    <section className="stack">
      <h1>{t('members.title')}</h1>
      {canSearch ? (
        <form className="row" role="search" onSubmit={search}>
          <label>
            {t('members.search')}
            <input value={q} minLength={2} required onChange={(e) => setQ(e.target.value)} />
          </label>
          <button type="submit">{t('members.find')}</button>
        </form>
      ) : null}
      <ErrorMessage error={results.error} onRetry={results.reload} />
      {results.data && !results.data.members.length ? <p className="empty">{t('members.noMatch')}</p> : null}
      {results.data?.members.length ? (
        <ul className="plain">
          {results.data.members.map((m) => (
            <li key={m.memberNumber}>
              <Link to={`/members/${m.memberNumber}`}>
                {m.lastName} {m.firstName}
              </Link>{' '}
              <span className="muted small">
                {m.memberNumber} · {m.birthDate}
                {m.employer ? ` · ${m.employer}` : ''}
              </span>
            </li>
          ))}
        </ul>
      ) : null}
      {user?.role !== 'expert' ? <ImportForm /> : null}
    </section>
  );
}

function ImportForm() {
  const { t } = useTranslation();
  const announce = useAnnounce();
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const file = (e.currentTarget.elements.namedItem('file') as HTMLInputElement).files?.[0];
    if (!file) return;
    setBusy(true);
    setError(undefined);
    try {
      const text = await file.text();
      // A .json file is a FHIR Bundle; anything else is the registry's CSV.
      const body = file.name.toLowerCase().endsWith('.json') ? { bundle: JSON.parse(text) as { resourceType: string } } : { csv: text };
      const result = await call(api.POST('/api/members/import', { body }));
      setReport(result);
      announce(t('members.imported', { imported: result.imported, unchanged: result.unchanged, rejected: result.rejected.length }));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} aria-labelledby="import-title">
      <h2 id="import-title">{t('members.importTitle')}</h2>
      <p className="muted small">{t('members.importHelp')}</p>
      <label>
        {t('members.file')}
        <input type="file" name="file" accept=".csv,text/csv,.json,application/fhir+json,application/json" required />
      </label>
      <button type="submit" disabled={busy}>
        {t('members.import')}
      </button>
      <ErrorMessage error={error} takeFocus />
      {report ? (
        <div role="status">
          <p>{t('members.imported', { imported: report.imported, unchanged: report.unchanged, rejected: report.rejected.length })}</p>
          {report.rejected.length ? (
            <table className="data">
              <caption>{t('members.rejectedRows')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('members.row')}</th>
                  <th scope="col">{t('members.field')}</th>
                  <th scope="col">{t('members.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.rejected.map((r) => (
                  <tr key={r.ref}>
                    <td>{r.ref}</td>
                    <td>{r.field}</td>
                    <td>{r.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

/** The 360° view of a person: identity, coverages, ceilings, every case, payments, documents, notices. */
export function PersonPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const { memberId = 'me' } = useParams();
  const person = useLoad(() => call(api.GET('/api/members/{memberId}', { params: { path: { memberId } } })), [memberId]);
  const p = person.data;
  return (
    <section className="stack">
      <ErrorMessage error={person.error} onRetry={person.reload} />
      {person.loading && !p ? <Loading /> : null}
      {p ? (
        <>
          <h1>
            {p.member.firstName} {p.member.lastName}
          </h1>
          <dl className="facts">
            <dt>{t('members.memberNumber')}</dt>
            <dd>{p.member.memberNumber}</dd>
            <dt>{t('members.birthDate')}</dt>
            <dd>{format.date(p.member.birthDate)}</dd>
            {p.member.employer ? (
              <>
                <dt>{t('members.employer')}</dt>
                <dd>{p.member.employer}</dd>
              </>
            ) : null}
            {p.member.email ? (
              <>
                <dt>{t('members.email')}</dt>
                <dd>{p.member.email}</dd>
              </>
            ) : null}
          </dl>
          <Table caption={t('members.coverages')} head={[t('members.product'), t('members.period'), t('members.inForce')]}>
            {p.coverages.map((c) => (
              <tr key={c.coverageId}>
                <td>
                  {c.productName} <span className="muted small">{c.coverageId}</span>
                </td>
                <td>
                  {format.date(c.start)} – {c.end ? format.date(c.end) : '…'}
                </td>
                <td>{c.inForceToday ? t('members.yes') : t('members.no')}</td>
              </tr>
            ))}
          </Table>
          <Table caption={t('members.ceilings')} head={[t('members.envelope'), t('members.ceiling'), t('members.consumed'), t('members.remaining')]}>
            {p.ceilings.map((c) => (
              <tr key={`${c.coverageId}-${c.envelope}`}>
                <td>{t(`members.envelopes.${c.envelope}`, c.envelope)}</td>
                <td>{format.amount(Number(c.ceiling))}</td>
                <td>{format.amount(Number(c.consumed))}</td>
                <td>
                  <strong>{format.amount(Number(c.remaining))}</strong>
                </td>
              </tr>
            ))}
          </Table>
          <Table caption={t('members.cases')} head={[t('members.case'), t('members.status'), t('members.sla'), t('members.opened')]}>
            {p.cases.map((c) => (
              <tr key={c.caseId}>
                <td>
                  <Link to={`/cases/${c.caseId}`}>{c.summary.title}</Link> <span className="muted small">{c.caseId}</span>
                </td>
                <td>
                  <StatusBadge status={c.status} />
                </td>
                <td>{c.sla ? <SlaBadge state={c.sla.state} /> : '—'}</td>
                <td>{format.date(c.createdAt)}</td>
              </tr>
            ))}
          </Table>
          <Table caption={t('members.payments')} head={[t('members.case'), t('members.amount'), t('members.date')]}>
            {p.payments.map((pay) => (
              <tr key={pay.paymentId}>
                <td>
                  <Link to={`/cases/${pay.caseId}`}>{pay.caseId}</Link>
                </td>
                <td>{format.amount(Number(pay.amount), pay.currency)}</td>
                <td>{format.date(pay.requestedAt)}</td>
              </tr>
            ))}
          </Table>
          <Table caption={t('members.documents')} head={[t('members.document'), t('members.case'), t('members.status')]}>
            {p.documents.map((d) => (
              <tr key={d.documentId}>
                <td>{d.fileName}</td>
                <td>
                  <Link to={`/cases/${d.caseId}`}>{d.caseId}</Link>
                </td>
                <td>{t(`documentStatus.${d.status}`, d.status)}</td>
              </tr>
            ))}
          </Table>
          <Table caption={t('members.notifications')} head={[t('members.date'), t('members.case'), t('members.channel')]}>
            {p.notifications.map((n) => (
              <tr key={`${n.caseId}-${n.at}-${n.channel}`}>
                <td>{format.dateTime(n.at)}</td>
                <td>
                  <Link to={`/cases/${n.caseId}`}>{n.caseId}</Link>
                </td>
                <td>{n.channel}</td>
              </tr>
            ))}
          </Table>
          {p.reads ? (
            <Table caption={t('members.reads')} head={[t('members.date'), t('members.who')]}>
              {p.reads.map((r) => (
                <tr key={`${r.at}-${r.actor.userId}`}>
                  <td>{format.dateTime(r.at)}</td>
                  <td>
                    {r.actor.username} · {t(`roles.${r.actor.role}`, r.actor.role)}
                  </td>
                </tr>
              ))}
            </Table>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** A section's table, or a line saying there is nothing yet. */
function Table({ caption, head, children }: { caption: string; head: readonly string[]; children: React.ReactNode[] }) {
  const { t } = useTranslation();
  return (
    <section aria-label={caption}>
      <h2>{caption}</h2>
      {children.length ? (
        <table className="data">
          <caption className="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{children}</tbody>
        </table>
      ) : (
        <p className="empty">{t('members.none')}</p>
      )}
    </section>
  );
}
