import { Stack, type CfnElement } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { acknowledge } from '../nag.js';
import { Construct } from 'constructs';
import { functions, type FunctionSpec } from '#functions/registry.js';
import { DossierFunction } from './dossier-function.js';

export interface FunctionsProps {
  readonly table: Table;
  readonly documents: Bucket;
  readonly bus: EventBus;
  /** ARNs by state machine id, built from their fixed names (see workflows.ts). */
  readonly stateMachineArns: Record<string, string>;
  readonly userPoolId: string;
  readonly userPoolArn: string;
}

/** One Lambda per registry entry, each granted exactly what its `grants` list says. */
export class Functions extends Construct {
  readonly byId = new Map<string, DossierFunction>();

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    const environment = {
      TABLE_NAME: props.table.tableName,
      DOCUMENTS_BUCKET: props.documents.bucketName,
      EVENT_BUS_NAME: props.bus.eventBusName,
      STATE_MACHINES: Stack.of(this).toJsonString(props.stateMachineArns),
      USER_POOL_ID: props.userPoolId,
    };
    for (const spec of functions) {
      const fn = new DossierFunction(this, spec.id, { spec, environment });
      this.grant(fn, spec, props);
      this.byId.set(spec.id, fn);
    }
    const stack = Stack.of(this);
    const logicalId = (construct: { node: { defaultChild?: unknown } }) => stack.getLogicalId(construct.node.defaultChild as CfnElement);
    const why = {
      kms: 'CDK grants on our customer-managed key: GenerateDataKey*/ReEncrypt* cover the variants SSE-KMS needs, on that one key.',
      index: 'Read grants on the table include its own indexes (table/index/*), which every listing queries.',
      objects: 'Object-level grants are scoped to the documents bucket (bucket/*); the actions are the read set CDK grants.',
      executions: 'Describing executions of our own state machines: an execution ARN is only known once started.',
      any: 'X-Ray segments, and task-token callbacks (SendTaskSuccess/Failure/Heartbeat), cannot be scoped to a resource.',
    };
    acknowledge(this, [
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:GenerateDataKey*]', reason: why.kms },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::kms:ReEncrypt*]', reason: why.kms },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.table)}.Arn>/index/*]`, reason: why.index },
      { id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${logicalId(props.documents)}.Arn>/*]`, reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetBucket*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:GetObject*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:List*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:Abort*]', reason: why.objects },
      { id: 'AwsSolutions::AwsSolutions-IAM5[Action::s3:DeleteObject*]', reason: why.objects },
      ...Object.keys(props.stateMachineArns).map((id) => ({
        id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:${stack.stackName}-${id}:*]`,
        reason: why.executions,
      })),
      { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: why.any },
    ]);
  }

  private grant(fn: DossierFunction, spec: FunctionSpec, props: FunctionsProps): void {
    const executionArns = Object.values(props.stateMachineArns).map((arn) => `${arn.replace(':stateMachine:', ':execution:')}:*`);
    for (const grant of spec.grants) {
      switch (grant) {
        case 'table:read':
          props.table.grantReadData(fn);
          break;
        case 'table:write':
          props.table.grantWriteData(fn);
          break;
        case 'documents:read':
          props.documents.grantRead(fn);
          break;
        case 'documents:write':
          props.documents.grantWrite(fn);
          break;
        case 'workflows:start':
          fn.addToRolePolicy(new PolicyStatement({ actions: ['states:StartExecution'], resources: Object.values(props.stateMachineArns) }));
          fn.addToRolePolicy(new PolicyStatement({ actions: ['states:DescribeExecution'], resources: executionArns }));
          break;
        case 'workflows:callback':
          fn.addToRolePolicy(
            new PolicyStatement({ actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'], resources: ['*'] }),
          );
          break;
        case 'events:put':
          props.bus.grantPutEventsTo(fn);
          break;
        case 'directory:read':
          fn.addToRolePolicy(new PolicyStatement({ actions: ['cognito-idp:AdminListGroupsForUser'], resources: [props.userPoolArn] }));
          break;
      }
    }
  }
}
