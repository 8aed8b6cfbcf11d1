import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { choosePath, defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { maxScaledDiff } from '../support/random.js';
import { evaluateAlong, evaluateWhole, naiveLoopSize, problemOf, randomOperands, smallNetwork } from './support.js';

const fixture = JSON.parse(readFileSync(new URL('../fixtures/paths.json', import.meta.url), 'utf8')) as { cases: { name: string; expression: string }[] };
const names = [...defaultOptimizers.keys()];
/** Fixture expressions small enough to evaluate in one naive loop (opt_einsum's default sizes). */
const expressions = fixture.cases.filter((c) => !c.name.startsWith('random')).map((c) => c.expression)
  .filter((e) => naiveLoopSize(problemOf(e)) <= 400_000);

describe('every optimizer gives a path that computes the expression', () => {
  it.each(expressions)('%s', (expression) => {
    const problem = problemOf(expression);
    const values = randomOperands(problem, expression.length);
    const expected = evaluateWhole(problem, values);
    for (const name of names) {
      const path = choosePath(problem, { optimize: name });
      expect(maxScaledDiff(evaluateAlong(problem, path, values), expected), name).toBeLessThan(1e-12);
    }
  });

  it('on random networks with hyperedges, repeated labels and size-1 axes', () => {
    fc.assert(fc.property(smallNetwork, fc.integer(), (problem, seed) => {
      const values = randomOperands(problem, seed);
      const expected = evaluateWhole(problem, values);
      for (const name of names)
        expect(maxScaledDiff(evaluateAlong(problem, choosePath(problem, { optimize: name }), values), expected), name).toBeLessThan(1e-12);
    }), { numRuns: 100, seed: 6 });
  });
});
