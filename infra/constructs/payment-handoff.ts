import { CfnCondition, CfnParameter, Fn, type CfnResource } from 'aws-cdk-lib';
import { CfnRule, type EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { domainEventPattern } from '#shared/events/patterns.js';

/**
 * The hand-off to the finance system: every PaymentRequested on the case bus goes to an event bus
 * the finance side owns (the ESB in front of the AS400 listens there), given at deploy time
 * (cdk deploy --parameters PaymentTargetArn=...). Left empty, no rule is created and payments stay
 * on the case bus (and in its archive) until a target is set. The finance system pays each
 * idempotency key once.
 */
export class PaymentHandoff extends Construct {
  constructor(scope: Construct, id: string, props: { bus: EventBus }) {
    super(scope, id);
    const target = new CfnParameter(scope, 'PaymentTargetArn', {
      type: 'String',
      default: '',
      allowedPattern: '^(arn:aws[a-z-]*:events:[a-z0-9-]+:[0-9]{12}:event-bus/[A-Za-z0-9._/-]+)?$',
      description: 'ARN of the event bus that receives PaymentRequested for the finance system; empty: none',
    });
    const enabled = new CfnCondition(this, 'HasPaymentTarget', { expression: Fn.conditionNot(Fn.conditionEquals(target.valueAsString, '')) });
    const role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('events.amazonaws.com'),
      description: 'Lets the payment rule put PaymentRequested on the finance event bus, and nowhere else',
    });
    role.addToPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [target.valueAsString] }));
    const rule = new CfnRule(this, 'Rule', {
      eventBusName: props.bus.eventBusName,
      description: 'PaymentRequested to the finance system',
      eventPattern: domainEventPattern(['PaymentRequested']),
      targets: [{ id: 'finance', arn: target.valueAsString, roleArn: role.roleArn, retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 } }],
    });
    for (const resource of [rule, role.node.defaultChild as CfnResource, role.node.tryFindChild('DefaultPolicy')?.node.defaultChild as CfnResource | undefined]) {
      if (resource) resource.cfnOptions.condition = enabled;
    }
  }
}
