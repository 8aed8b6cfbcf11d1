import { describe, expect, it } from 'vitest';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { compileNetwork } from '../../src/compile.js';
import { grad, jacobian } from '../../src/derive.js';
import { evaluate, evaluateReference } from '../../src/evaluate.js';
import { randomInputs } from '../../src/random-inputs.js';
import type { TensorLike } from '../../src/tensor-like.js';

type Inputs = Record<string, TensorLike>;

function caught(run: () => unknown): RicciError {
  try {
    run();
  } catch (e) {
    if (e instanceof RicciError) return e;
    throw e;
  }
  throw new Error('expected a RicciError, got a result');
}

/**
 * Every entry point that takes named inputs of one program, run on the same inputs. A derivative
 * is taken with respect to `wrt`; `compile` gets the shapes of the given values.
 */
function entryPoints(source: string, wrt: string): Record<string, (inputs: Inputs) => unknown> {
  const d = grad(source, 'L', wrt);
  const shapes = (inputs: Inputs): Record<string, number[]> =>
    Object.fromEntries(Object.entries(inputs).map(([name, v]) => [name, shapeOf(v)]));
  return {
    'evaluate': (inputs) => evaluate(source, inputs),
    'evaluateReference': (inputs) => evaluateReference(source, inputs),
    'Derivative.evaluate': (inputs) => d.evaluate(inputs),
    'Derivative.evaluateReference': (inputs) => d.evaluateReference(inputs),
    'Derivative.check': (inputs) => d.check(inputs),
    'Derivative.compile': (inputs) => d.compile(shapes(inputs)).run(inputs),
  };
}

function shapeOf(v: TensorLike): number[] {
  const shape: number[] = [];
  for (let x: unknown = v; Array.isArray(x); x = x[0]) shape.push(x.length);
  return shape;
}

/** Each entry point's code; undefined where it returns a value (compile().run skips checks on values). */
function codesFrom(source: string, wrt: string, inputs: Inputs): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(entryPoints(source, wrt)).map(([name, run]) => {
    try {
      run(inputs);
      return [name, undefined];
    } catch (e) {
      if (e instanceof RicciError) return [name, e.code];
      throw e;
    }
  }));
}

const everyEntry = (code: string) => ({
  'evaluate': code, 'evaluateReference': code, 'Derivative.evaluate': code, 'Derivative.evaluateReference': code,
  'Derivative.check': code, 'Derivative.compile': code,
});

describe('one binder: the same mistake gets the same code from every entry point', () => {
  const layer = 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';

  it('a W whose shape contradicts x (issue 10: Derivative.evaluate returned a 3×3 array)', () => {
    const inputs = { x: [1, 2, 3], W: [[1, 2, 3], [4, 5, 6]], b: [1, 1, 1], y: [1, -1, 2] };
    expect(codesFrom(layer, 'W', inputs)).toEqual(everyEntry('input_size_conflict'));
    const e = caught(() => grad(layer, 'L', 'W').evaluate(inputs));
    expect(e.message).toContain("Size 'i' is 2 from the shape of input 'W' but 3 from input 'x'");
    // the caret points where W is written, as evaluate's does
    expect(e.span).toEqual(caught(() => evaluate(layer, inputs)).span);
    expect(e.span).toBeDefined();
  });

  it('a missing input', () => {
    expect(codesFrom(layer, 'W', { x: [1, 2], W: [[1, 2, 3], [4, 5, 6]], b: [1, 1, 1] })).toEqual(everyEntry('missing_input'));
    const e = caught(() => grad(layer, 'L', 'W').evaluate({ x: [1, 2], b: [1, 1, 1] }));
    expect(e.message).toContain("No value was given for input 'y'");
    expect(e.message).not.toContain('compileNetwork');
  });

  it('a rank or a fixed size other than declared', () => {
    const declared = 'W: [2, 3]\nL = x[i] W[i,j] y[j]';
    expect(codesFrom(declared, 'x', { x: [1, 2, 3], W: [[1, 2, 3], [4, 5, 6], [7, 8, 9]], y: [1, 1, 1] }))
      .toEqual(everyEntry('input_shape_disagrees'));
    expect(codesFrom(declared, 'x', { x: [1, 2], W: [1, 2, 3], y: [1, 1, 1] })).toEqual(everyEntry('input_shape_disagrees'));
  });

  it('a value that is not a tensor', () => {
    const codes = codesFrom(layer, 'W', { x: [1, 2], W: [[1, 2, 3], [4, 5]], b: [1, 1, 1], y: [1, 1, 1] });
    expect(codes).toEqual(everyEntry('invalid_input'));
  });

  it('compileNetwork and a compiled derivative check their inputs with the same codes', () => {
    const d = grad(layer, 'L', 'W');
    const compiled = d.compile({ x: [2], W: [2, 3], b: [3], y: [3] });
    expect(caught(() => compiled.run({ x: [1, 2] })).code).toBe('missing_input');
    expect(caught(() => compiled.run({ x: [1, 2, 3], y: [1, 1, 1] })).code).toBe('input_shape_disagrees');
    expect(caught(() => compiled.run({ x: [1, 2], y: [1, [1], 1] as TensorLike })).code).toBe('invalid_input');
    expect(caught(() => d.compile({ x: [2], W: [3, 3], y: [3] })).code).toBe('input_size_conflict');
    const network = compileNetwork([d.result.node], { x: [2], y: [3] });
    expect(caught(() => compileNetwork([d.result.node], { x: [2] })).code).toBe('missing_input');
    expect(caught(() => network.run({ x: [1, 2] })).code).toBe('missing_input');
    expect(caught(() => network.run({ x: [1, 2], y: [1, 2] })).code).toBe('input_shape_disagrees');
    expect(Array.from(network.run({ x: [1, 2], y: [1, -1, 2] })[0]!.data)).toEqual([1, -1, 2, 2, -2, 4]);
  });

  it('an input the result no longer reads may be left out, but a given one is checked', () => {
    // ∂L/∂W = x[i] y[j] reads neither W nor b
    const d = grad(layer, 'L', 'W');
    expect(Array.from(d.evaluate({ x: [1, 2], y: [1, -1, 2] }).data)).toEqual([1, -1, 2, 2, -2, 4]);
    expect(caught(() => d.evaluate({ x: [1, 2], y: [1, -1, 2], b: [1, 1] })).code).toBe('input_size_conflict');
  });
});

