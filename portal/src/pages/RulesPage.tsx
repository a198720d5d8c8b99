import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call } from '../api/client.js';
import { useFormat } from '../ui/format.js';
import { ErrorMessage, Loading } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

export function RulesPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const rules = useLoad(() => call(api.GET('/api/rules')), []);
  return (
    <section className="stack">
      <h1>{t('rules.title')}</h1>
      <p className="muted">{t('rules.intro')}</p>
      <ErrorMessage error={rules.error} onRetry={rules.reload} />
      {rules.loading && !rules.data ? <Loading /> : null}
      {rules.data ? (
        <table className="data">
          <caption className="visually-hidden">{t('rules.title')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rules.table')}</th>
              <th scope="col">{t('rules.hitPolicy')}</th>
              <th scope="col">{t('rules.inForce')}</th>
              <th scope="col">{t('rules.latest')}</th>
            </tr>
          </thead>
          <tbody>
            {rules.data.items.map((rule) => {
              const latest = rule.versions.find((v) => v.version === rule.latestVersion);
              return (
                <tr key={rule.ruleId}>
                  <td>
                    <Link to={`/rules/${rule.ruleId}`}>{rule.name}</Link>
                  </td>
                  <td>{rule.hitPolicy}</td>
                  <td>{rule.versionInForce ?? '—'}</td>
                  <td>
                    v{rule.latestVersion} · {format.date(latest?.publishedAt)}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
