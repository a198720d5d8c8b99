import { parseExpression, parseUnaryTests, unaryTest } from 'feelin';
import { feelTypeOf, fromFeel } from './feel-values.js';

// feelin parses an expression on every call. Most input entries ("initial", < 12, [1..5]) read
// nothing but the input value, so their verdict for a given value never changes: remember it.
// Entries that read other facts are evaluated every time. Each entry keeps at most
// MAX_VALUES_PER_ENTRY verdicts, so memory stays bounded whatever the inputs.

const MAX_VALUES_PER_ENTRY = 512;
const pureEntries = new Map<string, boolean>();
const verdicts = new Map<string, Map<string, boolean>>();

/** Whether a FEEL text names no variable (function names aside). */
export function readsNoFacts(text: string, parse: typeof parseUnaryTests = parseExpression): boolean {
  const key = `${parse === parseUnaryTests ? 'test' : 'expression'}:${text}`;
  let pure = pureEntries.get(key);
  if (pure === undefined) {
    pure = true;
    parse(text, {}, undefined).iterate({
      enter(node) {
        if (node.name === 'VariableName' && node.node.parent?.name !== 'FunctionInvocation') pure = false;
      },
    });
    if (pureEntries.size >= 10_000) pureEntries.clear();
    pureEntries.set(key, pure);
  }
  return pure;
}

export function entryAccepts(entry: string, value: unknown, context: Readonly<Record<string, unknown>>): boolean {
  if (entry === '' || entry === '-') return true;
  if (!readsNoFacts(entry, parseUnaryTests)) return unaryTest(entry, { ...context, '?': value }).value === true;
  const key = `${feelTypeOf(value)}:${JSON.stringify(fromFeel(value))}`;
  let known = verdicts.get(entry);
  if (!known) verdicts.set(entry, (known = new Map()));
  let verdict = known.get(key);
  if (verdict === undefined) {
    verdict = unaryTest(entry, { '?': value }).value === true;
    if (known.size >= MAX_VALUES_PER_ENTRY) known.clear();
    known.set(key, verdict);
  }
  return verdict;
}
