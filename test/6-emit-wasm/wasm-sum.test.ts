import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import type { Node } from '../../compiler/2-network/network.js';
import { buildProgram } from '../../compiler/driver/program.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';
import { compileNetwork, gradients, type Backend } from '../../src/index.js';
import { createRandom, randomArray } from '../support/random.js';
import { mlpStep, mlpShapes } from '../support/mlp-step.js';

/** The node of definition `name` in a one-program network. */
function definition(source: string, name: string): Node {
  return buildProgram(source).network.definitions.get(name)!.node;
}

/** The sum kernels of a compiled network that run as WebAssembly. */
const wasmSums = (c: ReturnType<typeof compileNetwork>): number =>
  c.plans.flatMap((p) => p.kernels).filter((k) => k.wasm !== undefined && /_sum_/.test(k.name)).length;

/** |a − b| in units of 2⁻⁵² |b| (about one to two ulps each); 0 only when equal, Infinity against a zero or NaN that differs. */
function ulps(a: number, b: number): number {
  if (Object.is(a, b)) return 0;
  if (Number.isNaN(a) || Number.isNaN(b) || a === 0 || b === 0) return Infinity;
  return Math.abs(a - b) / (Math.abs(b) * Number.EPSILON);
}

function run(source: string, name: string, inputs: Record<string, { data: Float64Array; shape: number[] }>, backend: Backend) {
  const shapes = Object.fromEntries(Object.entries(inputs).map(([n, a]) => [n, a.shape]));
  const compiled = compileNetwork([definition(source, name)], shapes, { backend });
  const given = Object.fromEntries(Object.entries(inputs).map(([n, a]) => [n, ndarray(a.data, a.shape)]));
  return { compiled, result: compiled.run(given)[0]! };
}

