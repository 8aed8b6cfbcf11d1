import { describe, expect, it } from 'vitest';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { fromMatrixNotation } from '../../compiler/1-parse/matrix-input.js';
import { grad } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { einsum } from '../../src/einsum.js';
import { codeOf } from '../support/error-cases.js';

/** Input that would nest the stack: a coded error or a result, never a RangeError. */

describe('deep and long input', () => {
  it('matrix notation: deep parentheses, long flat sums and products, transposes and minus chains are matrix_input_too_deep', () => {
    const A = { A: [3, 3] };
    const cases = [
      '('.repeat(2000) + 'A' + ')'.repeat(2000),
      Array(5000).fill('A').join('+'),
      Array(5000).fill('A').join('*'),
      'A' + "'".repeat(20000),
      '-'.repeat(20000) + 'A',
      'tr(' .repeat(1000) + 'A' + ')'.repeat(1000),
    ];
    for (const text of cases) expect(codeOf(() => fromMatrixNotation(text, A)), text.slice(0, 20)).toBe('matrix_input_too_deep');
  });

  it('matrix notation below the limit still translates: a 150-term sum and 150 transposes', () => {
    const sum = fromMatrixNotation(`(${Array(150).fill('x').join('+')})'*x`, { x: [3, 1] });
    expect(Object.values(evaluate(sum.source, { x: [[1], [2], [3]] })).at(-1)!.data[0]).toBe(150 * 14);
    expect(codeOf(() => fromMatrixNotation('A' + "'".repeat(150), { A: [3, 3] }))).toBe('ok');
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
