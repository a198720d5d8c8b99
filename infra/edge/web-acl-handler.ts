import {
  CreateWebACLCommand,
  DeleteWebACLCommand,
  GetWebACLCommand,
  UpdateWebACLCommand,
  WAFNonexistentItemException,
  WAFV2Client,
} from '@aws-sdk/client-wafv2';
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { webAclDefinition, type WebAclSettings } from './web-acl-definition.js';

// A CloudFront web ACL must live in us-east-1, whatever region the stack is in. Rather than a
// second stack (which `cdk deploy` alone would not deploy), this custom resource keeps the ACL
// there from the one stack: created, updated in place (with WAF's lock token), deleted.
const waf = new WAFV2Client({ region: 'us-east-1' });

interface Answer {
  readonly PhysicalResourceId: string;
  readonly Data?: { readonly Arn: string };
}

function settingsOf(properties: Record<string, unknown>): WebAclSettings {
  const name = String(properties.Name ?? '');
  const limit = Number(properties.RateLimitPer5Minutes);
  if (!/^[A-Za-z0-9_-]{1,128}$/.test(name) || !Number.isInteger(limit) || limit < 10) throw new Error('invalid web ACL settings');
  return { name, rateLimitPer5Minutes: limit };
}

const ids = (physicalId: string) => {
  const [Id, Name] = physicalId.split('|');
  return { Id: Id!, Name: Name!, Scope: 'CLOUDFRONT' as const };
};

export async function handler(event: CloudFormationCustomResourceEvent): Promise<Answer> {
  if (event.RequestType === 'Create') {
    const created = await waf.send(new CreateWebACLCommand(webAclDefinition(settingsOf(event.ResourceProperties))));
    return { PhysicalResourceId: `${created.Summary!.Id}|${created.Summary!.Name}`, Data: { Arn: created.Summary!.ARN! } };
  }
  if (event.RequestType === 'Update') {
    const settings = settingsOf(event.ResourceProperties);
    // A new name is a new ACL: create it; CloudFormation then deletes the old one.
    if (settings.name !== ids(event.PhysicalResourceId).Name) return handler({ ...event, RequestType: 'Create' } as CloudFormationCustomResourceEvent);
    const current = await waf.send(new GetWebACLCommand(ids(event.PhysicalResourceId)));
    const { Name: _name, Tags: _tags, ...definition } = webAclDefinition(settings);
    await waf.send(new UpdateWebACLCommand({ ...ids(event.PhysicalResourceId), ...definition, LockToken: current.LockToken! }));
    return { PhysicalResourceId: event.PhysicalResourceId, Data: { Arn: current.WebACL!.ARN! } };
  }
  try {
    const current = await waf.send(new GetWebACLCommand(ids(event.PhysicalResourceId)));
    await waf.send(new DeleteWebACLCommand({ ...ids(event.PhysicalResourceId), LockToken: current.LockToken! }));
  } catch (error) {
    // Already gone (or never created, when the create itself failed): nothing to delete.
    if (!(error instanceof WAFNonexistentItemException)) throw error;
  }
  return { PhysicalResourceId: event.PhysicalResourceId };
}
