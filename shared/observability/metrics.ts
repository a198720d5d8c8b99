import { Metrics } from '@aws-lambda-powertools/metrics';

// CloudWatch metrics in the embedded metric format: written to the function's log, turned into
// metrics by CloudWatch, no API call on the request path. The stack's dashboard and alarms read
// them from this namespace.
export const METRICS_NAMESPACE = 'Dossier';
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: 'dossier' });
