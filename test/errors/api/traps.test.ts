import { describe, expect, it } from 'vitest';
import { einsum, evaluate, grad, hessian, RicciError } from '../../../src/index.js';
import { codeOf } from '../../support/error-cases.js';


describe('evaluation traps', () => {
  it('differentiates x^1.5 at 0 (gradient 1.5·0^0.5 = 0) and refuses x^0.5 there', () => {
    const d = grad('L = x[i]^1.5', 'L', 'x');
    expect(Array.from(d.evaluate({ x: [0, 4] }).data)).toEqual([0, 1.5 * 2]);
    expect(codeOf(() => grad('L = x[i]^0.5', 'L', 'x').evaluate({ x: [0, 4] }))).toBe('non_differentiable_point');
    // its second derivative 0.75·x^-0.5 does not exist at 0
    expect(codeOf(() => hessian('L = x[i]^1.5', 'L', 'x').evaluate({ x: [0, 4] }))).toBe('non_differentiable_point');
  });

  it('checks values on compile().run like evaluate; runUnchecked is the named fast path', () => {
    const compiled = grad('L = relu(x[i])', 'L', 'x').compile({ x: [1] });
    expect(codeOf(() => compiled.run({ x: [0] }))).toBe('non_differentiable_point');
    expect(Array.from(compiled.runUnchecked({ x: [0] }).data)).toEqual([0]);
    expect(Array.from(compiled.run({ x: [2] }).data)).toEqual([1]);
    const symmetric = grad('S: [n, n] symmetric\nL = x[i] S[i,j] x[j]', 'L', 'x').compile({ x: [2], S: [2, 2] });
    expect(codeOf(() => symmetric.run({ x: [1, 2], S: [[1, 2], [3, 4]] }))).toBe('symmetric_input_not_symmetric');
  });

  it('reads a Proxy operand once: data that changes after the first read does not reach the result', () => {
    const changing = (): { data: number[]; shape: number[]; stride: number[]; offset: number } => {
      let reads = 0;
      const data = new Proxy([1, 2, 3], {
        get(target, key, receiver) {
          if (key === '1' && reads++ > 0) return 'oops'; // a second read of element 1 would give NaN
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      return { data, shape: [3], stride: [1], offset: 0 };
    };
    expect(Array.from(einsum('i->', changing()).data)).toEqual([6]);
    expect(evaluate('L = x[i] x[i]', { x: changing() })['L']!.data[0]).toBe(14);
  });

  it('attaches a throwing getter\'s exception as the cause', () => {
    const failure = new Error('getter failed');
    const operand = { get data(): never { throw failure; }, shape: [1], stride: [1], offset: 0 };
    let caught: unknown;
    try {
      einsum('i->i', operand);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RicciError);
    expect((caught as Error).cause).toBe(failure);
  });
});

describe('renderDot (ricci/graphviz)', () => {
  it('rejects a non-string and DOT Graphviz cannot read with coded errors, the cause attached', async () => {
    const { renderDot } = await import('../../../src/graphviz.js');
    await expect(renderDot(null as unknown as string)).rejects.toMatchObject({ code: 'invalid_argument' });
    const rejected = await renderDot('graph { a -- ').then(() => undefined, (e: unknown) => e);
    expect(rejected).toBeInstanceOf(RicciError);
    expect((rejected as RicciError).code).toBe('diagram_graphviz_failed');
    expect((rejected as Error).cause).toBeInstanceOf(Error);
  });
});
