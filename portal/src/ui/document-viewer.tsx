import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../api/client.js';
import type { CaseDocument } from '../api/types.js';
import { useSession } from '../auth/session.js';
import { ErrorMessage } from './status.js';

/**
 * The case's documents; "View" asks for a short-lived link (each one recorded in the history) and
 * shows PDFs and images inline. Agents and supervisors accept or reject what arrived.
 */
export function DocumentList({ caseId, documents, labelOf, onChange }: { caseId: string; documents: readonly CaseDocument[]; labelOf: (category: string) => string; onChange: () => void }) {
  const { t } = useTranslation();
  const { user } = useSession();
  const [shown, setShown] = useState<{ documentId: string; url: string; contentType: string }>();
  const [error, setError] = useState<unknown>();
  const reviewer = user?.role === 'agent' || user?.role === 'supervisor';

  const view = async (document: CaseDocument) => {
    setError(undefined);
    try {
      const found = (await call(api.GET('/api/cases/{caseId}/documents/{documentId}', { params: { path: { caseId, documentId: document.documentId } } }))) as { downloadUrl?: string; contentType?: string };
      if (found.downloadUrl) setShown({ documentId: document.documentId, url: found.downloadUrl, contentType: found.contentType ?? document.contentType ?? '' });
    } catch (failure) {
      setError(failure);
    }
  };

  const review = async (documentId: string, decision: 'accepted' | 'rejected') => {
    setError(undefined);
    try {
      await call(api.POST('/api/cases/{caseId}/documents/{documentId}/review', { params: { path: { caseId, documentId } }, body: { decision } }));
      onChange();
    } catch (failure) {
      setError(failure);
    }
  };

  if (!documents.length) return <p className="empty">{t('documents.none')}</p>;
  return (
    <div className="stack">
      <ul className="documents">
        {documents.map((d) => (
          <li key={d.documentId}>
            <span>
              <strong>{labelOf(d.category)}</strong> <span className="muted small">{d.fileName}</span>
            </span>
            <span className={`badge badge-doc-${d.status}`}>{t(`documentStatus.${d.status}`, d.status)}</span>
            <span className="row">
              {user?.role !== 'ops' && d.status !== 'pending' && d.status !== 'quarantined' ? (
                <button type="button" className="button-secondary" onClick={() => void view(d)} aria-label={t('documents.viewNamed', { name: labelOf(d.category) })}>
                  {t('documents.view')}
                </button>
              ) : null}
              {reviewer && d.status === 'received' ? (
                <>
                  <button type="button" onClick={() => void review(d.documentId, 'accepted')} aria-label={t('documents.acceptNamed', { name: labelOf(d.category) })}>
                    {t('documents.accept')}
                  </button>
                  <button type="button" className="button-danger" onClick={() => void review(d.documentId, 'rejected')} aria-label={t('documents.rejectNamed', { name: labelOf(d.category) })}>
                    {t('documents.reject')}
                  </button>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <ErrorMessage error={error} />
      {shown ? (
        <figure className="viewer">
          {shown.contentType.startsWith('image/') ? <img src={shown.url} alt={t('documents.preview')} /> : <iframe src={shown.url} title={t('documents.preview')} />}
          <figcaption>
            <button type="button" className="button-secondary" onClick={() => setShown(undefined)}>
              {t('common.close')}
            </button>
          </figcaption>
        </figure>
      ) : null}
    </div>
  );
}
