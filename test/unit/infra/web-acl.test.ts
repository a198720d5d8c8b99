import {
  CreateWebACLCommand,
  DeleteWebACLCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFNonexistentItemException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { webAclDefinition } from '#infra/edge/web-acl-definition.js';
import { handler } from '#infra/edge/web-acl-handler.js';

// The custom resource that keeps the portal's CloudFront web ACL in us-east-1, with WAF mocked
// (no WAF runs locally): what it asks WAF for on create, update and delete.
const waf = mockClient(WAFV2Client);
beforeEach(() => waf.reset());

const base = { ServiceToken: 't', ResponseURL: 'u', StackId: 's', RequestId: 'r', LogicalResourceId: 'Acl', ResourceType: 'Custom::PortalWebAcl' };
const props = { ServiceToken: 't', Name: 'Dossier-portal', RateLimitPer5Minutes: '2000' };

describe('the portal web ACL', () => {
  it('blocks a client past the rate limit and applies the managed protections', () => {
    const acl = webAclDefinition({ name: 'Dossier-portal', rateLimitPer5Minutes: 2000 });
    expect(acl.Scope).toBe('CLOUDFRONT');
    expect(acl.Rules![0]).toMatchObject({ Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 2000, AggregateKeyType: 'IP' } } });
    const groups = acl.Rules!.map((r) => r.Statement?.ManagedRuleGroupStatement?.Name).filter(Boolean);
    expect(groups).toEqual(['AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']);
    expect(new Set(acl.Rules!.map((r) => r.Priority)).size).toBe(acl.Rules!.length);
  });

  it('creates it in us-east-1 and hands its ARN to the distribution', async () => {
    waf.on(CreateWebACLCommand).resolves({ Summary: { Id: 'id-1', Name: 'Dossier-portal', ARN: 'arn:aws:wafv2:us-east-1:1:global/webacl/Dossier-portal/id-1' } });
    const answer = await handler({ ...base, RequestType: 'Create', ResourceProperties: props } as CloudFormationCustomResourceEvent);
    expect(answer).toEqual({ PhysicalResourceId: 'id-1|Dossier-portal', Data: { Arn: 'arn:aws:wafv2:us-east-1:1:global/webacl/Dossier-portal/id-1' } });
    expect(await waf.call(0).thisValue.config.region()).toBe('us-east-1');
  });

  it('updates it in place with the lock token WAF gave', async () => {
    waf.on(GetWebACLCommand).resolves({ LockToken: 'lock-7', WebACL: { ARN: 'arn-1', Name: 'Dossier-portal', Id: 'id-1', DefaultAction: {}, VisibilityConfig: undefined } as never });
    waf.on(UpdateWebACLCommand).resolves({});
    await handler({ ...base, RequestType: 'Update', PhysicalResourceId: 'id-1|Dossier-portal', ResourceProperties: { ...props, RateLimitPer5Minutes: '500' }, OldResourceProperties: props } as CloudFormationCustomResourceEvent);
    const update = waf.commandCalls(UpdateWebACLCommand)[0]!.args[0].input;
    expect(update).toMatchObject({ Id: 'id-1', Name: 'Dossier-portal', LockToken: 'lock-7' });
    expect(update.Rules![0]!.Statement!.RateBasedStatement!.Limit).toBe(500);
  });

  it('deletes it, and takes one already gone as deleted', async () => {
    waf.on(GetWebACLCommand).resolvesOnce({ LockToken: 'lock-1' }).rejects(new WAFNonexistentItemException({ message: 'gone', $metadata: {} }));
    waf.on(DeleteWebACLCommand).resolves({});
    const event = { ...base, RequestType: 'Delete', PhysicalResourceId: 'id-1|Dossier-portal', ResourceProperties: props } as CloudFormationCustomResourceEvent;
    await handler(event);
    expect(waf.commandCalls(DeleteWebACLCommand)[0]!.args[0].input).toMatchObject({ Id: 'id-1', LockToken: 'lock-1', Scope: 'CLOUDFRONT' });
    await expect(handler(event)).resolves.toEqual({ PhysicalResourceId: 'id-1|Dossier-portal' });
  });

  it('refuses settings it cannot apply', async () => {
    await expect(handler({ ...base, RequestType: 'Create', ResourceProperties: { ...props, RateLimitPer5Minutes: 'lots' } } as CloudFormationCustomResourceEvent)).rejects.toThrow('invalid web ACL settings');
    expect(waf.commandCalls(CreateWebACLCommand)).toHaveLength(0);
  });
});
