// Signing in against the Cognito user pool when the portal runs in AWS. The deployment writes
// /config.json (region and app client id); locally there is none, and the local login route is
// used instead. Calls go straight to Cognito's public API with the app client id (no secret),
// USER_PASSWORD_AUTH over HTTPS; a person with an authenticator app is asked for its code.

export interface CognitoConfig {
  readonly region: string;
  readonly userPoolClientId: string;
}

export type SignInStep =
  | { readonly token: string }
  | { readonly challenge: 'SOFTWARE_TOKEN_MFA'; readonly session: string; readonly username: string };

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

async function cognito(config: CognitoConfig, action: 'InitiateAuth' | 'RespondToAuthChallenge', body: unknown, fetcher: typeof fetch) {
  const response = await fetcher(`https://cognito-idp.${config.region}.amazonaws.com/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}` },
    body: JSON.stringify(body),
  });
  const answer = (await response.json().catch(() => ({}))) as {
    AuthenticationResult?: { IdToken?: string };
    ChallengeName?: string;
    Session?: string;
    __type?: string;
  };
  if (!response.ok) throw new CognitoRefusal(answer.__type?.split('#').pop() ?? `HTTP ${response.status}`);
  return answer;
}

function stepOf(answer: Awaited<ReturnType<typeof cognito>>, username: string): SignInStep {
  // The ID token carries the groups the API's authorizer reads (cognito:groups), for this client.
  if (answer.AuthenticationResult?.IdToken) return { token: answer.AuthenticationResult.IdToken };
  if (answer.ChallengeName === 'SOFTWARE_TOKEN_MFA' && answer.Session) return { challenge: 'SOFTWARE_TOKEN_MFA', session: answer.Session, username };
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
