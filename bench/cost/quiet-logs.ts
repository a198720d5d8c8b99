// Imported first by the cost bench, before any module makes the shared logger: Powertools puts a
// logger back to the level it was made with on every warm invocation (injectLambdaContext), so
// the stack's `logLevel` only holds if the level is in the environment at that moment.
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
