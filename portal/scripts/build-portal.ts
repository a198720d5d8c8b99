// Builds the portal into portal/dist (served at `/` by the local gateway, deployed to S3 by CDK),
// and prints its size against the budget. `--if-stale` skips the build when nothing it is made of
// changed since the last one, so `npm start` stays fast.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { LOCALES } from '../../shared/i18n/locales.js';

const portalDir = join(import.meta.dirname, '..');
const repoDir = join(portalDir, '..');
export const PORTAL_DIST = join(portalDir, 'dist');
const STAMP = join(PORTAL_DIST, '.built-at');

/** What the whole app may weigh, gzipped, on a phone's first visit (JS + CSS). */
export const BUNDLE_BUDGET_KB = 160;

// The sources of the bundle, and the API contract its types are generated from.
const INPUTS = ['portal/src', 'portal/index.html', 'portal/vite.config.ts', 'shared/http/openapi.ts', 'shared/i18n/locales.ts', 'package-lock.json'];

// The generated API types are an output of the build, not one of its inputs.
const GENERATED = join(portalDir, 'src', 'api', 'schema.gen.ts');

function newestChange(path: string): number {
  if (!existsSync(path) || path === GENERATED) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newestChange(join(path, name))));
}

export function portalIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = Number(readFileSync(STAMP, 'utf8'));
  return INPUTS.some((input) => newestChange(join(repoDir, input)) > built);
}

export async function generateApiTypes(): Promise<void> {
  await import('./generate-api-types.js');
}

export async function buildPortal(): Promise<{ gzipKb: number }> {
  const startedAt = Date.now();
  await generateApiTypes();
  const { build } = await import('vite');
  // Test runners set NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: join(portalDir, 'vite.config.ts'), mode: 'production', logLevel: 'warn' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const report = sizeReport();
  mkdirSync(PORTAL_DIST, { recursive: true });
  writeFileSync(STAMP, String(startedAt));
  return report;
}

/** The chunks Vite makes of portal/src/i18n/<language>.json: `assets/zh-Hant-B1c2.js`. */
const LANGUAGE_CHUNK = new RegExp(`^assets/(?:${LOCALES.filter((l) => l !== 'en').join('|')})-[\\w-]{8}\\.js$`);

/** Pages loaded when opened (React.lazy in App.tsx): `assets/MembersPage-B1c2.js`. */
const LAZY_PAGE_CHUNK = /^assets\/[A-Z]\w*Page-[\w-]{8}\.js$/;

function sizeReport(): { gzipKb: number } {
  const assets = join(PORTAL_DIST, 'assets');
  const rows = readdirSync(assets)
    .filter((name) => /\.(js|css)$/.test(name))
    .map((name) => {
      const bytes = readFileSync(join(assets, name));
      return { name: relative(PORTAL_DIST, join(assets, name)), kb: bytes.length / 1024, gzipKb: gzipSync(bytes).length / 1024 };
    });
  // A visitor loads one language's chunk (English is in the main bundle): the budget counts the
  // heaviest of them once, not all thirteen.
  const isLanguage = (name: string) => LANGUAGE_CHUNK.test(name);
  const languages = rows.filter((r) => isLanguage(r.name));
  const heaviestLanguage = languages.reduce((max, r) => Math.max(max, r.gzipKb), 0);
  // Likewise a visit opens one lazily loaded page at a time: the heaviest counts, once.
  const isLazyPage = (name: string) => LAZY_PAGE_CHUNK.test(name);
  const heaviestPage = rows.filter((r) => isLazyPage(r.name)).reduce((max, r) => Math.max(max, r.gzipKb), 0);
  const gzipKb = rows.filter((r) => !isLanguage(r.name) && !isLazyPage(r.name)).reduce((sum, r) => sum + r.gzipKb, 0) + heaviestLanguage + heaviestPage;
  for (const r of rows) console.log(`  ${r.name.padEnd(36)} ${r.kb.toFixed(1).padStart(7)} kB  ${r.gzipKb.toFixed(1).padStart(6)} kB gzip`);
  console.log(`  portal bundle: ${gzipKb.toFixed(1)} kB gzip of a ${BUNDLE_BUDGET_KB} kB budget (${Math.round((gzipKb / BUNDLE_BUDGET_KB) * 100)} %), with the heaviest of ${languages.length} language chunks (${heaviestLanguage.toFixed(1)} kB)`);
  if (gzipKb > BUNDLE_BUDGET_KB) throw new Error(`The portal bundle (${gzipKb.toFixed(1)} kB gzip) is over its ${BUNDLE_BUDGET_KB} kB budget`);
  return { gzipKb };
}

/** Builds the portal unless a build newer than its sources is already there. */
export async function ensurePortalBuilt(): Promise<void> {
  if (!portalIsStale()) return;
  console.log('Building the portal...');
  await buildPortal();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  if (process.argv.includes('--if-stale')) await ensurePortalBuilt();
  else await buildPortal();
}
