import fc from 'fast-check';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileNetwork, compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import { evaluate, grad, gradients } from '../../src/index.js';
import { randomProgram } from '../3-calculus/random-program.js';
import { createRandom, maxScaledDiff } from '../support/random.js';

/**
 * `gradients` compiles the value and every gradient into ONE plan (the first root its output, the
 * others its further results), each shared node computed once. Oracles: the reference evaluator
 * (each gradient's own derivative, the program's value) and the per-root plans of compileNetwork,
 * which compute every root independently with the same kernels (so they agree bit for bit).
 */

const activations = ['tanh', 'sigmoid', 'softplus', 'sin'] as const;

/** A random batched MLP (1–3 layers, sizes up to 20 so some products take the WebAssembly GEMM) and its inputs. */
function randomMlp(seed: number): { source: string; shapes: Record<string, number[]>; inputs: Record<string, ndarray.NdArray<Float64Array>>; wrt: string[] } {
  const random = createRandom(seed);
  const size = (): number => 1 + Math.floor(random() * 20);
  const layers = 1 + Math.floor(random() * 3);
  const widths = Array.from({ length: layers + 1 }, size);
  const batch = size();
  const lines: string[] = [];
  const shapes: Record<string, number[]> = { X: [batch, widths[0]!] };
  let h = 'X';
  for (let l = 1; l <= layers; l++) {
    shapes[`W${l}`] = [widths[l - 1]!, widths[l]!];
    shapes[`b${l}`] = [widths[l]!];
    lines.push(`z${l}[a,i] = ${h}[a,j] W${l}[j,i] + b${l}[i]`);
    if (l < layers) {
      lines.push(`h${l}[a,i] = ${activations[Math.floor(random() * activations.length)]}(z${l}[a,i])`);
      h = `h${l}`;
    }
  }
  shapes['Y'] = [batch, widths[layers]!];
  lines.push(random() < 0.5 ? `L = 0.5 * sum[a,k]((z${layers}[a,k] - Y[a,k])^2)` : `L = sum[a,k](softplus(z${layers}[a,k]) - Y[a,k] z${layers}[a,k])`);
  const inputs = Object.fromEntries(Object.entries(shapes).map(([name, shape]) => {
    const n = shape.reduce((p, m) => p * m, 1);
    return [name, ndarray(Float64Array.from({ length: n }, () => random() - 0.5), shape)];
  }));
  const params = Object.keys(shapes).filter((n) => n !== 'X' && n !== 'Y');
  const wrt = params.filter(() => random() < 0.7);
  return { source: lines.join('\n'), shapes, inputs, wrt: wrt.length > 0 ? wrt : [params[0]!] };
}

describe('gradients run as one plan', () => {
  it('random MLPs: one plan, every gradient equal to its own derivative (reference evaluator) and, bit for bit, to per-root plans', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.constantFrom('auto', 'js', 'wasm'), (seed, backend) => {
      const { source, shapes, inputs, wrt } = randomMlp(seed);
      const { value, parts } = deriveGradients(source, 'L', wrt);
      const roots = [value, ...parts.map((p) => p.result.node)];
      const together = compileSharedNetwork(roots, shapes, { backend });
      expect(together.plans).toHaveLength(1);
      expect(together.plans[0]!.results).toHaveLength(wrt.length);
      const got = together.run(inputs);
      const apart = compileNetwork(roots, shapes, { backend }).run(inputs);
      got.forEach((r, k) => expect(Array.from(r.data), `${source}\nroot ${k}`).toEqual(Array.from(apart[k]!.data)));
      const step = gradients(source, 'L', wrt).compile(shapes, { backend }).run(inputs);
      expect(step.value).toBe(got[0]!.data[0]);
      const reference = evaluate(source, inputs)['L']!;
      expect(Math.abs(step.value - reference.data[0]!) / Math.max(1, Math.abs(reference.data[0]!))).toBeLessThan(1e-12);
      for (const name of wrt) {
        const expected = grad(source, 'L', name).evaluateReference(inputs);
        expect(maxScaledDiff(step.gradients[name]!, expected), `${source}\n∂L/∂${name}`).toBeLessThan(1e-12);
      }
    }), { numRuns: 30 });
  });

  it('random programs (vectors, matrices, symmetric S): the value and gradients wrt x, A, y from one plan match the reference evaluator', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 6 }), (seed, steps) => {
      const p = randomProgram(seed, steps);
      const wrt = ['x', 'A', 'y'];
      const g = gradients(p.source, 'L', wrt);
      const out = g.evaluate(p.inputs);
      const reference = evaluate(p.source, p.inputs)['L']!;
      expect(Math.abs(out.value - reference.data[0]!) / Math.max(1, Math.abs(reference.data[0]!))).toBeLessThan(1e-12);
      for (const name of wrt)
        expect(maxScaledDiff(out.gradients[name]!, g.derivatives[name]!.evaluateReference(p.inputs)), `${p.source}\n∂L/∂${name}`).toBeLessThan(1e-12);
    }), { numRuns: 50 });
  });

  it('a gradient that is an input, or equal to another gradient, is its own result (a copy, not an alias)', () => {
    // ∂L/∂x = y and ∂L/∂y = x: inputs as results; L = s·s with s = x·y twice gives equal roots
    const g = gradients('L = x[i] y[i]', 'L', ['x', 'y']);
    const out = g.compile({ x: [3], y: [3] }).run({ x: [1, 2, 3], y: [4, 5, 6] });
    expect(out.value).toBe(32);
    expect(Array.from(out.gradients['x']!.data)).toEqual([4, 5, 6]);
    expect(Array.from(out.gradients['y']!.data)).toEqual([1, 2, 3]);
    const same = gradients('L = x[i] x[i] + y[i] y[i]', 'L', ['x', 'y']);
    const { value, parts } = deriveGradients('s[i] = x[i] + y[i]\nL = s[i] s[i]', 'L', ['x', 'y']);
    expect(parts[0]!.result.node).toBe(parts[1]!.result.node);
    const roots = [value, ...parts.map((p) => p.result.node)];
    const run = compileSharedNetwork(roots, { x: [2], y: [2] }).run({ x: ndarray(new Float64Array([1, 2]), [2]), y: ndarray(new Float64Array([3, 5]), [2]) });
    expect(Array.from(run[1]!.data)).toEqual([8, 14]);
    expect(Array.from(run[2]!.data)).toEqual([8, 14]);
    expect(run[1]!.data).not.toBe(run[2]!.data);
    expect(Array.from(same.evaluate({ x: [1, 2], y: [3, 4] }).gradients['y']!.data)).toEqual([6, 8]);
  });

  it('results are fresh arrays: a second run does not overwrite the first run\'s gradients', () => {
    const { source, shapes, inputs, wrt } = randomMlp(7);
    const step = gradients(source, 'L', wrt).compile(shapes);
    const first = step.run(inputs);
    const kept = wrt.map((w) => Array.from(first.gradients[w]!.data));
    const moved = Object.fromEntries(Object.entries(inputs).map(([n, a]) => [n, ndarray(a.data.map((x) => 2 * x + 0.1), a.shape)]));
    step.run(moved);
    wrt.forEach((w, k) => expect(Array.from(first.gradients[w]!.data)).toEqual(kept[k]));
  });
});
