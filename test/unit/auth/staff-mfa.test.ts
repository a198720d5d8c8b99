import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { Context, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { handler } from '#functions/auth/pre-token-generation.js';

// The Cognito trigger that keeps staff roles out of tokens of people who did not sign in with a
// second factor; Cognito itself is played by a mock (no user pool runs locally).
const cognito = mockClient(CognitoIdentityProviderClient);

function signIn(groups: string[]): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_Authentication',
    region: 'eu-west-3',
    userPoolId: 'eu-west-3_pool',
    userName: 'someone',
    callerContext: { awsSdkVersion: '3', clientId: 'portal' },
    request: { userAttributes: { sub: 'sub-1' }, groupConfiguration: { groupsToOverride: groups } },
    response: { claimsAndScopeOverrideDetails: {} },
  } as unknown as PreTokenGenerationV2TriggerEvent;
}

const context = { getRemainingTimeInMillis: () => 5000, functionName: 'pre-token-generation', awsRequestId: 'r' } as unknown as Context;
const tokenGroups = (event: PreTokenGenerationV2TriggerEvent) =>
  event.response.claimsAndScopeOverrideDetails?.groupOverrideDetails?.groupsToOverride ?? event.request.groupConfiguration.groupsToOverride;

beforeEach(() => cognito.reset());

describe('staff roles need a second factor', () => {
  it('keeps an agent out of staff work until they set up an authenticator app', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'someone', UserMFASettingList: [] });
    const result = await handler(signIn(['agent']), context);
    expect(tokenGroups(result)).toEqual([]);
  });

  it('gives an agent with TOTP their role', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'someone', UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] });
    const result = await handler(signIn(['agent', 'supervisor']), context);
    expect(tokenGroups(result)).toEqual(['agent', 'supervisor']);
  });

  it('leaves a claimant alone, without even asking Cognito', async () => {
    const result = await handler(signIn(['claimant']), context);
    expect(tokenGroups(result)).toEqual(['claimant']);
    expect(cognito.commandCalls(AdminGetUserCommand)).toHaveLength(0);
  });

  it('keeps the claimant group of someone who is also staff without MFA', async () => {
    cognito.on(AdminGetUserCommand).resolves({ Username: 'someone', UserMFASettingList: ['SMS_MFA'] });
    const result = await handler(signIn(['claimant', 'ops']), context);
    expect(tokenGroups(result)).toEqual(['claimant']);
  });

  it('refuses the sign-in when the user cannot be read, rather than guess', async () => {
    cognito.on(AdminGetUserCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
    await expect(handler(signIn(['expert']), context)).rejects.toThrow('Rate exceeded');
  });
});

describe("a claimant's member number", () => {
  it('reaches the access token from custom:member_number, beside the groups', async () => {
    const event = signIn(['claimant']);
    (event.request.userAttributes as Record<string, string>)['custom:member_number'] = 'M0012345';
    const result = await handler(event, context);
    expect(result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration?.claimsToAddOrOverride).toEqual({ member_number: 'M0012345' });
    expect(tokenGroups(result)).toEqual(['claimant']);
  });

  it('adds no claim for an account without one', async () => {
    const result = await handler(signIn(['claimant']), context);
    expect(result.response.claimsAndScopeOverrideDetails?.accessTokenGeneration).toBeUndefined();
  });
});
