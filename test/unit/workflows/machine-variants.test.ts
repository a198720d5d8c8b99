import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { stateMachines } from '#functions/registry.js';
import { compileDefinition } from '#local/workflows/definitions.js';
import { carryOnMachineId, freshCaseDefinition, machineVariants } from '#shared/workflows/machine-variants.js';

const definition = {
  StartAt: 'Resume',
  States: {
    Resume: { Type: 'Choice', Choices: [{ Next: 'AfterReview' }, { Next: 'OnlyResumed' }], Default: 'Review' },
    Review: { Type: 'Task', Next: 'AfterReview', Catch: [{ Next: 'Closed' }] },
    AfterReview: { Type: 'Choice', Choices: [{ Next: 'Closed' }], Default: 'Review' },
    OnlyResumed: { Type: 'Pass', Next: 'Closed' },
    Closed: { Type: 'Succeed' },
  },
};

describe('the machines of a lifecycle definition', () => {
  it('start new cases where Resume sends them, keeping only the states reachable from there', () => {
    const fresh = freshCaseDefinition(definition);
    expect(fresh.StartAt).toBe('Review');
    expect(Object.keys(fresh.States).sort()).toEqual(['AfterReview', 'Closed', 'Review']);
    expect(fresh.States.Review).toBe(definition.States.Review);
  });

  it('carry cases on with the definition as it is, on a machine of its own', () => {
    expect(machineVariants('claim', definition)).toEqual([
      { id: 'claim', definition: freshCaseDefinition(definition) },
      { id: carryOnMachineId('claim'), definition },
    ]);
  });

  it('leave a definition without a Resume Choice first as one machine', () => {
    const plain = { StartAt: 'Review', States: { Review: { Type: 'Task', End: true } } };
    expect(machineVariants('plain', plain)).toEqual([{ id: 'plain', definition: plain }]);
  });

  it.each(stateMachines.map((m) => [m.id, m.file]))('give %s two machines the ASL validator accepts', (id, file) => {
    const text = readFileSync(file, 'utf8');
    const variants = machineVariants(id, JSON.parse(text));
    expect(variants.map((v) => v.id)).toEqual([id, carryOnMachineId(id)]);
    for (const variant of variants) expect(() => compileDefinition(variant.id, JSON.stringify(variant.definition), 'dossier')).not.toThrow();
    expect('Resume' in variants[0]!.definition.States).toBe(false);
  });
});
