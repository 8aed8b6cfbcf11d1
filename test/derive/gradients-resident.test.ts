import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileNetwork, grad, gradients, isRicciError, type GradientValues } from '../../src/index.js';
import { maxScaledDiff } from '../support/random.js';
import { mlpStep as mlp, mlpShapes } from '../support/mlp-step.js';

/**
 * `compile(shapes).residentInputs()` of gradients (and of compileNetwork):
 * the inputs as views into the plan's WebAssembly memory, read in place by `run`. Oracles: the same
 * plan run on plain copies (bit for bit in float64: the same kernels read the same values), the
 * reference evaluator, central finite differences.
 */
type Nd = ndarray.NdArray<Float64Array | Float32Array>;
const [B, D, H, K] = [12, 9, 8, 5];
const shapes = mlpShapes(B, D, H, K);
const wrt = ['W1', 'b1', 'W2', 'b2'];
const values = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.sin(s + 0.7 * k) * 0.5);
const plainInputs = (s: number): Record<string, Nd> => Object.fromEntries(Object.entries(shapes).map(([name, shape], k) =>
  [name, ndarray(values(shape.reduce((p, n) => p * n, 1), s + k), shape)]));
/** Plain copies of arrays (of the same element type), so a run on them stages every operand. */
const copies = (given: Readonly<Record<string, Nd>>): Record<string, Nd> =>
  Object.fromEntries(Object.entries(given).map(([name, a]) => [name, ndarray(a.data.slice(), a.shape)]));
const fill = (into: Readonly<Record<string, Nd>>, from: Readonly<Record<string, Nd>>): void => {
  for (const name of Object.keys(from)) into[name]!.data.set(from[name]!.data);
};
const flat = (r: GradientValues): number[] => [r.value, ...wrt.flatMap((w) => Array.from(r.gradients[w]!.data))];
const codeOf = (f: () => unknown): unknown => { try { f(); } catch (e) { return isRicciError(e) ? e.code : `not a RicciError: ${String(e)}`; } return 'no error'; };

