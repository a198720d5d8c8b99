import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, logIn } from '../api/client.js';
import { LanguageSwitch } from '../App.js';
import { useSession } from '../auth/session.js';
import { ErrorMessage } from '../ui/status.js';

export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(undefined);
    try {
      signIn(await logIn(String(form.get('username')), String(form.get('password'))));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <h1>Dossier</h1>
      <p className="muted">{t('login.intro')}</p>
      <form onSubmit={(e) => void submit(e)} className="card stack">
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error instanceof ApiFailure && error.status < 500 && error.status > 0 ? (
          <p role="alert" className="alert alert-error">
            {t('login.failed')}
          </p>
        ) : (
          <ErrorMessage error={error} />
        )}
        <button type="submit" disabled={busy}>
          {t('login.submit')}
        </button>
      </form>
      <p className="muted small">{t('login.demo')}</p>
    </main>
  );
}
