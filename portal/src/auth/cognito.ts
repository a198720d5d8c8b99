// Signing in against the Cognito user pool when the portal runs in AWS. The deployment writes
// /config.json (region and app client id); locally there is none, and the local login route is
// used instead. Calls go straight to Cognito's public API with the app client id (no secret),
// USER_PASSWORD_AUTH over HTTPS; a person with an authenticator app is asked for its code.

export interface CognitoConfig {
  readonly region: string;
  readonly userPoolClientId: string;
}

export type SignInStep =
  | { readonly token: string; readonly accessToken?: string }
  | { readonly challenge: 'SOFTWARE_TOKEN_MFA' | 'NEW_PASSWORD_REQUIRED'; readonly session: string; readonly username: string };

export class CognitoRefusal extends Error {
  constructor(readonly code: string) {
    super(code);
    this.name = 'CognitoRefusal';
  }
}

/** The deployment's Cognito settings, or undefined when the portal runs locally. */
export async function loadCognitoConfig(fetcher: typeof fetch = fetch): Promise<CognitoConfig | undefined> {
  const response = await fetcher('/config.json', { cache: 'no-store' }).catch(() => undefined);
  if (!response?.ok) return undefined;
  const config = (await response.json().catch(() => undefined)) as Partial<CognitoConfig> | undefined;
  return config?.region && config.userPoolClientId ? { region: config.region, userPoolClientId: config.userPoolClientId } : undefined;
}

type Action = 'InitiateAuth' | 'RespondToAuthChallenge' | 'AssociateSoftwareToken' | 'VerifySoftwareToken' | 'SetUserMFAPreference';

async function cognito(config: CognitoConfig, action: Action, body: unknown, fetcher: typeof fetch) {
  const response = await fetcher(`https://cognito-idp.${config.region}.amazonaws.com/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: { IdToken?: string; AccessToken?: string };
    ChallengeName?: string;
    Session?: string;
    SecretCode?: string;
    Status?: string;
    __type?: string;
  };
  if (!response.ok) throw new CognitoRefusal(answer.__type?.split('#').pop() ?? `HTTP ${response.status}`);
  return answer;
}

function stepOf(answer: Awaited<ReturnType<typeof cognito>>, username: string): SignInStep {
  // The ID token carries the groups the API's authorizer reads (cognito:groups), for this client.
  const result = answer.AuthenticationResult;
  // The access token is kept only to set up the authenticator app (Cognito's own calls).
  if (result?.IdToken) return { token: result.IdToken, ...(result.AccessToken ? { accessToken: result.AccessToken } : {}) };
  if ((answer.ChallengeName === 'SOFTWARE_TOKEN_MFA' || answer.ChallengeName === 'NEW_PASSWORD_REQUIRED') && answer.Session) {
    return { challenge: answer.ChallengeName, session: answer.Session, username };
  }
  throw new CognitoRefusal(answer.ChallengeName ?? 'UnexpectedAnswer');
}

export async function cognitoSignIn(config: CognitoConfig, username: string, password: string, fetcher: typeof fetch = fetch): Promise<SignInStep> {
  const answer = await cognito(config, 'InitiateAuth', { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: config.userPoolClientId, AuthParameters: { USERNAME: username, PASSWORD: password } }, fetcher);
  return stepOf(answer, username);
}

export async function cognitoTotp(config: CognitoConfig, username: string, session: string, code: string, fetcher: typeof fetch = fetch): Promise<SignInStep> {
  const answer = await cognito(
    config,
    'RespondToAuthChallenge',
    { ChallengeName: 'SOFTWARE_TOKEN_MFA', ClientId: config.userPoolClientId, Session: session, ChallengeResponses: { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: code } },
    fetcher,
  );
  return stepOf(answer, username);
}

/** A first sign-in with the temporary password an administrator gave: the person chooses their own. */
export async function cognitoNewPassword(config: CognitoConfig, username: string, session: string, newPassword: string, fetcher: typeof fetch = fetch): Promise<SignInStep> {
  const answer = await cognito(
    config,
    'RespondToAuthChallenge',
    { ChallengeName: 'NEW_PASSWORD_REQUIRED', ClientId: config.userPoolClientId, Session: session, ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword } },
    fetcher,
  );
  return stepOf(answer, username);
}

/**
 * Setting up the authenticator app, which staff need before their role reaches their token
 * (shared/auth/staff-mfa.ts): Cognito gives a secret to enter in the app, checks a first code,
 * and from then on asks for a code at every sign-in.
 */
export async function startAuthenticatorSetup(config: CognitoConfig, accessToken: string, fetcher: typeof fetch = fetch): Promise<{ secret: string }> {
  const answer = await cognito(config, 'AssociateSoftwareToken', { AccessToken: accessToken }, fetcher);
  if (!answer.SecretCode) throw new CognitoRefusal('NoSecretCode');
  return { secret: answer.SecretCode };
}

export async function finishAuthenticatorSetup(config: CognitoConfig, accessToken: string, code: string, fetcher: typeof fetch = fetch): Promise<void> {
  const verified = await cognito(config, 'VerifySoftwareToken', { AccessToken: accessToken, UserCode: code, FriendlyDeviceName: 'Dossier' }, fetcher);
  if (verified.Status !== 'SUCCESS') throw new CognitoRefusal('CodeMismatchException');
  await cognito(config, 'SetUserMFAPreference', { AccessToken: accessToken, SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } }, fetcher);
}

/** What to type into an authenticator app that cannot scan: the standard otpauth URI, for a QR code or a link. */
export function otpauthUri(username: string, secret: string): string {
  return `otpauth://totp/Dossier:${encodeURIComponent(username)}?secret=${secret}&issuer=Dossier`;
}
