import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileNetwork, compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import { createResidentRegion, residentOperands } from '../../runtime/resident-operands.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import { maxScaledDiff } from '../support/random.js';
import { mlpStep as mlp, mlpShapes } from '../support/mlp-step.js';

/**
 * An operand two or more WebAssembly steps read is copied into the arena once per run and read in
 * place by each (X in X·W1 and Xᵀ·Δ1). Oracles: the JavaScript kernels (no arena; within 1e-12),
 * and the per-root plans of compileNetwork — the same kernels, the value's plan staging X for its
 * one WebAssembly step — bit for bit (a resident copy holds the same values staging would).
 */
const [B, D, H, K] = [12, 9, 8, 5];
const shapes = mlpShapes(B, D, H, K);
const values = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.sin(s + 0.7 * k) * 0.5);
const inputs = (s: number): Record<string, StridedArray> => Object.fromEntries(Object.entries(shapes).map(([name, shape], k) =>
  [name, ndarray(values(shape.reduce((p, n) => p * n, 1), s + k), shape)]));
const { value, parts } = deriveGradients(mlp, 'L', ['W1', 'b1', 'W2', 'b2']);
const roots = [value, ...parts.map((p) => p.result.node)];

describe('resident operands', () => {
  const together = compileSharedNetwork(roots, shapes, { backend: 'wasm' });
  const apart = compileNetwork(roots, shapes, { backend: 'wasm' });
  const js = compileSharedNetwork(roots, shapes, { backend: 'js' });
  const same = (given: Record<string, StridedArray>): void => {
    const got = together.run(given);
    apart.run(given).forEach((r, k) => expect(Array.from(got[k]!.data), `root ${k}`).toEqual(Array.from(r.data)));
    js.run(given).forEach((r, k) => expect(maxScaledDiff(got[k]!, r), `root ${k}`).toBeLessThan(1e-12));
  };

  it('X and W2, each read by several WebAssembly steps of the gradients plan, are resident; Y is not', () => {
    const resident = residentOperands(together.plans[0]!).map((o) => together.inputs[o.index]);
    expect(resident).toContain('X');
    expect(resident).toContain('W2');
    expect(resident).not.toContain('Y');
    expect(residentOperands(js.plans[0]!)).toEqual([]);
  });

  it('give the per-root plans\' results bit for bit, run after run, with new arrays and arrays changed in place', () => {
    const first = inputs(1);
    same(first);
    same(inputs(2));
    (first['X']!.data as Float64Array)[5] = 3;
    (first['W2']!.data as Float64Array).fill(0.25);
    same(first);
  });

  it('read views: X at an offset inside a larger array, and X transposed (another stride variant)', () => {
    const big = values(B * D + 7, 9);
    same({ ...inputs(3), X: { data: big, shape: [B, D], stride: [D, 1], offset: 7 } });
    const t = values(B * D, 4);
    same({ ...inputs(3), X: { data: t, shape: [B, D], stride: [1, B], offset: 0 } });
  });

  it('X and W1 in one array (two operands, one buffer) are told apart by their spans', () => {
    const shared = values(B * D + D * H, 5);
    same({ ...inputs(6), X: { data: shared, shape: [B, D], stride: [D, 1], offset: 0 }, W1: { data: shared, shape: [D, H], stride: [H, 1], offset: B * D } });
  });
});

describe('the resident region', () => {
  it('copies a foreign operand into its slot and finds it there; an operand already in the arena (a resident input) is neither copied nor found', () => {
    const memory = new Float64Array(64);
    const owned = memory.subarray(40, 52);
    const region = createResidentRegion([{ index: 0, min: 0, length: 12 }, { index: 1, min: 0, length: 12 }], memory, 16 * 8, (d) => d === owned);
    const foreign = Float64Array.from({ length: 12 }, (_, k) => k + 1);
    owned.fill(7);
    const dense = (data: Float64Array): StridedArray => ({ data, shape: [12], stride: [1], offset: 0 });
    region.stage([dense(owned), dense(foreign)]);
    // the first slot (elements 16–27) stays as it was: nothing was copied for the owned operand
    expect([...memory.subarray(16, 28)]).toEqual(new Array(12).fill(0));
    expect([...memory.subarray(28, 40)]).toEqual([...foreign]);
    expect(region.addressOf(owned, 0, 0, 11)).toBe(-1);
    expect(region.addressOf(foreign, 0, 0, 11)).toBe(28 * 8);
    region.clear();
    expect(region.addressOf(foreign, 0, 0, 11)).toBe(-1);
  });
});
