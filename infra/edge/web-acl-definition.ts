import type { CreateWebACLCommandInput, Rule } from '@aws-sdk/client-wafv2';

/**
 * The portal's web ACL, in front of CloudFront (the portal and, through it, the API): AWS's
 * managed rule groups for common exploits, known bad inputs and IP addresses with a bad
 * reputation, and a rate limit per client address. Kept as data so that it is unit-tested and
 * the custom resource only carries it to WAF.
 */
export interface WebAclSettings {
  readonly name: string;
  /** Requests per client IP in any five-minute window before it is blocked. */
  readonly rateLimitPer5Minutes: number;
}

const visibility = (metric: string) => ({ SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: metric });

function managed(name: string, priority: number, countOnly: readonly string[] = []): Rule {
  return {
    Name: name,
    Priority: priority,
    Statement: {
      ManagedRuleGroupStatement: {
        VendorName: 'AWS',
        Name: name,
        // Rules that would block legitimate traffic are only counted (see below).
        ...(countOnly.length ? { RuleActionOverrides: countOnly.map((rule) => ({ Name: rule, ActionToUse: { Count: {} } })) } : {}),
      },
    },
    OverrideAction: { None: {} },
    VisibilityConfig: visibility(name),
  };
}

export function webAclDefinition(settings: WebAclSettings): CreateWebACLCommandInput {
  return {
    Name: settings.name,
    Scope: 'CLOUDFRONT',
    Description: 'Dossier portal and API: managed protections and a rate limit per client',
    DefaultAction: { Allow: {} },
    VisibilityConfig: visibility(settings.name),
    Rules: [
      {
        Name: 'rate-limit-per-ip',
        Priority: 0,
        Statement: { RateBasedStatement: { Limit: settings.rateLimitPer5Minutes, AggregateKeyType: 'IP' } },
        Action: { Block: {} },
        VisibilityConfig: visibility('rate-limit-per-ip'),
      },
      managed('AWSManagedRulesAmazonIpReputationList', 1),
      // Decision tables saved through the API can exceed the common set's 8 KB body limit: the
      // API bounds bodies itself (256 KB), so that one rule only counts.
      managed('AWSManagedRulesCommonRuleSet', 2, ['SizeRestrictions_BODY']),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 3),
    ],
  };
}
