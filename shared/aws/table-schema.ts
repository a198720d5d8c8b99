// The single table's key schema, shared by the CDK stack and the local runtime so both build the
// same table. Access patterns (see docs/data-model.md):
//   pk/sk   CASE#<id> / CASE | HIST#<seq> | ...      everything about one case, one Query
//   gsi1    OWNER#<sub> / <createdAt>#<id>           a claimant's own cases, newest first
//   gsi2    CASES#<shard> / <createdAt>#<id>         all cases for staff, write-sharded
//   gsi3    STATUS#<status>#<shard> / <createdAt>#<id> cases by status, write-sharded
// Shards spread a claims surge over several partitions instead of one hot key.
export const TABLE_KEY = { partitionKey: 'pk', sortKey: 'sk' } as const;

export const GLOBAL_INDEXES = [
  { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  { indexName: 'gsi3', partitionKey: 'gsi3pk', sortKey: 'gsi3sk' },
] as const;

/** Items with this attribute (epoch seconds) are removed by DynamoDB's TTL. */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Number of write shards for the listing indexes. */
export const LISTING_SHARDS = 4;
