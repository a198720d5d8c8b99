import { Duration } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';

/** The domain event bus (CaseCreated, TaskCreated, CaseDecided, ...), with a replayable archive. */
export class DomainEvents extends Construct {
  readonly bus: EventBus;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', { eventBusName: 'dossier' });
    new Archive(this, 'Archive', {
      sourceEventBus: this.bus,
      eventPattern: { source: [{ prefix: 'dossier.' }] as unknown as string[] },
      retention: Duration.days(365),
      description: 'Every domain event for a year, so consumers can be replayed',
    });
  }
}
