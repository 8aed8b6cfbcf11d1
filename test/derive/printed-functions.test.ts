import { describe, expect, it } from 'vitest';
import { grad, hessian } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { codeOf } from '../support/error-cases.js';

/** step and atZero, which derivatives print (relu′, max′), are functions a program may write. */
describe('step and atZero as written', () => {
  it('compute 1 where u > 0 and 1 where u = 0, through the reference evaluator and the generated kernels', () => {
    const x = [-1.5, 0, 2];
    expect(Array.from(evaluate('s[i] = step(x[i])\na[i] = atZero(x[i])', { x })['s']!.data)).toEqual([0, 0, 1]);
    expect(Array.from(evaluate('s[i] = step(x[i])\na[i] = atZero(x[i])', { x })['a']!.data)).toEqual([0, 1, 0]);
    // the kernels: max's Hessian reads its arg-max indicator (1 at the maximum) in generated code
    const h = hessian('L = max[i](x[i]^2)', 'L', 'x');
    expect(Array.from(h.evaluate({ x: [0, 2, 1] }).data)).toEqual(Array.from(h.evaluateReference({ x: [0, 2, 1] }).data));
    const d = grad('L = step(x[i]) y[i]^2', 'L', 'y');
    expect(Array.from(d.evaluate({ x: [-1.5, 0.5, 2], y: [1, 2, 3] }).data)).toEqual([0, 4, 6]);
  });

  it('differentiate to 0 away from 0, and are refused at 0 — except the arg-max indicator of max′, constant near a unique maximum', () => {
    expect(Array.from(grad('L = atZero(x[i]) + step(x[i])', 'L', 'x').evaluate({ x: [1, -2] }).data)).toEqual([0, 0]);
    expect(codeOf(() => grad('L = atZero(x[i]) y[i]', 'L', 'x').evaluate({ x: [0, 2], y: [1, 1] }))).toBe('non_differentiable_point');
    expect(codeOf(() => grad('L = step(x[i]) y[i]', 'L', 'x').evaluate({ x: [0, 2], y: [1, 1] }))).toBe('non_differentiable_point');
    const h = hessian('L = max[i](x[i]^2)', 'L', 'x');
    expect(h.toString()).toContain('atZero(');
    expect(Array.from(h.evaluate({ x: [0, 2, 1] }).data)).toEqual([0, 0, 0, 0, 2, 0, 0, 0, 0]);
  });
});
