import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import { request } from './api.js';

// The versioned JSON Schemas of events/schemas/, one validator per detail-type.
const schemaDir = join(import.meta.dirname, '..', '..', '..', 'events', 'schemas');
const ajv = new (Ajv2020 as unknown as typeof Ajv2020.default)({ allErrors: true, strict: true, validateFormats: false });
export const eventValidators = new Map(
  readdirSync(schemaDir).map((file) => [file.replace('.v1.json', ''), ajv.compile(JSON.parse(readFileSync(join(schemaDir, file), 'utf8')))]),
);

export type BusEvent = { source: string; 'detail-type': string; detail: Record<string, unknown> };

/** Every dossier.cases event the local bus carried so far. */
export async function domainEvents(): Promise<BusEvent[]> {
  return ((await request('GET', '/api/_local/events')).body.items as BusEvent[]).filter((e) => e.source === 'dossier.cases');
}

/** The events that do not match their schema (or have none), with the reason. */
export function contractViolations(events: readonly BusEvent[]): string[] {
  return events.flatMap((event) => {
    const validate = eventValidators.get(event['detail-type']);
    if (!validate) return [`${event['detail-type']}: no schema`];
    return validate(event.detail) ? [] : [`${event['detail-type']}: ${JSON.stringify(validate.errors)}`];
  });
}
