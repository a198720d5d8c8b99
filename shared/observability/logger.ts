import { Logger } from '@aws-lambda-powertools/logger';

// One logger for every handler. It never logs events or bodies: claims carry personal and
// medical data. Only identifiers (request id, case id, task id) and error names go in.
export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'dossier' });
