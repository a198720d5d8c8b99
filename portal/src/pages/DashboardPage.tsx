import { useTranslation } from 'react-i18next';

/**
 * SLOT: the dashboard's charts belong here. They read GET /api/dashboard, which is being built on
 * another branch and has no stable shape yet; once it is in the OpenAPI document, this page draws
 * its KPIs with a charting library and refreshes on its own.
 */
export function DashboardPage() {
  const { t } = useTranslation();
  return (
    <section className="stack">
      <h1>{t('dashboard.title')}</h1>
      <p className="alert alert-info">{t('dashboard.pending')}</p>
    </section>
  );
}
