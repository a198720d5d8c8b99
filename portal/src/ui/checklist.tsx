import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/types.js';
import { DocumentUpload } from './document-upload.js';
import { useFormat } from './format.js';

/** The documents a case needs, each with its state; open slots take uploads when `canUpload`. */
export function Checklist({ view, canUpload, onChange }: { view: CaseView; canUpload: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const open = view.status !== 'closed' && view.status !== 'cancelled';
  return (
    <ul className="checklist">
      {view.checklist.map((item) => {
        const label = format.localised(item.label, item.category);
        return (
          <li key={`${item.folder}/${item.category}`} className={`check check-${item.state}`}>
            <div className="check-head">
              <span className="check-mark" aria-hidden="true">
                {item.state === 'accepted' ? '✔' : item.state === 'received' ? '●' : item.state === 'rejected' ? '✖' : '○'}
              </span>
              <span className="check-label">{label}</span>
              <span className={`badge badge-doc-${item.state}`}>{t(`checklist.${item.state}`)}</span>
              {item.required === false ? <span className="muted small">{t('common.optional')}</span> : null}
            </div>
            {canUpload && open && (item.state === 'missing' || item.state === 'rejected') ? (
              <DocumentUpload caseId={view.caseId} category={item.category} folder={item.folder} label={label} onUploaded={onChange} />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
