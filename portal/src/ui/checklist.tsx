import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseView } from '../api/types.js';
import { DocumentUpload } from './document-upload.js';
import { useFormat } from './format.js';

/** The documents a case needs, each with its state; open slots take uploads when `canUpload`. */
export function Checklist({ view, canUpload, onChange }: { view: CaseView; canUpload: boolean; onChange: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const open = view.status !== 'closed' && view.status !== 'cancelled';
  const list = useRef<HTMLUListElement>(null);
  const refocus = useRef(false);
  // A slot goes once its document is received; a keyboard user carries on at the next one still
  // open (or at the list when none is), not at the top of the page where a lost focus lands.
  useEffect(() => {
    if (!refocus.current) return;
    refocus.current = false;
    const next = list.current?.querySelector<HTMLInputElement>('input[type=file]');
    (next ?? list.current)?.focus();
  });
  return (
    <ul className="checklist" ref={list} tabIndex={-1} aria-label={t('case.checklist')}>
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
              <DocumentUpload caseId={view.caseId} category={item.category} folder={item.folder} label={label} onUploaded={onChange} onLeaveWithFocus={() => (refocus.current = true)} />
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}
