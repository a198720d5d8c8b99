import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { groupsForToken } from '#shared/auth/staff-mfa.js';
import { logger } from '#shared/observability/logger.js';

// Cognito's pre-token-generation trigger (V2): staff groups only for people who sign in with MFA.
// It fails closed: if the user cannot be read, Cognito refuses the sign-in rather than issue a token.
export const handler = middy(async (event: PreTokenGenerationV2TriggerEvent) => {
  // A claimant's member number reaches the access token the API reads (custom attributes are
  // only in ID tokens otherwise); ops set it on the account, the portal's client cannot write it.
  const memberNumber = event.request.userAttributes['custom:member_number'];
  if (memberNumber) {
    event.response.claimsAndScopeOverrideDetails = {
      ...event.response.claimsAndScopeOverrideDetails,
      accessTokenGeneration: { ...event.response.claimsAndScopeOverrideDetails?.accessTokenGeneration, claimsToAddOrOverride: { member_number: memberNumber } },
    };
  }
  const requested = event.request.groupConfiguration.groupsToOverride ?? [];
  const { groups, withheld } = await groupsForToken(event.userPoolId, event.userName, requested);
  if (withheld.length > 0) {
    logger.warn('staff groups withheld: no MFA set up', { sub: event.request.userAttributes.sub, withheld });
    event.response.claimsAndScopeOverrideDetails = {
      ...event.response.claimsAndScopeOverrideDetails,
      groupOverrideDetails: { ...event.request.groupConfiguration, groupsToOverride: groups },
    };
  }
  return event;
}).use(injectLambdaContext(logger, { resetKeys: true }));
