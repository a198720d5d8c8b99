import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ArnFormat, Duration, Stack, type CfnElement } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import type { EventBus } from 'aws-cdk-lib/aws-events';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { acknowledge } from '../nag.js';
import { Construct } from 'constructs';
import { functionIdFromPlaceholder, stateMachines } from '#functions/registry.js';
import { machineVariants } from '#shared/workflows/machine-variants.js';
import { PROJECT_ROOT } from './dossier-function.js';

interface DeployedMachine {
  readonly id: string;
  readonly text: string;
}

/**
 * Every deployed state machine: each definition file of the registry as two machines, new cases'
 * and the carry-on one (shared/workflows/machine-variants.ts), with the ASL text each runs.
 */
export function deployedMachines(): DeployedMachine[] {
  return stateMachines.flatMap((machine) => {
    const text = readFileSync(join(PROJECT_ROOT, machine.file), 'utf8');
    return machineVariants(machine.id, JSON.parse(text) as Parameters<typeof machineVariants>[1]).map((variant) => ({
      id: variant.id,
      text: JSON.stringify(variant.definition, null, 2),
    }));
  });
}

/** The fixed name of a state machine, so that its ARN is known before it exists (no cycle). */
export function stateMachineName(stack: Stack, id: string): string {
  return `${stack.stackName}-${id}`;
}

export function stateMachineArn(stack: Stack, id: string): string {
  return stack.formatArn({ service: 'states', resource: 'stateMachine', resourceName: stateMachineName(stack, id), arnFormat: ArnFormat.COLON_RESOURCE_NAME });
}

/**
 * The ${...} placeholders of an ASL file, each resolved to a function ARN or the bus name.
 * A placeholder nothing resolves fails the synth: a deployed machine must never hold one.
 */
export function definitionSubstitutions(aslText: string, resolve: (placeholder: string) => string | undefined): Record<string, string> {
  const substitutions: Record<string, string> = {};
  for (const [, name] of aslText.matchAll(/\$\{(\w+)\}/g)) {
    const value = resolve(name!);
    if (value === undefined) throw new Error(`nothing resolves \${${name}} in a state machine definition`);
    substitutions[name!] = value;
  }
  return substitutions;
}

/** Two Standard state machines per ASL file of the registry, with least-privilege roles and alarms. */
export class Workflows extends Construct {
  readonly machines = new Map<string, StateMachine>();

  constructor(scope: Construct, id: string, props: { functions: ReadonlyMap<string, IFunction>; bus: EventBus; key: IKey }) {
    super(scope, id);
    const stack = Stack.of(this);
    for (const machine of deployedMachines()) {
      const { text } = machine;
      const invoked: IFunction[] = [];
      const substitutions = definitionSubstitutions(text, (placeholder) => {
        if (placeholder === 'EventBusName') return props.bus.eventBusName;
        const functionId = functionIdFromPlaceholder(placeholder);
        const fn = functionId ? props.functions.get(functionId) : undefined;
        if (fn) invoked.push(fn);
        return fn?.functionArn;
      });
      const logs = new LogGroup(this, `${machine.id}Logs`, { retention: RetentionDays.SIX_MONTHS, encryptionKey: props.key });
      const stateMachine = new StateMachine(this, machine.id, {
        stateMachineName: stateMachineName(stack, machine.id),
        stateMachineType: StateMachineType.STANDARD,
        definitionBody: DefinitionBody.fromString(text),
        definitionSubstitutions: substitutions,
        tracingEnabled: true,
        logs: { destination: logs, level: LogLevel.ALL, includeExecutionData: false },
      });
      for (const fn of new Set(invoked)) fn.grantInvoke(stateMachine);
      // Only a machine with PutEvents states of its own may put events (most announce through their Lambdas).
      if ('EventBusName' in substitutions) props.bus.grantPutEventsTo(stateMachine);
      acknowledge(stateMachine, [
        { id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]', reason: 'Log delivery and X-Ray tracing for Step Functions need resource *.' },
        ...[...new Set(invoked)].map((fn) => ({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::<${stack.getLogicalId(fn.node.defaultChild as CfnElement)}.Arn>:*]`,
          reason: 'CDK grants invoke on the function and its versions (:*), nothing else.',
        })),
      ]);

      for (const [metric, what] of [
        [stateMachine.metricFailed(), 'failed'],
        [stateMachine.metricTimedOut(), 'timed out'],
      ] as const) {
        new Alarm(this, `${machine.id}${what === 'failed' ? 'Failed' : 'TimedOut'}`, {
          alarmDescription: `A ${machine.id} case lifecycle ${what}: the case needs a person to look at it`,
          metric: metric.with({ period: Duration.minutes(5), statistic: 'Sum' }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: TreatMissingData.NOT_BREACHING,
        });
      }
      this.machines.set(machine.id, stateMachine);
    }
  }
}