describe('checks on values: one behaviour from every entry point that returns values', () => {
  it('a non-symmetric value for an input declared symmetric', () => {
    const source = 'A: [n, n] symmetric\nL = x[i] A[i,j] x[j]';
    const inputs = { x: [1, 2], A: [[1, 2], [3, 4]] };
    // compile().run checks values like evaluate (runUnchecked is the fast path that does not)
    expect(codesFrom(source, 'x', inputs)).toEqual(everyEntry('symmetric_input_not_symmetric'));
  });

  it('overflow from finite inputs is non_finite_result, never a silent Infinity', () => {
    const source = 'L = exp(x[i]) y[i]';
    const inputs = { x: [1000, 1], y: [1, 1] };
    expect(codesFrom(source, 'y', inputs)).toEqual(everyEntry('non_finite_result'));
  });
});

describe('a function outside its domain is named with its argument, from every entry point that returns values', () => {
  it("log(-1) in the forward values of ∂/∂x Σ log(x)²: evaluate, compile().run and check say which function and argument, not only 'the result'", () => {
    const d = grad('h[i] = log(x[i])\nL = h[i] h[i]', 'L', 'x');
    const runs = [() => d.evaluate({ x: [1, -1] }), () => d.compile({ x: [2] }).run({ x: [1, -1] }), () => d.check({ x: [1, -1] })];
    for (const run of runs) expect(caught(run).message).toBe('non_finite_result: log(-1) is not finite: got NaN at flat position 1\n1 | h[i] = log(x[i])\n           ^^^^^^^^^');
    expect(Array.from(d.evaluate({ x: [1, Math.E] }).data)).toEqual([0, 2 / Math.E]);
  });

  it('an overflow no elementwise function explains keeps the compiled check\'s position', () => {
    const d = grad('L = x[i] x[i] y', 'L', 'x');
    expect(caught(() => d.evaluate({ x: [1e200, 1], y: 1e200 })).message).toBe('non_finite_result: The result is not finite: got Infinity at flat position 0');
  });
});

describe('sizes a result does not carry come from the given shapes (one binding for every entry point)', () => {
  it('a zero gradient compiles and runs (compile().run raised symbol_unbound)', () => {
    for (const source of ['x: [n]\ny: [n]\nL = y[i] y[i]', 'L = x[i] y[i] - y[i] x[i]']) {
      const d = grad(source, 'L', 'x');
      expect(d.toString()).toBe('dL/dx[i] = 0');
      expect(Array.from(d.compile({ x: [3], y: [3] }).run({ x: [1, 2, 3], y: [1, 1, 1] }).data)).toEqual([0, 0, 0]);
      expect(Array.from(d.evaluate({ x: [1, 2, 3], y: [1, 1, 1] }).data)).toEqual([0, 0, 0]);
    }
  });
});

describe('a result too large to allocate is a coded error from every entry point, never a bare RangeError', () => {
  it('result_too_large (checked from the shapes before allocating) naming the element count', () => {
    const big = new Float64Array(100000).fill(1);
    const inputs = { x: big, y: big };
    // F has 1e10 elements, ∂F/∂y 1e15: beyond the default limits.maxElements (2^27)
    expect(caught(() => evaluate('F[i,j] = x[i] y[j]', inputs)).message).toContain('10000000000 elements');
    expect(caught(() => evaluateReference('F[i,j] = x[i] y[j]', inputs)).code).toBe('result_too_large');
    const d = jacobian('F[i,j] = x[i] y[j]', 'F', 'y');
    expect(caught(() => d.evaluate(inputs)).code).toBe('result_too_large');
    expect(caught(() => d.evaluateReference(inputs)).code).toBe('result_too_large'); // the derivative's reference path checks the limits too
    expect(caught(() => compileNetwork([d.of.node], { x: [100000], y: [100000] }).run(inputs)).code).toBe('result_too_large');
  });
});

describe('randomInputs with names JavaScript objects know', () => {
  it('a size or an input named __proto__ or constructor gets a number and an own entry (found by the round-trip property)', () => {
    const d = jacobian('L[i] = W[i,__proto__] constructor[__proto__]', 'L', 'W');
    const drawn = randomInputs(d, { seed: 2 });
    expect(Object.hasOwn(drawn.sizes, '__proto__')).toBe(true);
    expect(typeof drawn.sizes['__proto__']).toBe('number');
    expect(drawn.shapes['W']).toEqual([drawn.sizes['i'], drawn.sizes['__proto__']]);
    expect(Object.hasOwn(drawn.values, 'constructor')).toBe(true);
    expect(d.evaluate(drawn.values as Record<string, TensorLike>).shape).toEqual([drawn.sizes['i'], drawn.sizes['i'], drawn.sizes['__proto__']]);
  });
});
