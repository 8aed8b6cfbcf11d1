import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { evaluateExpression } from '../../compiler/3-calculus/evaluate-expression.js';
import { checkDerivative } from '../../compiler/3-calculus/check-derivative.js';
import { readNamed } from '../../src/compile.js';
import { maxScaledDiff } from '../support/random.js';
import { grad, hessian } from '../../src/derive.js';
import { randomProgram } from './random-program.js';

describe('random programs over random sizes', () => {
  it('check() agrees with central finite differences, for x and for A', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('x', 'A', 'S'), (seed, steps, wrt) => {
      const p = randomProgram(seed, steps);
      const d = grad(p.source, 'L', wrt);
      expect(checkNetwork([d.result.node])).toEqual([]);
      const result = d.check(p.inputs);
      expect(result.ok, `${p.source}\n${d.toString()}\n${JSON.stringify(result)}`).toBe(true);
      expect(result.maxError).toBeLessThan(1e-4);
    }), { numRuns: 120 });
  });

  it('Hessians: check() agrees with nested finite differences, and forward = reverse', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 4 }), (seed, steps) => {
      const p = randomProgram(seed, steps);
      const d = hessian(p.source, 'L', 'x');
      expect(hessian(p.source, 'L', 'x', { mode: 'reverse' }).toString()).toBe(d.toString());
      const result = d.check(p.inputs);
      expect(result.ok, `${p.source}\n${d.toString()}\n${JSON.stringify(result)}`).toBe(true);
    }), { numRuns: 30 });
  });

  it('the same check flags a symbolic result that is off by 1e-4 in one entry', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom('x', 'A'), fc.nat(), (seed, steps, wrt, at) => {
      const p = randomProgram(seed, steps);
      const d = grad(p.source, 'L', wrt);
      const wrong = d.evaluate(p.inputs);
      const k = at % wrong.data.length;
      wrong.data[k] = wrong.data[k]! + 1e-4 * Math.max(1, Math.abs(wrong.data[k]!));
      const result = checkDerivative(d.program, d.of, [wrt], wrong, readNamed(p.inputs, d.program.inputs.keys()), {});
      expect(result.ok, `${p.source}\n${JSON.stringify(result)}`).toBe(false);
    }), { numRuns: 60 });
  });

  it('check() accepts a correct gradient whose intermediate values are large (cos of ~5e4) and rejects a wrong one', () => {
    const source = 'A: [n, n]\nt[i] = A[i,j] x[j]\nL = cos(t[i] A[i,j] t[j])';
    const inputs = { x: [3, -2, 2.5], A: [[9, 1, 2], [0, 8, 1], [1, 2, 7]] };
    const d = grad(source, 'L', 'x');
    expect(d.check(inputs).ok).toBe(true);
    const wrong = d.evaluate(inputs);
    wrong.data[1] = wrong.data[1]! * 1.001;
    expect(checkDerivative(d.program, d.of, ['x'], wrong, readNamed(inputs, d.program.inputs.keys()), {}).ok).toBe(false);
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
      const values = readNamed(p.inputs, d.program.inputs.keys());
      const inputs = [...d.program.inputs.values()];
      for (const step of d.steps.filter((s) => ['delta', 'fold', 'zero', 'merge', 'symmetry'].includes(s.rule))) {
        const before = evaluateExpression(step.before.node, inputs, values);
        expect(maxScaledDiff(evaluateExpression(step.after.node, inputs, values), before)).toBeLessThan(1e-12);
      }
    }), { numRuns: 60 });
  });
});
