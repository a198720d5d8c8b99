// `npm run digest-heads`: writes today's digest of every case's chain head to the archive (in
// AWS a daily schedule runs the same function). Locally it finds the running `npm start`.
import { useRunningLocalStackUnlessConfigured } from './runtime-env.js';

useRunningLocalStackUnlessConfigured('ARCHIVE_BUCKET');
const { writeChainDigest } = await import('#shared/history/chain-digest.js');
const now = new Date();
const digest = await writeChainDigest(now.toISOString().slice(0, 10), now.toISOString());
console.log(`digest of ${digest.day}: ${digest.heads.length} case heads, hash ${digest.digestHash.slice(0, 16)}…`);
