import { describe, expect, it } from 'vitest';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { grad, hessian, jacobian } from '../../src/derive.js';
import { ricciErrorOf as caught } from '../support/ricci-error-of.js';


describe('bad derivative requests are coded errors naming the values', () => {
  const source = 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';

  it('grad of a tensor names its shape and points at its definition', () => {
    const e = caught(() => grad('W: [3, 4]\nf[j] = x[i] W[i,j]', 'f', 'W'));
    expect(e.code).toBe('grad_of_not_scalar');
    expect(e.message).toContain("'f' has shape (4)");
    expect(e.span).toEqual({ start: 10, end: 28 });
  });

  it('wrt must be an input or an earlier definition; the definition itself is pointed at', () => {
    const e = caught(() => grad(source, 'L', 'L'));
    expect(e.code).toBe('derivative_wrt_not_input');
    expect(e.message).toContain('inputs: x, W, b, y; definitions: f)');
    expect(e.span?.start).toBe(source.indexOf('L ='));
    const unknown = caught(() => grad(source, 'L', 'nope'));
    expect(unknown.code).toBe('derivative_wrt_not_input');
    expect(unknown.message).toContain("'nope': it is neither an input nor a definition other than 'L' (inputs: x, W, b, y; definitions: f)");
  });

  it('of must be a definition', () => {
    const e = caught(() => jacobian(source, 'W', 'x'));
    expect(e.code).toBe('derivative_of_unknown');
    expect(e.message).toContain('definitions: f, L');
  });

  it('language errors pass through with their own codes', () => {
    expect(caught(() => grad('L = det(X)\nv = X[i]', 'L', 'X')).code).toBe('unknown_tensor');
  });
});

describe('non-differentiable points are reported, never a silent NaN', () => {
  it('abs at 0', () => {
    const d = grad('f = abs(x[i])', 'f', 'x');
    const e = caught(() => d.evaluate({ x: [0.5, 0, -1] }));
    expect(e.code).toBe('non_differentiable_point');
    expect(e.message).toContain('abs is not differentiable at 0');
    expect(e.message).toContain('index [1]');
  });

  it('relu at 0, also through check()', () => {
    const d = grad('f = relu(x[i] w[i])', 'f', 'w');
    const e = caught(() => d.check({ x: [1, 2], w: [2, -1] }));
    expect(e.code).toBe('non_differentiable_point');
    expect(e.span).toEqual({ start: 4, end: 19 }); // the caret on relu(x[i] w[i])
  });

  it('sqrt at 0 (the norm at the origin)', () => {
    const d = grad('f = sqrt(x[i] x[i])', 'f', 'x');
    expect(caught(() => d.evaluate({ x: [0, 0] })).message).toContain('sqrt is not differentiable at 0');
  });

  it('a function with no value at the point has no derivative there, even where simplifying removed it (sqrt(u)^2 is u)', () => {
    // h h = x: the simplified gradient reads 1 everywhere, but L = sqrt(x)^2 is undefined at x < 0
    for (const program of ['h[i] = sqrt(x[i])\nL = h[i] h[i]', 'h = x^0.5\nL = h h']) {
      const d = grad(program, 'L', 'x');
      expect(caught(() => d.evaluate({ x: program.includes('[i]') ? [4, -2] : -2 })).message).toMatch(/^non_finite_result: (sqrt\(-2\)|\(-2\)\^0\.5) is not finite/);
      expect(caught(() => d.compile({ x: program.includes('[i]') ? [2] : [] }).run({ x: program.includes('[i]') ? [4, -2] : -2 })).code).toBe('non_finite_result');
    }
    expect(caught(() => grad('L = sum[i](log(x[i]))', 'L', 'x').evaluate({ x: [1, -1] })).message).toContain('log(-1) is not finite');
    expect([...grad('h[i] = sqrt(x[i])\nL = h[i] h[i]', 'L', 'x').evaluate({ x: [4, 2] }).data]).toEqual([1, 1]);
  });

  it('a kinked function of a size used as a value (1/sqrt(n)) is checked with the sizes the inputs bind', () => {
    // sqrt(n) reads no input: its check once had no binding for n (symbol_unbound)
    const d = grad('x: [n]\nf = x[i] x[i] / sqrt(n)', 'f', 'x');
    const got = d.evaluate({ x: [1, 2, 3, 4] });
    expect(Array.from(got.data as Float64Array)).toEqual([1, 2, 3, 4].map((v) => v));
  });

  it('a value that is not symmetric for an input declared symmetric', () => {
    const d = hessian('A: [n, n] symmetric\nf = x[i] A[i,j] x[j]', 'f', 'x');
    const e = caught(() => d.evaluate({ A: [[1, 2], [3, 4]] }));
    expect(e.code).toBe('symmetric_input_not_symmetric');
    expect(e.message).toContain('A[0,1] = 2 and A[1,0] = 3');
  });

  it('a singular matrix under inv/logdet', () => {
    const d = hessian('X: [n, n]\nf = logdet(X)', 'f', 'X');
    expect(caught(() => d.evaluate({ X: [[1, 2], [2, 4]] })).code).toBe('singular_matrix');
  });
});

