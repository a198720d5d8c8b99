import { useLayoutEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, ApiFailure, call, uploadToS3 } from '../api/client.js';
import { useAnnounce } from './announcer.js';
import { useFormat } from './format.js';
import { ErrorMessage } from './status.js';

interface Props {
  readonly caseId: string;
  readonly category: string;
  readonly label: string;
  readonly folder?: string;
  /** Called once a file has reached S3; the case then checks it on arrival. */
  readonly onUploaded: () => void;
  /** Called as the slot leaves the page while it holds the focus (its document received), so the focus can be put somewhere. */
  readonly onLeaveWithFocus?: () => void;
}

// The types the API accepts (its allowlist); anything else is refused here, before any upload.
const ACCEPTED = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff', 'image/heic'] as const;
type AcceptedType = (typeof ACCEPTED)[number];
const accepted = (type: string): type is AcceptedType => (ACCEPTED as readonly string[]).includes(type);

interface Progress {
  readonly name: string;
  readonly share: number;
  readonly done: boolean;
}

/**
 * One slot of the checklist: drop files or pick them; each goes straight to S3 through its own
 * presigned POST, with a progress bar per file. The API chooses the key and checks type and size.
 */
export function DocumentUpload({ caseId, category, label, folder, onUploaded, onLeaveWithFocus }: Props) {
  const { t } = useTranslation();
  const format = useFormat();
  const announce = useAnnounce();
  const slot = useRef<HTMLDivElement>(null);
  const leave = useRef(onLeaveWithFocus);
  leave.current = onLeaveWithFocus;
  // A layout effect's clean-up runs before its elements are taken off the page: the focus is still in them.
  useLayoutEffect(() => {
    const element = slot.current;
    return () => {
      if (element?.contains(document.activeElement)) leave.current?.();
    };
  }, []);
  const [progress, setProgress] = useState<Progress[]>([]);
  const [error, setError] = useState<unknown>();
  const [over, setOver] = useState(false);
  const inputId = `upload-${category}`;

  const send = async (files: FileList | null) => {
    if (!files?.length) return;
    setError(undefined);
    for (const file of Array.from(files)) {
      // Said at each quarter, not each percent: a screen reader reading every step would say nothing else.
      let quarterSaid = 0;
      const update = (share: number, done = false) => {
        setProgress((list) => [...list.filter((p) => p.name !== file.name), { name: file.name, share, done }]);
        const quarter = Math.floor(share * 4);
        if (!done && quarter > quarterSaid && quarter < 4) {
          quarterSaid = quarter;
          announce(t('documents.uploading', { name: file.name, share: format.percent(quarter / 4) }));
        }
      };
      if (!accepted(file.type)) {
        setError(new ApiFailure(400, { code: 'invalid_content_type', message: t('documents.wrongType', { name: file.name }) }));
        continue;
      }
      const contentType = file.type;
      update(0);
      announce(t('documents.uploading', { name: file.name, share: format.percent(0) }));
      try {
        const ticket = await call(
          api.POST('/api/cases/{caseId}/documents', {
            params: { path: { caseId } },
            body: { fileName: file.name, contentType, size: file.size, category, ...(folder ? { folder } : {}) },
          }),
        );
        await uploadToS3(ticket.upload, file, (share) => update(share));
        update(1, true);
        announce(t('documents.uploaded', { name: file.name }));
        onUploaded();
      } catch (failure) {
        setProgress((list) => list.filter((p) => p.name !== file.name));
        setError(failure);
      }
    }
  };

  const drop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    void send(event.dataTransfer.files);
  };

  return (
    <div
      ref={slot}
      className={`drop-zone${over ? ' drop-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <label htmlFor={inputId} className="drop-label">
        {t('documents.dropOrPick', { label })}
      </label>
      <input id={inputId} type="file" multiple accept={ACCEPTED.join(',')} onChange={(e) => void send(e.target.files)} />
      {progress.map((p) => (
        <div key={p.name} className="progress-row">
          <span className="small">{p.name}</span>
          <progress max={1} value={p.share} aria-label={t('documents.progress', { name: p.name })} />
          <span className="small">{p.done ? t('documents.sent') : format.percent(p.share)}</span>
        </div>
      ))}
      <ErrorMessage error={error} />
    </div>
  );
}