describe('compiled gradients: residentInputs()', () => {
  const g = gradients(mlp, 'L', wrt);
  const step = g.compile(shapes, { backend: 'wasm' });

  it('are views into one WebAssembly memory, of the compiled shapes, the same on every call; run on them equals run on copies bit for bit, the reference and finite differences', () => {
    const resident = step.residentInputs() as Record<string, Nd>;
    expect(Object.keys(resident).sort()).toEqual(Object.keys(shapes).sort());
    for (const [name, shape] of Object.entries(shapes)) {
      expect(resident[name]!.shape).toEqual(shape);
      expect(resident[name]!.data.buffer).toBe(resident['X']!.data.buffer);
      expect([...resident[name]!.data].every((v) => v === 0)).toBe(true);
      expect(step.residentInputs()[name]).toBe(resident[name]);
    }
    // one memory holding every input and more (the plan's buffers): the arena
    expect(resident['X']!.data.buffer.byteLength).toBeGreaterThan(Object.values(resident).reduce((n, a) => n + a.data.byteLength, 0));
    const given = plainInputs(1);
    fill(resident, given);
    const got = step.run(resident);
    expect(flat(got)).toEqual(flat(step.run(copies(resident))));
    for (const name of wrt) {
      expect(maxScaledDiff(got.gradients[name]!, grad(mlp, 'L', name).evaluateReference(given))).toBeLessThan(1e-12);
      expect(g.derivatives[name]!.check(resident).ok).toBe(true);
    }
    // the gradients are fresh arrays, not views of the plan's memory
    expect(wrt.some((w) => got.gradients[w]!.data.buffer === resident['X']!.data.buffer)).toBe(false);
  });

  it('a training loop: a new batch written into X and W1 -= lr·dW1 in place are what the next run reads', () => {
    const resident = step.residentInputs() as Record<string, Nd>;
    fill(resident, plainInputs(2));
    const before = step.run(resident).value;
    for (let t = 0; t < 3; t++) {
      resident['X']!.data.set(plainInputs(10 + t)['X']!.data);
      const { value, gradients: d } = step.run(resident);
      expect(flat(step.run(copies(resident)))).toEqual(flat(step.run(resident)));
      const w1 = resident['W1']!.data, dw1 = d['W1']!.data;
      for (let k = 0; k < w1.length; k++) w1[k] = w1[k]! - 1e-3 * dw1[k]!;
      // the step moved W1 along −dW1: on this batch the loss goes down
      expect(step.run(resident).value).toBeLessThan(value);
    }
    expect(step.run(resident).value).not.toBe(before);
  });

  it('mixed with other arrays: plain ones, another plan\'s resident inputs, a transposed view', () => {
    const resident = step.residentInputs() as Record<string, Nd>;
    const given = plainInputs(3);
    fill(resident, given);
    const expected = flat(step.run(given));
    expect(flat(step.run({ ...resident, W1: given['W1']!, Y: given['Y']! }))).toEqual(expected);
    expect(flat(step.run({ ...given, X: resident['X']! }))).toEqual(expected);
    const other = gradients(mlp, 'L', wrt).compile(shapes, { backend: 'wasm' }).residentInputs() as Record<string, Nd>;
    fill(other, given);
    expect(flat(step.run({ ...resident, X: other['X']!, W2: other['W2']! }))).toEqual(expected);
    const t = ndarray(new Float64Array(B * D), [D, B]);
    for (let a = 0; a < B; a++) for (let j = 0; j < D; j++) t.set(j, a, resident['X']!.get(a, j));
    expect(maxScaledDiff({ shape: [expected.length], data: flat(step.run({ ...resident, X: t.transpose(1, 0) as Nd })) },
      { shape: [expected.length], data: expected })).toBeLessThan(1e-12);
  });

  it('arrays of other shapes, resident or not, are the binder\'s coded errors, and the next run is right', () => {
    const resident = step.residentInputs() as Record<string, Nd>;
    const given = plainInputs(4);
    fill(resident, given);
    const expected = flat(step.run(given));
    // the memory of X seen as another shape; another compile's resident X; a plain array of another shape
    expect(codeOf(() => step.run({ ...resident, X: ndarray(resident['X']!.data, [D, B]) }))).toBe('input_size_conflict');
    const bigger = gradients(mlp, 'L', wrt).compile(mlpShapes(B + 1, D, H, K), { backend: 'wasm' }).residentInputs();
    expect(codeOf(() => step.run({ ...resident, X: bigger['X']! }))).toBe('input_size_conflict');
    expect(codeOf(() => step.run({ ...resident, b1: ndarray(new Float64Array(H + 1), [H + 1]) }))).toBe('input_size_conflict');
    expect(codeOf(() => step.run({ ...resident, W1: ndarray(resident['W1']!.data, [D * H]) }))).toBe('input_shape_disagrees');
    expect(flat(step.run(resident))).toEqual(expected);
  });

  it('a plan without WebAssembly (backend js) gets plain arrays it reads in place', () => {
    const js = g.compile(shapes, { backend: 'js' });
    const resident = js.residentInputs() as Record<string, Nd>;
    expect(resident['X']!.data.buffer).not.toBe(resident['W1']!.data.buffer);
    expect(resident['X']!.data.buffer.byteLength).toBe(resident['X']!.data.byteLength);
    const given = plainInputs(5);
    fill(resident, given);
    expect(flat(js.run(resident))).toEqual(flat(js.run(given)));
    expect(maxScaledDiff({ shape: [1], data: [js.run(resident).value] }, { shape: [1], data: [step.run(given).value] })).toBeLessThan(1e-12);
  });

  it('float32: Float32Array views; equal to the run on Float32Array copies, within float32 rounding of the reference', () => {
    const single = g.compile(shapes, { backend: 'wasm', dtype: 'float32' });
    const resident = single.residentInputs() as Record<string, Nd>;
    expect(Object.values(resident).every((a) => a.data instanceof Float32Array && a.data.buffer === resident['X']!.data.buffer)).toBe(true);
    fill(resident, plainInputs(6));
    const got = single.run(resident);
    const staged = single.run(copies(resident));
    expect(got.gradients['W1']!.data).toBeInstanceOf(Float32Array);
    // the float64 reference on the same (float32) values
    const widened = Object.fromEntries(Object.entries(resident).map(([name, a]) => [name, ndarray(Float64Array.from(a.data), a.shape)]));
    for (const name of wrt) {
      const reference = grad(mlp, 'L', name).evaluateReference(widened);
      expect(maxScaledDiff(got.gradients[name]!, reference)).toBeLessThan(1e-5);
      expect(maxScaledDiff(got.gradients[name]!, staged.gradients[name]!)).toBeLessThan(1e-6);
    }
  });

  it('compiling the same shapes again gives the same plan and arrays; other options, other arrays', () => {
    expect(g.compile(shapes, {})).toBe(g.compile(shapes, {}));
    expect(g.compile(shapes).residentInputs()['X']).toBe(g.compile(shapes).residentInputs()['X']);
    expect(g.compile(shapes, { backend: 'wasm' }).residentInputs()['X']).not.toBe(step.residentInputs()['X']);
  });

  it('with matrix functions: only the named inputs are resident (inv(S) and logdet(S) are computed per run); closed form', () => {
    const n = 6;
    const gm = gradients(`S: [${n}, ${n}]\nL = logdet(S) + x[i] inv(S)[i,j] x[j] + x[i] A[i,j] x[j]`, 'L', ['S', 'x', 'A']);
    const compiled = gm.compile({ S: [n, n], x: [n], A: [n, n] }, { backend: 'wasm' });
    const resident = compiled.residentInputs() as Record<string, Nd>;
    expect(Object.keys(resident).sort()).toEqual(['A', 'S', 'x']);
    expect(resident['S']!.data.buffer).toBe(resident['x']!.data.buffer);
    const S = ndarray(new Float64Array(n * n), [n, n]);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S.set(i, j, (i === j ? n : 0) + Math.cos(i + j));
    const given = { S, x: ndarray(values(n, 1), [n]), A: ndarray(values(n * n, 2), [n, n]) };
    fill(resident, given);
    const got = compiled.run(resident);
    expect(maxScaledDiff(got.gradients['x']!, compiled.run(given).gradients['x']!)).toBe(0);
    // ∂/∂A of xᵀAx is x xᵀ; ∂/∂x is (S⁻¹ + S⁻ᵀ) x + (A + Aᵀ) x: against the reference evaluator
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(got.gradients['A']!.get(i, j)).toBeCloseTo(given.x.get(i) * given.x.get(j), 13);
    for (const name of ['S', 'x']) expect(maxScaledDiff(got.gradients[name]!, gm.derivatives[name]!.evaluateReference(given))).toBeLessThan(1e-10);
    // S changed in place: the next run's inv(S) and logdet(S) follow
    resident['S']!.set(0, 0, resident['S']!.get(0, 0) + 1);
    const moved = compiled.run(resident);
    expect(moved.value).not.toBe(got.value);
    expect(maxScaledDiff(moved.gradients['S']!, gm.derivatives['S']!.evaluateReference(copies(resident)))).toBeLessThan(1e-10);
  });
});