describe('bad input values reach the user by name', () => {
  it('reports a ragged input of Derivative.evaluate as invalid_input naming the input, not "Operand 0"', () => {
    const d = grad('f[j] = x[i] W[i,j]\nL = f[j] y[j]', 'L', 'W');
    let caught: unknown;
    try {
      d.evaluate({ x: [1, 2], W: [[1, 2], [3]], y: [1, 1] });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RicciError);
    expect((caught as RicciError).code).toBe('invalid_input');
    expect((caught as RicciError).message).toContain("Input 'W'");
  });
});

describe('check refuses options that would make it pass anything', () => {
  const d = grad('L = x[i] x[i]', 'L', 'x');
  it.each([['tolerance', Number.NaN], ['tolerance', -1], ['tolerance', Infinity], ['step', 0], ['step', Number.NaN]] as const)('%s: %s', (name, value) => {
    const e = caught(() => d.check({ x: [1, 2] }, { [name]: value }));
    expect(e.code).toBe('check_option_invalid');
    expect(e.message).toContain(`option ${name} is ${value}`);
  });
});

describe('a non-differentiable point reads as arithmetic', () => {
  it('a power names its exponent (u^0.5, not pow), and a scalar argument needs no position', () => {
    const power = caught(() => grad('L = x[i]^0.5', 'L', 'x').evaluate({ x: [4, 0] })).message.split('\n');
    expect(power[0]).toBe('non_differentiable_point: u^0.5 is not differentiable at 0, which its argument takes at index [1]');
    expect(power.slice(1)).toEqual(['  L = x[i]^0.5', '      ^^^^^^^^']); // the caret on the power as written
    expect(caught(() => grad('L = norm2[i](x[i])', 'L', 'x').evaluate({ x: [0, 0] })).message.split('\n')[0]).toBe('non_differentiable_point: sqrt is not differentiable at 0, which its argument takes');
  });

  it('max(a, b) and min(a, b) at a tie are named as written, with a caret (not the relu they are computed as)', () => {
    const program = 'x: [3]\ny: [3]\nL = sum[i](max(x[i], y[i])) + sum[i](min(x[i], 2 y[i]))';
    const tie = caught(() => grad(program, 'L', 'x').evaluate({ x: [1, 2, 3], y: [0, 2, 1] }));
    expect(tie.code).toBe('non_differentiable_tie');
    expect(tie.message.split('\n')[0]).toBe('non_differentiable_tie: max(x[i], y[i]) is not differentiable where its two arguments are equal, as they are at index [1]');
    expect(program.slice(tie.span!.start, tie.span!.end)).toBe('max(x[i], y[i])');
    const low = caught(() => grad(program, 'L', 'x').evaluate({ x: [1, 2, 3], y: [0, 1, 5] }));
    expect(program.slice(low.span!.start, low.span!.end)).toBe('min(x[i], 2 y[i])');
    expect(low.message).toContain('at index [1]');
    // max(0, z) is relu(z) itself: its kink is at z = 0
    const relu = caught(() => grad('x: [2]\nL = sum[i](max(0, x[i]))', 'L', 'x').evaluate({ x: [0, 1] }));
    expect(relu.code).toBe('non_differentiable_tie');
    expect(relu.message).toContain('max(0, x[i]) is not differentiable where its two arguments are equal, as they are at index [0]');
  });
});
