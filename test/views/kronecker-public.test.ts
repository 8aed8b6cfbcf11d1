import { describe, expect, it } from 'vitest';
import { grad, isRicciError, materializeKronecker, toKronecker } from '../../src/index.js';

/** The public materializeKronecker reads its inputs like every other entry point. */
describe('materializeKronecker (public)', () => {
  const view = toKronecker(grad('L = x[i] W[i,j] y[j]', 'L', 'W'), { vec: 'column' });

  it('takes nested arrays: J of xᵀWy wrt vec W (column-major) is (y ⊗ x)ᵀ', () => {
    const J = materializeKronecker(view, { x: [1, 2], W: [[0, 0, 0], [0, 0, 0]], y: [3, 4, 5] })!;
    expect(J.shape).toEqual([1, 6]);
    expect([...J.data]).toEqual([3, 6, 4, 8, 5, 10]);
  });

  it('reports a bad or missing input by name with a RicciError', () => {
    for (const inputs of [{ x: 'a', W: [[1]], y: [1] }, { x: [1, 2], y: [1, 1, 1] }]) {
      let caught: unknown;
      try { materializeKronecker(view, inputs as never); } catch (e) { caught = e; }
      expect(isRicciError(caught)).toBe(true);
    }
  });
});

describe('toKronecker index form (public)', () => {
  it('prints the derivative as toString does, its sums kept whole, not multiplied out', () => {
    const d = grad('x: [3]\nW1: [4, 3]\nW2: [2, 4]\ny: [2]\na1[i] = tanh(W1[i,j] x[j])\na2[i] = tanh(W2[i,j] a1[j])\nC = 0.25 * sum[i]((a2[i] - y[i])^2)', 'C', 'W1');
    const indexForm = toKronecker(d).text.split('\n')[0]!;
    expect(indexForm).toBe(`index form: ∂C/∂W1[i,j] = ${d.toString().split(' = ')[1]!}`);
    expect(indexForm).toContain('(1 - a1[i]^2) (1 - a2[k]^2) (a2[k] - y[k])');
  });
});
