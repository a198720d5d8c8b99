import { describe, expect, it } from 'vitest';
import {
  CognitoRefusal,
  cognitoNewPassword,
  cognitoSignIn,
  cognitoTotp,
  finishAuthenticatorSetup,
  loadCognitoConfig,
  otpauthUri,
  startAuthenticatorSetup,
} from '../../../portal/src/auth/cognito.js';

// The portal's sign-in against Cognito's public API, with Cognito played by a fake fetch (no
// user pool runs locally): what it sends, and how it reads each answer.
const config = { region: 'eu-west-3', userPoolClientId: 'client-1' };

function cognito(answers: Record<string, { status?: number; body: unknown }>) {
  const calls: { target: string; body: any; url: string }[] = [];
  const fetcher = (async (url: string, init: RequestInit) => {
    const target = String((init.headers as Record<string, string>)['x-amz-target']).split('.').pop()!;
    calls.push({ target, body: JSON.parse(String(init.body)), url });
    const answer = answers[target]!;
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200 });
  }) as unknown as typeof fetch;
  return { fetcher, calls };
}

describe('signing in to the portal with Cognito', () => {
  it('gets the ID token for a password alone, from the region the deployment gave', async () => {
    const { fetcher, calls } = cognito({ InitiateAuth: { body: { AuthenticationResult: { IdToken: 'id-token', AccessToken: 'a' } } } });
    expect(await cognitoSignIn(config, 'claimant1', 'secret', fetcher)).toEqual({ token: 'id-token', accessToken: 'a' });
    expect(calls[0]).toMatchObject({
      url: 'https://cognito-idp.eu-west-3.amazonaws.com/',
      body: { AuthFlow: 'USER_PASSWORD_AUTH', ClientId: 'client-1', AuthParameters: { USERNAME: 'claimant1', PASSWORD: 'secret' } },
    });
  });

  it('asks a person with an authenticator app for its code, then gets the token', async () => {
    const { fetcher, calls } = cognito({
      InitiateAuth: { body: { ChallengeName: 'SOFTWARE_TOKEN_MFA', Session: 'session-1' } },
      RespondToAuthChallenge: { body: { AuthenticationResult: { IdToken: 'staff-token' } } },
    });
    const step = await cognitoSignIn(config, 'agent1', 'secret', fetcher);
    expect(step).toEqual({ challenge: 'SOFTWARE_TOKEN_MFA', session: 'session-1', username: 'agent1' });
    expect(await cognitoTotp(config, 'agent1', 'session-1', '123456', fetcher)).toEqual({ token: 'staff-token' });
    expect(calls[1]!.body).toEqual({
      ChallengeName: 'SOFTWARE_TOKEN_MFA',
      ClientId: 'client-1',
      Session: 'session-1',
      ChallengeResponses: { USERNAME: 'agent1', SOFTWARE_TOKEN_MFA_CODE: '123456' },
    });
  });

  it("says why Cognito refused, and does not mistake an unknown challenge for a sign-in", async () => {
    const wrong = cognito({ InitiateAuth: { status: 400, body: { __type: 'NotAuthorizedException', message: 'Incorrect username or password.' } } });
    await expect(cognitoSignIn(config, 'x', 'y', wrong.fetcher)).rejects.toEqual(new CognitoRefusal('NotAuthorizedException'));
    const custom = cognito({ InitiateAuth: { body: { ChallengeName: 'CUSTOM_CHALLENGE', Session: 's' } } });
    await expect(cognitoSignIn(config, 'x', 'y', custom.fetcher)).rejects.toEqual(new CognitoRefusal('CUSTOM_CHALLENGE'));
  });

  it('uses the local login when the deployment wrote no configuration', async () => {
    const missing = (async () => new Response('not found', { status: 404 })) as unknown as typeof fetch;
    expect(await loadCognitoConfig(missing)).toBeUndefined();
    const written = (async () => new Response(JSON.stringify(config))) as unknown as typeof fetch;
    expect(await loadCognitoConfig(written)).toEqual(config);
  });

  it('lets a person signing in with a temporary password choose their own', async () => {
    const { fetcher, calls } = cognito({
      InitiateAuth: { body: { ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'session-2' } },
      RespondToAuthChallenge: { body: { AuthenticationResult: { IdToken: 'id', AccessToken: 'access' } } },
    });
    const step = await cognitoSignIn(config, 'agent2', 'Temporary-1', fetcher);
    expect(step).toEqual({ challenge: 'NEW_PASSWORD_REQUIRED', session: 'session-2', username: 'agent2' });
    expect(await cognitoNewPassword(config, 'agent2', 'session-2', 'Mine-and-long-1!', fetcher)).toEqual({ token: 'id', accessToken: 'access' });
    expect(calls[1]!.body.ChallengeResponses).toEqual({ USERNAME: 'agent2', NEW_PASSWORD: 'Mine-and-long-1!' });
  });

  it('sets up the authenticator app: a secret, a first code checked, then TOTP preferred', async () => {
    const { fetcher, calls } = cognito({
      AssociateSoftwareToken: { body: { SecretCode: 'JBSWY3DPEHPK3PXP' } },
      VerifySoftwareToken: { body: { Status: 'SUCCESS' } },
      SetUserMFAPreference: { body: {} },
    });
    expect(await startAuthenticatorSetup(config, 'access', fetcher)).toEqual({ secret: 'JBSWY3DPEHPK3PXP' });
    await finishAuthenticatorSetup(config, 'access', '123456', fetcher);
    expect(calls.map((c) => c.target)).toEqual(['AssociateSoftwareToken', 'VerifySoftwareToken', 'SetUserMFAPreference']);
    expect(calls[2]!.body).toEqual({ AccessToken: 'access', SoftwareTokenMfaSettings: { Enabled: true, PreferredMfa: true } });
    expect(otpauthUri('agent 2', 'JBSWY3DPEHPK3PXP')).toBe('otpauth://totp/Dossier:agent%202?secret=JBSWY3DPEHPK3PXP&issuer=Dossier');
  });

  it('does not turn TOTP on when the first code is wrong', async () => {
    const { fetcher, calls } = cognito({ VerifySoftwareToken: { body: { Status: 'ERROR' } } });
    await expect(finishAuthenticatorSetup(config, 'access', '000000', fetcher)).rejects.toEqual(new CognitoRefusal('CodeMismatchException'));
    expect(calls.map((c) => c.target)).toEqual(['VerifySoftwareToken']);
  });
});