describe('a sum through tanh runs as a WebAssembly SIMD kernel', () => {
  it('gives Math.tanh within 5·2⁻⁵² relative (exactly at 0, tiny, huge and infinite values, NaN) at every column parity', () => {
    // z + 0: the sum starts from +0 (as the loop nest's does), so −0 is not among them
    const exact = [0, 5e-324, -1e-300, 20, -22, 40, 710, 1e300, -1e300, Infinity, -Infinity];
    const special = [...exact, 1e-9, 0.3, Math.LN2 / 4, -0.1733, 0.17329, 0.52, 1, -2.5, 19, 19.1];
    const random = createRandom(7);
    const values = [...special, ...Array.from({ length: 4000 }, () => (2 * random() - 1) * 10 ** (4 * random() - 3))];
    for (const columns of [values.length, values.length - 1]) {
      const z = Float64Array.from(values.slice(0, columns));
      const zero = { data: new Float64Array(columns), shape: [columns] };
      const { compiled, result } = run('h[i] = tanh(z[i] + y[i])', 'h', { z: { data: z, shape: [columns] }, y: zero }, 'auto');
      expect(wasmSums(compiled)).toBe(1);
      let worst = 0;
      for (let k = 0; k < columns; k++) worst = Math.max(worst, ulps(result.data[k]!, Math.tanh(z[k]!)));
      expect(worst).toBeLessThanOrEqual(5);
      exact.forEach((x, k) => expect(result.data[k]).toBe(Math.tanh(x)));
    }
    // NaN in, NaN out (the inputs are not finite, so no non_finite_result)
    const { result } = run('h[i] = tanh(z[i] + y[i])', 'h', { z: { data: Float64Array.from({ length: 600 }, (_, k) => (k === 301 ? NaN : k / 100)), shape: [600] }, y: { data: new Float64Array(600), shape: [600] } }, 'auto');
    expect(result.data[301]).toBeNaN();
    expect(result.data[300]).toBe(Math.tanh(3));
  });

  it('equals the reference evaluator for broadcast terms with coefficients, any shape and column parity', () => {
    const source = 'h[a,i,j] = tanh(z[a,i,j] - 2 * b[j] + c[a] + 0.5 * w[i,j])';
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.nat(),
      (a, i, j, seed) => {
        const random = createRandom(seed);
        const inputs = { z: randomArray([a, i, j], random), b: randomArray([j], random), c: randomArray([a], random), w: randomArray([i, j], random) };
        for (const v of Object.values(inputs)) for (let k = 0; k < v.data.length; k++) v.data[k] = 3 * v.data[k]!;
        const { compiled, result } = run(source, 'h', inputs as never, 'wasm');
        expect(wasmSums(compiled)).toBe(1);
        for (const p of compiled.plans) for (const k of p.kernels) if (k.wasm) expect(WebAssembly.validate(fromBase64(k.wasm.module))).toBe(true);
        const reference = evaluateOne(definition(source, 'h'), inputs);
        for (let k = 0; k < reference.data.length; k++) expect(ulps(result.data[k]!, reference.data[k]!)).toBeLessThanOrEqual(6);
      }), { numRuns: 120 });
  });

  it('a plain sum runs as WebAssembly when it reads and writes only intermediates (nothing staged), equal to the reference', () => {
    const source = 't[a,i] = p[a,j] q[j,i] - 2 * r[a,k] s[k,i] + c[a,i] d[a,i]\nu[a,i] = t[a,i] w[a,i]';
    const random = createRandom(11);
    const shapes = { p: [32, 6], q: [6, 21], r: [32, 5], s: [5, 21], c: [32, 21], d: [32, 21], w: [32, 21] };
    const inputs = Object.fromEntries(Object.entries(shapes).map(([n, shape]) => [n, randomArray(shape, random)]));
    for (const backend of ['auto', 'wasm'] as const) {
      const { compiled, result } = run(source, 'u', inputs as never, backend);
      expect(wasmSums(compiled)).toBe(1);
      const reference = evaluateOne(definition(source, 'u'), inputs);
      for (let k = 0; k < reference.data.length; k++) expect(Math.abs(result.data[k]! - reference.data[k]!)).toBeLessThan(1e-14);
    }
    const small = { p: [4, 6], q: [6, 5], r: [4, 5], s: [5, 5], c: [4, 5], d: [4, 5], w: [4, 5] };
    const few = Object.fromEntries(Object.entries(small).map(([n, shape]) => [n, randomArray(shape, random)]));
    expect(wasmSums(run(source, 'u', few as never, 'auto').compiled)).toBe(0);
  });

  it('is chosen by the default backend from 512 values, never for a plain sum of inputs or on the js backend', () => {
    const z = (n: number) => ({ data: Float64Array.from({ length: n }, (_, k) => Math.sin(k)), shape: [n] });
    expect(wasmSums(run('h[i] = tanh(z[i] + y[i])', 'h', { z: z(512), y: z(512) }, 'auto').compiled)).toBe(1);
    expect(wasmSums(run('h[i] = tanh(z[i] + y[i])', 'h', { z: z(511), y: z(511) }, 'auto').compiled)).toBe(0);
    expect(wasmSums(run('h[i] = tanh(z[i] + y[i])', 'h', { z: z(4096), y: z(4096) }, 'js').compiled)).toBe(0);
    expect(wasmSums(run('h[i] = z[i] + y[i]', 'h', { z: z(4096), y: z(4096) }, 'wasm').compiled)).toBe(0);
    // no values: no SIMD form (its loops would run once)
    const empty = run('h[a,i] = tanh(z[a,i] + y[i])', 'h', { z: { data: new Float64Array(0), shape: [3, 0] }, y: { data: new Float64Array(0), shape: [0] } }, 'wasm');
    expect(wasmSums(empty.compiled)).toBe(0);
    expect(empty.result.shape).toEqual([3, 0]);
  });

  it('in a training step: the gradients equal the JavaScript kernels within rounding', () => {
    const [B, D, H, K] = [16, 12, 40, 3];
    const program = mlpStep;
    const shapes = mlpShapes(B, D, H, K);
    const random = createRandom(3);
    const inputs = Object.fromEntries(Object.entries(shapes).map(([n, s]) => {
      const a = randomArray(s, random);
      return [n, ndarray(a.data, s)];
    }));
    const g = gradients(program, 'L', ['W1', 'b1', 'W2', 'b2']);
    const wasm = g.compile(shapes).run(inputs);
    const js = g.compile(shapes, { backend: 'js' }).run(inputs);
    expect(Math.abs(wasm.value - js.value)).toBeLessThan(1e-13 * Math.abs(js.value));
    for (const w of ['W1', 'b1', 'W2', 'b2']) {
      const [a, b] = [wasm.gradients[w]!.data, js.gradients[w]!.data];
      const scale = Math.max(...Array.from(b, Math.abs));
      for (let k = 0; k < b.length; k++) expect(Math.abs(a[k]! - b[k]!)).toBeLessThan(1e-13 * scale);
    }
  });
});
