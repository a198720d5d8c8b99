// Stands in for @aws-sdk/credential-provider-node in the Lambda bundles (see lambda-bundle.ts).
// Lambda hands every function its role's credentials in environment variables, so the default
// chain's other links (SSO, shared ini files, credential processes, web identity tokens, ECS and
// instance metadata) never answer there, yet they bring STS and SSO clients along: about a sixth
// of a bundle. Locally the handlers run from source with the SDK's full chain.
import { fromEnv } from '@aws-sdk/credential-provider-env';

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}): ReturnType<typeof fromEnv> => fromEnv(init);
