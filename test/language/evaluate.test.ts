import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate.js';
import { parse } from '../../src/parse.js';
import { codeOf } from '../support/error-cases.js';


describe('evaluate', () => {
  it('accepts ndarrays with any strides, nested arrays and numbers, and returns ndarrays', () => {
    const Wt = ndarray(new Float64Array([1, 3, 2, 4]), [2, 2]).transpose(1, 0); // W = [[1,2],[3,4]]
    const r = evaluate('L = a x[i] W[i,j] y[j]\nz[j] = x[i] W[i,j]', { a: 2, x: [1, 2], W: Wt, y: new Float64Array([1, -1]) });
    expect(r['L']!.shape).toEqual([]);
    expect(r['L']!.get()).toBe(2 * ((1 * 1 + 2 * 3) - (1 * 2 + 2 * 4)));
    expect([r['z']!.get(0), r['z']!.get(1)]).toEqual([7, 10]);
  });

  it('takes a parsed Program as well as source text', () => {
    const program = parse('t = M[i,i]');
    expect(evaluate(program, { M: [[1, 2], [3, 4]] })['t']!.get()).toBe(5);
  });

  it('binds symbolic sizes from the inputs and reports a disagreement', () => {
    const source = 'A: [n, n]\nx: [n]\ny[i] = A[i,j] x[j]';
    expect(Array.from(evaluate(source, { A: [[1, 0, 0], [0, 2, 0], [0, 0, 3]], x: [1, 1, 1] })['y']!.data)).toEqual([1, 2, 3]);
    expect(codeOf(() => evaluate(source, { A: [[1, 0], [0, 1]], x: [1, 1, 1] }))).toBe('input_size_conflict');
  });

  it('treats constructor, __proto__ and toString as ordinary tensor and index names', () => {
    const inputs = JSON.parse('{"__proto__": [[1, 2], [3, 4]], "toString": [5, 6]}') as Record<string, number[][] | number[]>;
    const r = evaluate('constructor[valueOf] = __proto__[valueOf, hasOwnProperty] toString[hasOwnProperty]', inputs);
    expect(Object.keys(r)).toEqual(['constructor']);
    expect(Array.from(r['constructor']!.data)).toEqual([17, 39]);
  });

  it('returns fresh arrays, never the caller\'s own buffer', () => {
    const A = ndarray(Float64Array.of(1, 2, 3, 4), [2, 2]);
    const C = evaluate('C[i,j] = A[i,j]', { A })['C']!;
    C.set(0, 0, 99);
    expect(A.get(0, 0)).toBe(1);
  });

  it('requires only the inputs that some definition reads', () => {
    expect(evaluate('W: [m, 10]\nb: [3]\ns = b[i]', { b: [1, 2, 3] })['s']!.get()).toBe(6);
  });

  it('never reads an inherited property as an input', () => {
    expect(codeOf(() => evaluate('L = constructor[i] x[i]', { x: [1, 2] }))).toBe('missing_input');
  });

  it('reports non-finite results and singular matrices as RicciErrors, not NaN', () => {
    expect(codeOf(() => evaluate('y[i] = log(x[i])', { x: [1, -1] }))).toBe('non_finite_result');
    expect(codeOf(() => evaluate('M: [n, n]\nY[i,j] = inv(M)[i,j]', { M: [[1, 2], [2, 4]] }))).toBe('singular_matrix');
  });
});
