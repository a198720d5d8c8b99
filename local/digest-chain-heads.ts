// `npm run digest-heads`: writes today's digest of every case's chain head to the archive (in
// AWS a daily schedule runs the same function). Locally it finds the running `npm start`.
import { now as clockNow } from '#shared/clock.js';
import { useRunningLocalClock, useRunningLocalStackUnlessConfigured } from './runtime-env.js';

useRunningLocalStackUnlessConfigured('ARCHIVE_BUCKET');
useRunningLocalClock();
const { writeChainDigest } = await import('#shared/history/chain-digest.js');
const now = clockNow();
const digest = await writeChainDigest(now.toISOString().slice(0, 10), now.toISOString());
console.log(`digest of ${digest.day}: ${digest.heads.length} case heads, hash ${digest.digestHash.slice(0, 16)}…`);
