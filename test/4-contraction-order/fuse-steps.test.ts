import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { checkPath } from '../../compiler/4-contraction-order/check-path.js';
import { expandPath, type ContractionProblem, type LinearPath } from '../../compiler/4-contraction-order/contraction.js';
import { pathCost } from '../../compiler/4-contraction-order/cost-model.js';
import { fuseMemoryBoundSteps } from '../../compiler/4-contraction-order/fuse-steps.js';
import { contractPath } from '../../src/index.js';
import { randomEinsum } from '../5-lower/lower-support.js';

const problem = (subscripts: string, n: number): ContractionProblem => {
  const terms = subscripts.split('->')[0]!.split(',');
  return resolveEinsum(subscripts, terms.map((t) => [...t].map(() => n)));
};
/** A left chain over `count` operands: each step takes the next operand with the product so far. */
const chain = (count: number): LinearPath => Array.from({ length: count - 1 }, (_, k) => (k === 0 ? [0, 1] : [0, count - k - 1]));

describe('fuseMemoryBoundSteps: the one fusion rule', () => {
  it('fuses a Hadamard chain, a Hadamard-reduce and a broadcast product into one n-ary step', () => {
    expect(fuseMemoryBoundSteps(problem('ij,ij,ij->ij', 3), [[0, 1], [0, 1]])).toEqual({ path: [[0, 1, 2]], steps: [[0, 1]] });
    expect(fuseMemoryBoundSteps(problem('ij,ij,ij->i', 3), [[0, 1], [0, 1]])).toEqual({ path: [[0, 1, 2]], steps: [[0, 1]] });
    expect(fuseMemoryBoundSteps(problem('i,i,i->', 3), [[0, 1], [0, 1]])).toEqual({ path: [[0, 1, 2]], steps: [[0, 1]] });
    // the outer product i,j touches i and j, as the Hadamard product with ij after it
    expect(fuseMemoryBoundSteps(problem('i,j,ij->ij', 3), [[0, 1], [0, 1]])).toEqual({ path: [[0, 1, 2]], steps: [[0, 1]] });
    // the consumed product's factors come first (x·y, then with z, as the two steps multiplied)
    expect(fuseMemoryBoundSteps(problem('ij,ij,ij->ij', 3), [[1, 2], [0, 1]])).toEqual({ path: [[1, 2, 0]], steps: [[0, 1]] });
    // a tree: (AB)(CD), both products consumed by the last step
    expect(fuseMemoryBoundSteps(problem('ij,ij,ij,ij->ij', 3), [[0, 1], [0, 1], [0, 1]])).toEqual({ path: [[0, 1, 2, 3]], steps: [[0, 1, 2]] });
  });

  it('leaves steps that touch different indices or sum two, and steps whose result another step uses first', () => {
    // a matrix–vector product after a vector product: the second step touches i, j, k
    const matVec = problem('ij,jk,jk->i', 3);
    expect(fuseMemoryBoundSteps(matVec, [[1, 2], [0, 1]])).toEqual({ path: [[1, 2], [0, 1]], steps: [[0], [1]] });
    // the last step sums j and k: two summed indices stay a step of their own
    expect(fuseMemoryBoundSteps(problem('ijk,ijk,ijk->i', 3), [[0, 1], [0, 1]]).steps).toEqual([[0], [1]]);
    // GEMM-shaped: nothing fuses
    expect(fuseMemoryBoundSteps(problem('ij,jk,kl->il', 3), [[0, 1], [0, 1]]).steps).toEqual([[0], [1]]);
    // a bilinear form: x·A touches i, j and sums i; then ·y touches j
    expect(fuseMemoryBoundSteps(problem('i,ij,j->', 3), [[0, 1], [0, 1]]).steps).toEqual([[0], [1]]);
  });

  it('does a long chain in steps of at most 8 operands, each later one taking the product so far', () => {
    const subscripts = `${Array.from({ length: 20 }, () => 'i').join(',')}->i`;
    const fused = fuseMemoryBoundSteps(problem(subscripts, 5), chain(20));
    expect(fused.path.map((p) => p.length)).toEqual([8, 8, 6]);
    expect(fused.steps.map((g) => g.length)).toEqual([7, 7, 5]);
    expect(fused.steps.flat()).toEqual(Array.from({ length: 19 }, (_, k) => k));
  });

  it('keeps every path valid, its result, and never costs more (random einsums and random paths)', () => {
    let fusing = 0;
    fc.assert(fc.property(randomEinsum({ maxOperands: 7, sizes: [1, 2, 3, 5] }), ({ subscripts, shapes, path }) => {
      const spec = resolveEinsum(subscripts, shapes);
      const fused = fuseMemoryBoundSteps(spec, path);
      if (fused.path.length < path.length) fusing++;
      checkPath(fused.path, spec.inputs.length, 'the fused path');
      expect(fused.steps.flat().sort((a, b) => a - b)).toEqual(path.map((_, k) => k));
      expect(fused.path.every((p) => p.length <= 8)).toBe(true);
      const before = expandPath(spec, path);
      const after = expandPath(spec, fused.path);
      expect(after.at(-1)!.result).toEqual(before.at(-1)!.result);
      // each fused step ends where its last chosen step ended, with the same indices (in some order)
      after.forEach((step, s) => expect([...step.result].sort()).toEqual([...before[fused.steps[s]!.at(-1)!]!.result].sort()));
      const [cost, fusedCost] = [pathCost(spec, path), pathCost(spec, fused.path)];
      expect(fusedCost.flops).toBeLessThanOrEqual(cost.flops);
      expect(fusedCost.elementsWritten).toBeLessThanOrEqual(cost.elementsWritten);
      expect(fusedCost.largestIntermediate).toBeLessThanOrEqual(cost.largestIntermediate);
      // pairwise steps fused cost exactly what they cost apart (numpy's flop convention)
      if (path.every((p) => p.length === 2)) expect(fusedCost.flops).toBe(cost.flops);
    }), { numRuns: 300 });
    expect(fusing).toBeGreaterThan(30);
  });

  it('is reported by contractPath: fusedSteps and a line of the explain table, the path\'s costs unchanged', () => {
    const info = contractPath('ij,ij,ij->i', [[4, 5], [4, 5], [4, 5]]);
    expect(info.path).toEqual([[0, 1], [0, 1]]);
    expect(info.fusedSteps).toEqual([[0, 1]]);
    expect(info.flops).toBe(20 + 40);
    expect(info.toString().split('\n')[7]).toBe('           Fused steps:  1+2 (one loop nest each, no intermediate stored)');
    const gemm = contractPath('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]]);
    expect(gemm.fusedSteps).toEqual([]);
    expect(gemm.toString()).not.toContain('Fused');
  });
});
