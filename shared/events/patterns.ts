/** The source of every domain event Dossier publishes (shared/events/publish.ts). */
export const DOMAIN_EVENT_SOURCE = 'dossier.cases';

/**
 * The EventBridge pattern of a consumer of some domain events: the CDK rule and the local bus
 * both use it, so a consumer receives the same events in AWS and on a laptop.
 */
export function domainEventPattern(detailTypes: readonly string[]): { source: string[]; 'detail-type': string[] } {
  return { source: [DOMAIN_EVENT_SOURCE], 'detail-type': [...detailTypes] };
}
