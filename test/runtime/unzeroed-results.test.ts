import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { createResultSlab } from '../../runtime/result-slab.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import { compileEinsum, compileNetwork } from '../../src/compile.js';
import { workerThreads } from '../../src/threads.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { asFloat32 } from '../6-emit-wasm/wasm-support.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

/**
 * A plan's fresh output of 16 KB or more is taken from Node's Buffer.allocUnsafeSlow, not zeroed
 * first (runtime/result-slab.ts): every plan writes its whole output. Here that memory is poisoned
 * (every byte 0xff: NaN in float64 and float32), so an element a kernel left unwritten shows.
 */
function poisonUnzeroed(): { calls: () => number } {
  const real = Buffer.allocUnsafeSlow.bind(Buffer);
  const spy = vi.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation((bytes: number) => real(bytes).fill(0xff));
  return { calls: () => spy.mock.calls.length };
}

afterEach(() => { vi.restoreAllMocks(); });

/** Step kinds at sizes whose output is over 16 KB (a summed index of size 0 included: the output is all zeros). */
const cases: readonly (readonly [string, number[][]])[] = [
  ['ij,jk->ik', [[70, 40], [40, 60]]], // GEMM
  ['bhqd,bhkd->bhqk', [[2, 3, 40, 16], [2, 3, 40, 16]]], // attention: a sliced WebAssembly kernel
  ['ij,jk->ki', [[60, 30], [30, 50]]], // transposed output
  ['ij,ij->ij', [[64, 48], [64, 48]]], // Hadamard
  ['i,j->ij', [[64], [48]]], // outer
  ['ij->ji', [[64, 48]]], // transpose
  ['iij->ij', [[64, 64, 48]]], // diagonal
  ['ij,jk->ik', [[64, 0], [0, 48]]], // nothing summed
  ['ij,jk,kl->il', [[50, 20], [20, 30], [30, 60]]], // a chain: intermediates, then the output
];

describe('fresh outputs not zeroed first', () => {
  it('every step kind writes all of its output: poisoned unzeroed memory never shows, JS and WebAssembly, both dtypes', () => {
    const poisoned = poisonUnzeroed();
    for (const [subscripts, shapes] of cases) {
      for (const backend of ['js', 'wasm'] as const) {
        for (const dtype of ['float64', 'float32'] as const) {
          const dense = randomOperands(shapes, 3).map((o) => (dtype === 'float32' ? asFloat32(o) : o));
          const before = poisoned.calls();
          const got = compileEinsum(subscripts, shapes, { backend, dtype }).run(...(dense as never[]));
          const width = dtype === 'float32' ? 4 : 8;
          // the poisoned allocation was the one taken (outputs of 16 KB or more)
          expect(poisoned.calls() - before, `${subscripts} ${backend} ${dtype}`).toBe(got.size * width >= 16384 ? 1 : 0);
          const expected = referenceEinsum(subscripts, dense.map((o) => ({ ...o, data: Float64Array.from(o.data) })));
          expect(maxScaledDiff(got, expected), `${subscripts} ${backend} ${dtype}`).toBeLessThan(dtype === 'float32' ? 1e-4 : 1e-10);
        }
      }
    }
  });

  it('a threaded plan and a plan over an arena made per run: the same', () => {
    const poisoned = poisonUnzeroed();
    const shapes = [[96, 64], [64, 80]];
    const dense = randomOperands(shapes, 5);
    const expected = referenceEinsum('ij,jk->ik', dense);
    const threaded = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', threads: workerThreads(2), lowering: { threadMinimum: 1 } });
    expect(maxScaledDiff(threaded.run(...(dense as never[])), expected)).toBeLessThan(1e-10);
    const perRun = compileEinsum('ij,jk->ik', shapes, { backend: 'wasm', runtime: { retainedArenaBytes: 0, keptArenaBytes: 0 } });
    expect(maxScaledDiff(perRun.run(...(dense as never[])), expected)).toBeLessThan(1e-10);
    expect(poisoned.calls()).toBeGreaterThanOrEqual(1);
  });

  it('network plans (maps, sums, δ on the diagonal of the output, a copy, zero) write all of their output', () => {
    const poisoned = poisonUnzeroed();
    const programs = [
      'X: [64, 40]\nW: [40, 50]\nY[a,i] = tanh(X[a,j] W[j,i])',
      'v: [64]\nD[i,j] = delta[i,j] v[i]',
      'v: [16]\nT[i,j,k] = delta[i,j] delta[j,k] v[k]',
      'A: [64, 48]\nB: [48, 64]\nS[i,j] = A[i,j] + B[j,i] + 2',
      'x: [64]\ny: [48]\nO[i,j] = relu(x[i] - y[j])',
      // the output a copy of an input, or zero: whether a step writes it or not, no poison shows
      'A: [64, 48]\nZ[i,j] = A[i,j]',
      'A: [64, 48]\nZ[i,j] = 0 A[i,j]',
      'A: [64, 48]\nZ[i,j] = A[i,j] - A[i,j]',
    ];
    for (const text of programs) {
      const net = buildProgram(parseRicci(text));
      const root = [...net.definitions.values()].at(-1)!.node;
      const random = createRandom(9);
      const inputs: Record<string, StridedArray> = Object.fromEntries([...net.inputs].map(([name, node]) => [name, randomArray(node.shape as number[], random)]));
      const shapes = Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, a.shape]));
      const before = poisoned.calls();
      const [got] = compileNetwork([root], shapes).run(inputs);
      if (!text.includes('Z[')) expect(poisoned.calls() - before, text).toBe(1);
      expect(maxScaledDiff(got!, evaluateNetwork([root], inputs)[0]!), text).toBeLessThan(1e-12);
    }
  });

  it('a slab whose arrays are not written whole keeps zeroing them', () => {
    poisonUnzeroed();
    const zeroed = createResultSlab('float64').take(4096);
    expect(zeroed.every((x) => x === 0)).toBe(true);
    const unzeroed = createResultSlab('float32', true).take(4096);
    expect(unzeroed).toBeInstanceOf(Float32Array);
    expect(unzeroed.length).toBe(4096);
    expect(Number.isNaN(unzeroed[0])).toBe(true); // the poisoned memory: taken unzeroed
  });
});
