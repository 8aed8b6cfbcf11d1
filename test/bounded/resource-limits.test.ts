import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileEinsum } from '../../src/compile.js';
import { jacobian } from '../../src/derive.js';
import { einsum } from '../../src/einsum.js';
import { evaluate } from '../../src/evaluate.js';
import { codeOf } from '../support/error-cases.js';

/** Limits checked from shapes before allocation: zero-stride operands make huge shapes cost nothing to pass in. */
const broadcast = (shape: number[]) => ndarray(new Float64Array(1), shape, shape.map(() => 0));


describe('resource limits', () => {
  it('sums over huge zero-stride operands are work_too_large, before any loop', () => {
    expect(codeOf(() => einsum('i->', broadcast([2 ** 53])))).toBe('work_too_large');
    expect(codeOf(() => einsum('ij->', broadcast([1e6, 1e6])))).toBe('work_too_large');
    expect(codeOf(() => einsum('ijk->', broadcast([1e4, 1e4, 1e4])))).toBe('work_too_large');
  });

  it('results beyond maxElements are result_too_large for einsum, compileEinsum, evaluate and Derivative.evaluate', () => {
    expect(codeOf(() => einsum('i,j->ij', broadcast([1e5]), broadcast([1e5])))).toBe('result_too_large');
    expect(codeOf(() => compileEinsum('i,j->ij', [[1e5], [1e5]]))).toBe('result_too_large');
    expect(codeOf(() => evaluate('C[i,j] = a[i] b[j]', { a: broadcast([1e5]), b: broadcast([1e5]) }))).toBe('result_too_large');
    expect(Array.from(evaluate('C[i,j] = a[i] b[j]', { a: [1, 2], b: [3] }).C!.data)).toEqual([3, 6]);
    const d = jacobian('y[i] = W[i,j] x[j]', 'y', 'W');
    expect(codeOf(() => d.evaluate({ W: broadcast([2000, 100]), x: broadcast([100]) }))).toBe('result_too_large');
  });

  it('limits are overridable per call, and validated', () => {
    expect(codeOf(() => compileEinsum('i,j->ij', [[100], [100]], { limits: { maxElements: 50 } }))).toBe('result_too_large');
    const ok = compileEinsum('i,j->ij', [[3], [2]], { limits: { maxElements: 6 } }).run([1, 2, 3], [1, 10]);
    expect(Array.from(ok.data)).toEqual([1, 10, 2, 20, 3, 30]);
    expect(codeOf(() => compileEinsum('i->', [[10]], { limits: { maxWork: 5 } }))).toBe('work_too_large');
    for (const bad of [-1, 0, Number.NaN]) expect(codeOf(() => compileEinsum('i->', [[10]], { limits: { maxElements: bad } }))).toBe('invalid_resource_limit');
  });

  it('a stricter limit is checked even when a plan for the same shapes is cached', () => {
    const d = jacobian('F[i,j] = x[i] y[j]', 'F', 'x');
    const shapes = { x: [20], y: [20] };
    expect(codeOf(() => d.compile(shapes))).toBe('ok');
    expect(codeOf(() => d.compile(shapes, { limits: { maxElements: 100 } }))).toBe('result_too_large');
  });
});
