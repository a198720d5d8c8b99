import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiFailure, logIn } from '../api/client.js';
import { LanguageSwitch } from '../App.js';
import {
  CognitoRefusal,
  cognitoNewPassword,
  cognitoSignIn,
  cognitoTotp,
  finishAuthenticatorSetup,
  loadCognitoConfig,
  otpauthUri,
  startAuthenticatorSetup,
  type SignInStep,
} from '../auth/cognito.js';
import { useSession, userOf } from '../auth/session.js';
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
  // Signed in but with no role in the token: staff whose role waits for an authenticator app.
  const [setup, setSetup] = useState<{ accessToken: string; username: string; secret?: string }>();
  const [notice, setNotice] = useState<string>();

  const finish = (step: SignInStep, username = '') => {
    setChallenge(undefined);
    if (!('token' in step)) return setChallenge(step);
    if (userOf(step.token) || !step.accessToken) return signIn(step.token);
    setSetup({ accessToken: step.accessToken, username });
  };

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
      if (config) finish(await cognitoSignIn(config, username, password), username);
      else signIn(await logIn(username, password));
    });
  };

  const submitCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void run(async () => finish(await cognitoTotp(cognito.data!, challenge!.username, challenge!.session, code), challenge!.username));
  };

  const submitNewPassword = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get('newPassword'));
    void run(async () => finish(await cognitoNewPassword(cognito.data!, challenge!.username, challenge!.session, password), challenge!.username));
  };

  const beginSetup = () => void run(async () => setSetup({ ...setup!, ...(await startAuthenticatorSetup(cognito.data!, setup!.accessToken)) }));

  const submitSetupCode = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = String(new FormData(event.currentTarget).get('code')).trim();
    void run(async () => {
      await finishAuthenticatorSetup(cognito.data!, setup!.accessToken, code);
      setSetup(undefined);
      setNotice(t('login.setupDone'));
    });
  };

  if (setup) {
    return (
      <main id="main" className="login">
        <h1>Dossier</h1>
        <section className="card stack">
          <h2>{t('login.setupTitle')}</h2>
          <p>{t('login.setupIntro')}</p>
          {setup.secret ? (
            <form onSubmit={submitSetupCode} className="stack">
              <p>
                {t('login.setupSecret')} <code className="mono">{setup.secret}</code>
              </p>
              <p>
                <a href={otpauthUri(setup.username, setup.secret)}>{t('login.setupLink')}</a>
              </p>
              <CodeField error={error} />
              <button type="submit" disabled={busy}>
                {t('login.setupVerify')}
              </button>
            </form>
          ) : (
            <button type="button" disabled={busy} onClick={beginSetup}>
              {t('login.setupStart')}
            </button>
          )}
          {setup.secret ? null : <ErrorMessage error={error} />}
        </section>
      </main>
    );
  }

  const refused = refusedNow(error);

  if (challenge?.challenge === 'NEW_PASSWORD_REQUIRED') {
    return (
      <main id="main" className="login">
        <h1>Dossier</h1>
        <form onSubmit={submitNewPassword} className="card stack">
          <p>{t('login.newPasswordIntro')}</p>
          <label>
            {t('login.newPassword')}
            <input name="newPassword" type="password" autoComplete="new-password" minLength={12} required />
          </label>
          <ErrorMessage error={error} />
          <button type="submit" disabled={busy}>
            {t('login.submit')}
          </button>
        </form>
      </main>
    );
  }

  if (challenge) {
    return (
      <main id="main" className="login">
        <h1>Dossier</h1>
        <form onSubmit={submitCode} className="card stack">
          <CodeField error={error} />
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
      {notice ? (
        <p role="status" className="alert alert-success">
          {notice}
        </p>
      ) : null}
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

function refusedNow(error: unknown): boolean {
  return (error instanceof ApiFailure && error.status < 500 && error.status > 0) || error instanceof CognitoRefusal;
}

/** The authenticator app's six-digit code, and what went wrong with the last one. */
function CodeField({ error }: { error: unknown }) {
  const { t } = useTranslation();
  return (
    <>
      <label>
        {t('login.totp')}
        <input name="code" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" required />
      </label>
      {refusedNow(error) ? (
        <p role="alert" className="alert alert-error">
          {t('login.totpFailed')}
        </p>
      ) : (
        <ErrorMessage error={error} />
      )}
    </>
  );
}
