import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { evaluateExpression } from '../../compiler/3-calculus/evaluate-expression.js';
import { readInputs } from '../../src/derive-check.js';
import { maxScaledDiff } from '../support/random.js';
import { grad } from '../../src/derive.js';
import { randomProgram } from './random-program.js';

describe('random programs over random sizes', () => {
  it('check() agrees with central finite differences, for x and for A', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('x', 'A', 'S'), (seed, steps, wrt) => {
      const p = randomProgram(seed, steps);
      const d = grad(p.source, 'L', wrt);
      expect(checkNetwork([d.result.node])).toEqual([]);
      const result = d.check(p.inputs);
      expect(result.maxError, `${p.source}\n${d.toString()}`).toBeLessThan(1e-6);
    }), { numRuns: 120 });
  });

  it('forward and reverse mode give the same canonical result (the same hash-consed node)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('x', 'y', 'A', 'B', 'S'), (seed, steps, wrt) => {
      const p = randomProgram(seed, steps);
      const reverse = grad(p.source, 'L', wrt, { mode: 'reverse' });
      const forward = grad(p.source, 'L', wrt, { mode: 'forward' });
      expect(forward.toString()).toBe(reverse.toString());
    }), { numRuns: 150 });
  });

  it('agrees on products with many interchangeable factors (x five times, y four times)', () => {
    const p = randomProgram(918604, 5);
    expect(p.source).toContain('t5[j] = t4[i] t3[i,j]');
    for (const wrt of ['x', 'y']) expect(grad(p.source, 'L', wrt, { mode: 'forward' }).toString()).toBe(grad(p.source, 'L', wrt).toString());
  });

  it('every simplification step keeps the value (δ contraction, folding, pruning, merging, symmetry)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 5 }), fc.constantFrom('x', 'A'), (seed, steps, wrt) => {
      const p = randomProgram(seed, steps);
      const d = grad(p.source, 'L', wrt);
      const values = readInputs(d.program, p.inputs);
      const inputs = [...d.program.inputs.values()];
      for (const step of d.steps.filter((s) => ['delta', 'fold', 'zero', 'merge', 'symmetry'].includes(s.rule))) {
        const before = evaluateExpression(step.before.node, inputs, values);
        expect(maxScaledDiff(evaluateExpression(step.after.node, inputs, values), before)).toBeLessThan(1e-12);
      }
    }), { numRuns: 60 });
  });
});
