import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The DMN files under rules/ are each decision's first version. They travel with the code: the
// CDK bundling copies the folder next to each Lambda's code, where the working directory is,
// as it is the repository root locally.
const rulesDir = () => process.env.RULES_DIR ?? join(process.cwd(), 'rules');

export function bundledRuleIds(): string[] {
  if (!existsSync(rulesDir())) return [];
  return readdirSync(rulesDir())
    .filter((file) => file.endsWith('.dmn'))
    .map((file) => file.slice(0, -'.dmn'.length))
    .sort();
}

export function bundledRule(ruleId: string): string | undefined {
  if (!/^[a-z0-9-]{1,60}$/.test(ruleId)) return undefined;
  const file = join(rulesDir(), `${ruleId}.dmn`);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}
