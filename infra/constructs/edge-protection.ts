import { CustomResource, Stack, type CfnElement } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { acknowledge } from '../nag.js';
import { DossierFunction } from './dossier-function.js';

/**
 * The WAF web ACL of the CloudFront distribution (infra/edge/web-acl-definition.ts). CloudFront
 * ACLs live in us-east-1: a custom resource keeps it there from this stack, so that `cdk deploy`
 * of the one stack is still all a deployment takes.
 */
export class PortalWebAcl extends Construct {
  /** For the distribution's `webAclId`. */
  readonly arn: string;

  constructor(scope: Construct, id: string, props: { key: IKey; rateLimitPer5Minutes: number }) {
    super(scope, id);
    const stack = Stack.of(this);
    const name = `${stack.stackName}-portal`;
    const onEvent = new DossierFunction(this, 'Handler', {
      spec: { id: 'portal-web-acl', entry: 'infra/edge/web-acl-handler.ts', description: 'Keeps the portal web ACL in us-east-1', grants: [], timeoutSeconds: 120 },
      environment: {},
      key: props.key,
    });
    onEvent.addToRolePolicy(
      new PolicyStatement({
        actions: ['wafv2:CreateWebACL', 'wafv2:GetWebACL', 'wafv2:UpdateWebACL', 'wafv2:DeleteWebACL'],
        resources: [
          stack.formatArn({ service: 'wafv2', region: 'us-east-1', resource: 'global/webacl', resourceName: `${name}/*` }),
          // The managed rule groups the ACL refers to, which WAF checks on create and update.
          stack.formatArn({ service: 'wafv2', region: 'us-east-1', account: '', resource: 'global/managedruleset', resourceName: '*/*' }),
        ],
      }),
    );
    const provider = new Provider(this, 'Provider', { onEventHandler: onEvent });
    const acl = new CustomResource(this, 'Acl', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::PortalWebAcl',
      properties: { Name: name, RateLimitPer5Minutes: props.rateLimitPer5Minutes },
    });
    this.arn = acl.getAttString('Arn');
    acknowledge(this, [
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:wafv2:us-east-1:<AWS::AccountId>:global/webacl/${name}/*]`, reason: "The ACL id is only known once created; the name pins it to this stack's ACL." },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: 'X-Ray trace segments cannot be scoped to a resource.' },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:wafv2:us-east-1::global/managedruleset/*/*]', reason: "AWS's managed rule groups, read by WAF when the ACL refers to them." },
      { id: 'AwsSolutions::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', reason: "The custom-resource framework's own function (CDK's Provider) writes its logs with the basic role." },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(onEvent.node.defaultChild as CfnElement)}.Arn>:*]`, reason: 'The framework invokes versions of the handler function it was given, and only it.' },
      { id: 'AwsSolutions::AwsSolutions-L1', reason: "The framework's function runtime is chosen by CDK's Provider." },
    ]);
  }
}
