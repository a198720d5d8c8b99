import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure } from '../api/client.js';

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/**
 * Says what went wrong in words a user can act on, with the fields at fault when the API named them.
 * `takeFocus` after an action the person just asked for (a form sent): the focus goes to what
 * refused it, so a keyboard user is not left on a button that did nothing they can see.
 */
export function ErrorMessage({ error, onRetry, takeFocus = false, id }: { error: unknown; onRetry?: () => void; takeFocus?: boolean; id?: string }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error && takeFocus) box.current?.focus();
  }, [error, takeFocus]);
  if (!error) return null;
  const failure = error instanceof ApiFailure ? error : undefined;
  const advice =
    failure?.status === 0 || !failure
      ? t('errors.network')
      : failure.status === 403
        ? t('errors.forbidden')
        : failure.status === 404
          ? t('errors.notFound')
          : failure.status === 409
            ? t('errors.conflict')
            : failure.status >= 500
              ? t('errors.server')
              : failure.detail?.fields?.length
                ? t('errors.invalid')
                : (failure.detail?.message ?? t('errors.invalid'));
  return (
    <div className="alert alert-error" role="alert" ref={box} id={id} tabIndex={takeFocus ? -1 : undefined}>
      <p>{advice}</p>
      {failure?.detail?.fields?.length ? (
        <ul>
          {failure.detail.fields.map((f) => (
            <li key={f.field}>
              {/* The field as the form names it (data.claimant.email is the form's claimant.email), else as the API does. */}
              {t(`fields.${f.field.replace(/^data\./, '')}`, { defaultValue: f.field })}: {f.message}
            </li>
          ))}
        </ul>
      ) : null}
      {onRetry ? (
        <button type="button" className="button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      ) : null}
    </div>
  );
}

export function SlaBadge({ state }: { state: string | undefined }) {
  const { t } = useTranslation();
  if (!state) return null;
  return <span className={`badge badge-${state}`}>{t(`sla.${state}`, state)}</span>;
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <span className="badge badge-status">{t(`caseStatus.${status}`, status)}</span>;
}
