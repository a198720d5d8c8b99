import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

export function NotificationsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const list = useLoad(() => call(api.GET('/api/notifications', { params: { query: {} } })), [], 15_000);
  const items = list.data?.items ?? [];
  const markRead = async (notificationId: string) => {
    await call(api.POST('/api/notifications/{notificationId}/read', { params: { path: { notificationId } } }));
    list.reload();
  };
  return (
    <section className="stack narrow">
      <h1>{t('notifications.title')}</h1>
      <ErrorMessage error={list.error} onRetry={list.reload} />
      {list.loading && !list.data ? <Loading /> : null}
      {list.data && !items.length ? <p className="empty">{t('notifications.none')}</p> : null}
      <ul className="plain notices">
        {items.map((n) => (
          <li key={n.notificationId} className={`card ${n.readAt ? '' : 'unread'}`}>
            <p>
              <strong>{n.subject}</strong>
            </p>
            <p className="small muted">{format.dateTime(n.createdAt)}</p>
            <p>{n.text}</p>
            <div className="row">
              <Link to={`/cases/${n.caseId}`}>{t('notifications.openCase')}</Link>
              {n.readAt ? null : (
                <button type="button" className="button-secondary" onClick={() => void markRead(n.notificationId)}>
                  {t('notifications.markRead')}
                </button>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
