import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { grad, hessian, jacobian } from '../../src/derive.js';
import { randomProgram } from '../3-calculus/random-program.js';
import { maxScaledDiff } from '../support/random.js';

/** Derivative.evaluate runs generated kernels; the reference evaluator is its oracle. */
describe('compiled derivatives', () => {
  it('evaluate (generated kernels) equals evaluateReference on random programs, gradients and Hessians', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('x', 'A', 'S'), (seed, steps, wrt) => {
      const p = randomProgram(seed, steps);
      for (const d of [grad(p.source, 'L', wrt), hessian(p.source, 'L', 'x')])
        expect(maxScaledDiff(d.evaluate(p.inputs), d.evaluateReference(p.inputs)), `${p.source}\n${d.toString()}`).toBeLessThan(1e-12);
    }), { numRuns: 80 });
  });

  it('binds sizes that only a Kronecker delta carries (∂ tr(X)/∂X = δ)', () => {
    const d = grad('X: [n, n]\nf = X[i,i]', 'f', 'X');
    expect(Array.from(d.evaluate({ X: [[1, 2, 3], [4, 5, 6], [7, 8, 9]] }).data)).toEqual([1, 0, 0, 0, 1, 0, 0, 0, 1]);
  });

  it('compiles once per input shapes and reuses the plan', () => {
    const d = jacobian('A: [m, n]\ny[i] = A[i,j] x[j]', 'y', 'x');
    const first = d.compile({ A: [2, 3], x: [3] });
    expect(d.compile({ A: [2, 3], x: [3] })).toBe(first);
    expect(d.compile({ A: [4, 3], x: [3] })).not.toBe(first);
    expect(first.source.length).toBeGreaterThan(0);
    const value = first.run({ A: [[1, 2, 3], [4, 5, 6]], x: [0, 0, 0] });
    expect(Array.from(value.data)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