describe('residentInputs() of compileNetwork', () => {
  it('compileNetwork: the inputs by name; run on them equals run on copies', () => {
    const d = grad(mlp, 'L', 'W1');
    const network = compileNetwork([d.result.node], shapes, { backend: 'wasm' });
    const resident = network.residentInputs() as Record<string, Nd>;
    expect(Object.values(resident).every((a) => a.data.buffer === resident['X']!.data.buffer)).toBe(true);
    fill(resident, Object.fromEntries(Object.entries(plainInputs(7)).filter(([name]) => name in resident)));
    expect([...network.run(resident)[0]!.data]).toEqual([...network.run(copies(resident))[0]!.data]);
    expect(network.residentInputs()['X']).toBe(resident['X']);
    // two roots, two plans: the second reads the first's resident arrays as any array
    const two = compileNetwork([d.result.node, grad(mlp, 'L', 'W2').result.node], shapes, { backend: 'wasm' });
    expect(two.plans.length).toBe(2);
    const both = two.residentInputs() as Record<string, Nd>;
    fill(both, Object.fromEntries(Object.entries(plainInputs(8)).filter(([name]) => name in both)));
    const [r0, r1] = two.run(both), [c0, c1] = two.run(copies(both));
    expect([...r0!.data]).toEqual([...c0!.data]);
    expect([...r1!.data]).toEqual([...c1!.data]);
  });
});
