import { describe, expect, it } from 'vitest';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { fromMatrixNotation } from '../../compiler/1-parse/matrix-input.js';
import { grad } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { einsum } from '../../src/einsum.js';
import { codeOf } from '../support/error-cases.js';

/** Input that would nest the stack: a coded error or a result, never a RangeError. */

describe('deep and long input', () => {
  it('matrix notation: deep parentheses, minus chains and nested calls are matrix_input_too_deep', () => {
    const A = { A: [3, 3] };
    const cases = [
      '('.repeat(2000) + 'A' + ')'.repeat(2000),
      '-'.repeat(20000) + 'A',
      'tr(' .repeat(1000) + 'A' + ')'.repeat(1000),
      Array(300).fill('(A').join('+') + ')'.repeat(300),
    ];
    for (const text of cases) expect(codeOf(() => fromMatrixNotation(text, A)), text.slice(0, 20)).toBe('matrix_input_too_deep');
  });

  it('matrix notation: long flat sums, products and transposes parse in a loop and translate to one flat sum or product', () => {
    const x = [[1], [2], [3]];
    const sum = fromMatrixNotation(Array(5000).fill('x').join('+'), { x: [3, 1] });
    expect(sum.source.split('\n').at(-1)).toBe(`f[i,j] = ${Array(5000).fill('x[i,j]').join(' + ')}`);
    expect(Array.from(evaluate(sum.source, { x }).f!.data)).toEqual([5000, 10000, 15000]);
    const mixed = fromMatrixNotation(`${Array(2500).fill("x'*A*x").join(' - ')} + x'*x/2/2/2`, { x: [3, 1], A: [3, 3] });
    const A = [[1, 0, 0], [0, 2, 0], [0, 0, 3]];
    // x'Ax = 36, x'x = 14: 36 − 2,499·36 + 14/8
    expect(evaluate(mixed.source, { x, A }).f!.get()).toBeCloseTo(36 - 2499 * 36 + 14 / 8, 9);
    const d = grad(mixed.source, 'f', 'x').evaluate({ x, A });
    // ∂/∂x of (2 − 2,500) x'Ax + x'x/8 = −2,498 (A + Aᵀ) x + x/4
    expect(Array.from(d.data)).toEqual([1, 2, 3].map((v, k) => expect.closeTo(-2498 * 2 * A[k]![k]! * v + v / 4, 6)));
    const product = fromMatrixNotation(Array(5000).fill('A').join('*'), { A: [3, 3] });
    expect(product.source.split('\n').at(-1)!.split(' ')).toHaveLength(5000 + 2);
    expect(fromMatrixNotation('A' + "'".repeat(20000) + '*x', { A: [3, 3], x: [3, 1] }).source).toContain('f[i,j] = A[i,k] x[k,j]');
    expect(fromMatrixNotation('A' + "'".repeat(20001) + '*x', { A: [3, 3], x: [3, 1] }).source).toContain('f[i,j] = A[k,i] x[k,j]');
  });

  it('matrix notation below the limit still translates: 150 nested sums', () => {
    const nested = fromMatrixNotation(`${Array(150).fill('(x').join('+')}${')'.repeat(150)}'*x`, { x: [3, 1] });
    expect(Object.values(evaluate(nested.source, { x: [[1], [2], [3]] })).at(-1)!.data[0]).toBe(150 * 14);
  });

  it('grad through 1,000 chained definitions is exact (2^1000 is finite); 3,000 is expression_too_large, naming the depth', () => {
    const chain = (n: number): string => ['x: [3]', 'a0[i] = x[i]', ...Array.from({ length: n }, (_, k) => `a${k + 1}[i] = 2 a${k}[i]`), `L = a${n}[i] x[i]`].join('\n');
    const d = grad(chain(1000), 'L', 'x');
    const g = Array.from(d.evaluate({ x: [1, 0.5, -1] }).data);
    expect(g.map((v) => v / 2 ** 1001)).toEqual([1, 0.5, -1]);
    try {
      grad(chain(3000), 'L', 'x');
      expect.unreachable();
    } catch (e) {
      expect(isRicciError(e) && e.code).toBe('expression_too_large');
      expect((e as Error).message).toContain('3002');
    }
  });

  it('the Ricci and einsum parsers refuse deep nesting with a code', () => {
    expect(codeOf(() => evaluate(`L = ${'('.repeat(5000)}x[i]${')'.repeat(5000)}`, { x: [1] }))).toBe('nesting_too_deep');
    expect(codeOf(() => evaluate(`L = ${'-'.repeat(5000)}x[i]`, { x: [1] }))).toBe('nesting_too_deep');
    expect(codeOf(() => einsum('('.repeat(5000) + 'i->', [1, 2]))).toMatch(/^einsum_/);
  });
});
