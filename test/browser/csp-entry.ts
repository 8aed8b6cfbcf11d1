import { compileEinsum, createKernelCache, einsum, grad } from '../../src/index.js';

/**
 * What the CSP page runs (bundled by esbuild): the same calls csp.test.ts makes in Node, results
 * as plain arrays on globalThis.ricciResult. Matrix entries are small multiples of 1/4, so every
 * product and partial sum is exact and the results cannot depend on summation order or engine version.
 */
export function cspWorkload(): Record<string, unknown> {
  const matrix = (rows: number, cols: number, seed: number): number[][] =>
    Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (((seed + 7 * i + 3 * j) % 9) - 4) / 4));
  const small = einsum('ij,jk->ik', [[1, 2], [3, 4]], [[5, 6], [7, 8]]);
  const chain = einsum('ij,jk,kl->il', matrix(9, 13, 1), matrix(13, 6, 2), matrix(6, 11, 3));
  const wasm = compileEinsum('ij,jk->ik', [[48, 40], [40, 36]], { backend: 'wasm' }).run(matrix(48, 40, 4), matrix(40, 36, 5));
  const d = grad('f[j] = tanh(W[j,i] x[i]); L = f[j] y[j]', 'L', 'W');
  const g = d.evaluate({ W: matrix(3, 4, 6), x: [0.5, -1, 2, 0.25], y: [1, -2, 0.5] });
  return {
    execution: createKernelCache().execution(),
    small: Array.from(small.data),
    chain: Array.from(chain.data),
    wasm: Array.from(wasm.data),
    grad: Array.from(g.data),
    gradText: d.toString(),
  };
}
