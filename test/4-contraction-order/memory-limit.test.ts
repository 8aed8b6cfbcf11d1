import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { pathCost } from '../../compiler/4-contraction-order/cost-model.js';
import { choosePath, defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { contractPath } from '../../src/contract-path.js';
import { bruteForceMinimumPeak, problemOf, smallNetwork } from './support.js';

const names = [...defaultOptimizers.keys()];

describe('memoryLimit', () => {
  it('every optimizer keeps each intermediate within the limit, or fails only when no order fits', () => {
    fc.assert(fc.property(smallNetwork, fc.integer({ min: 1, max: 64 }), (problem, limit) => {
      const fits = bruteForceMinimumPeak(problem) <= limit;
      for (const name of names) {
        try {
          const path = choosePath(problem, { optimize: name, memoryLimit: limit });
          expect(pathCost(problem, path).largestIntermediate, name).toBeLessThanOrEqual(limit);
        } catch (e) {
          expect(e, name).toBeInstanceOf(RicciError);
          expect((e as RicciError).code).toBe('path_memory_limit');
          expect(fits, `${name} gave up although an order fits`).toBe(false);
          expect((e as RicciError).values).toEqual([limit, bruteForceMinimumPeak(problem)]);
        }
      }
    }), { numRuns: 150, seed: 8 });
  });

  it('an exact optimizer under a limit pays for it: optimal(limit) ≥ optimal(no limit)', () => {
    const problem = problemOf('ab,bc,cd,da->');
    const free = pathCost(problem, choosePath(problem, { optimize: 'optimal' }));
    const limited = choosePath(problem, { optimize: 'optimal', memoryLimit: 20 });
    expect(pathCost(problem, limited).largestIntermediate).toBeLessThanOrEqual(20);
    expect(pathCost(problem, limited).flops).toBeGreaterThanOrEqual(free.flops);
  });

  it('names the limit and the smallest largest intermediate when nothing fits', () => {
    // 'ij,jk->ik' must write i×k = 20 elements
    const attempt = () => contractPath('ij,jk->ik', [[4, 3], [3, 5]], { memoryLimit: 10 });
    expect(attempt).toThrow(RicciError);
    expect(attempt).toThrow(/memoryLimit = 10 elements.*20 elements/);
  });

  it('rejects a limit that is not a positive number', () => {
    expect(() => contractPath('ij,jk->ik', [[4, 3], [3, 5]], { memoryLimit: 0 })).toThrow(/path_memory_limit_invalid.*got 0/);
    expect(() => contractPath('ij,jk->ik', [[4, 3], [3, 5]], { memoryLimit: Number.NaN })).toThrow(/got NaN/);
  });
});

describe('memoryLimit on networks beyond the exact searches', () => {
  it('every heuristic honours the limit on a 30-tensor ring with side legs', () => {
    // ring bonds r_k of size 4, one open leg o_k of size 2 per tensor summed away with a vector
    const ring = Array.from({ length: 15 }, (_, k) => [`r${k}`, `r${(k + 1) % 15}`, `o${k}`]);
    const legs = Array.from({ length: 15 }, (_, k) => [`o${k}`]);
    const sizes = new Map([...ring.flat(), ...legs.flat()].map((i) => [i, i.startsWith('r') ? 4 : 2]));
    const problem = { inputs: [...ring, ...legs], output: [], sizes };
    for (const name of ['auto', 'dp', 'branch', 'greedy', 'random-greedy']) {
      const path = choosePath(problem, { optimize: name, memoryLimit: 64 });
      expect(pathCost(problem, path).largestIntermediate, name).toBeLessThanOrEqual(64);
      expect(() => choosePath(problem, { optimize: name, memoryLimit: 8 }), name).toThrow(/path_memory_limit/);
    }
  });
});

describe('memoryLimit on a single operand', () => {
  it('fails when the output itself is larger than the limit', () => {
    for (const optimize of names) {
      const attempt = () => contractPath('ab->ba', [[2, 3]], { optimize, memoryLimit: 4 });
      expect(attempt, optimize).toThrow(/path_memory_limit: .*memoryLimit = 4 elements.* 6 elements/);
      expect(contractPath('ab->ba', [[2, 3]], { optimize, memoryLimit: 6 }).path).toEqual([[0]]);
    }
  });
});
