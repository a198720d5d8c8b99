import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, logIn } from '../api/client.js';
import { LanguageSwitch } from '../App.js';
import { CognitoRefusal, cognitoSignIn, cognitoTotp, loadCognitoConfig, type SignInStep } from '../auth/cognito.js';
import { useSession } from '../auth/session.js';
import { ErrorMessage } from '../ui/status.js';
import { useLoad } from '../ui/use-load.js';

/** In AWS the user pool (with the authenticator app's code when the person has one); locally the local login. */
export function LoginPage() {
  const { t } = useTranslation();
  const { signIn } = useSession();
  const cognito = useLoad(() => loadCognitoConfig(), []);
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [challenge, setChallenge] = useState<Extract<SignInStep, { challenge: string }>>();

  const finish = (step: SignInStep) => ('token' in step ? signIn(step.token) : setChallenge(step));

  const run = async (attempt: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await attempt();
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const [username, password] = [String(form.get('username')), String(form.get('password'))];
    void run(async () => {
      const config = cognito.data;
      if (config) finish(await cognitoSignIn(config, username, password));
      else signIn(await logIn(username, password));
    });
  };

  const submitCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void run(async () => finish(await cognitoTotp(cognito.data!, challenge!.username, challenge!.session, code)));
  };

  const refused = (error instanceof ApiFailure && error.status < 500 && error.status > 0) || error instanceof CognitoRefusal;

  if (challenge) {
    return (
      <main id="main" className="login">
        <h1>Dossier</h1>
        <form onSubmit={submitCode} className="card stack">
          <label>
            {t('login.totp')}
            <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required />
          </label>
          {refused ? (
            <p role="alert" className="alert alert-error">
              {t('login.totpFailed')}
            </p>
          ) : (
            <ErrorMessage error={error} />
          )}
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </main>
    );
  }

  return (
    <main id="main" className="login">
      <div className="login-language">
        <LanguageSwitch />
      </div>
      <h1>Dossier</h1>
      <p className="muted">{t('login.intro')}</p>
      <form onSubmit={submit} className="card stack">
        <label>
          {t('login.username')}
          <input name="username" autoComplete="username" required />
        </label>
        <label>
          {t('login.password')}
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {refused ? (
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
      {cognito.data ? null : <p className="muted small">{t('login.demo')}</p>}
    </main>
  );
}
