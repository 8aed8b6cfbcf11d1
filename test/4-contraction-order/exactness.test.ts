import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connectedComponents } from '../../compiler/4-contraction-order/components.js';
import { connectedSearch } from '../../compiler/4-contraction-order/connected-search.js';
import type { ContractionProblem } from '../../compiler/4-contraction-order/contraction.js';
import { pathCost } from '../../compiler/4-contraction-order/cost-model.js';
import { indexProblem } from '../../compiler/4-contraction-order/indexed-problem.js';
import { choosePath, defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { bestOverPairs, bruteForceOptimum, flopsSearch, problemOf, smallNetwork } from './support.js';

const flopsOf = (problem: ContractionProblem, name: string) =>
  pathCost(problem, choosePath(problem, { optimize: name })).flops;

describe('exact optimizers', () => {
  it('optimal finds 7080 on opt_einsum\'s bde,cdh,agdb,hica,ibd,hgicd,hiac (its own optimal: 9240)', () => {
    const problem = problemOf('bde,cdh,agdb,hica,ibd,hgicd,hiac->e');
    expect(bruteForceOptimum(problem)).toBe(7080);
    expect(flopsOf(problem, 'optimal')).toBe(7080);
    expect(flopsOf(problem, 'dp')).toBe(7080);
  });

  it('optimal and dp equal a brute-force enumeration of every pairwise order', () => {
    fc.assert(fc.property(smallNetwork, (problem) => {
      const exact = bruteForceOptimum(problem);
      expect(flopsOf(problem, 'optimal')).toBe(exact);
      expect(flopsOf(problem, 'dp')).toBe(exact);
      for (const name of ['greedy', 'branch', 'random-greedy', 'auto']) expect(flopsOf(problem, name)).toBeGreaterThanOrEqual(exact);
      expect(flopsOf(problem, 'auto')).toBe(exact);
    }), { numRuns: 200, seed: 4 });
  });

  it('the connected-subset search is exact among orders that contract only connected pairs', () => {
    const connected = smallNetwork.filter((p) => {
      const indexed = indexProblem(p);
      return connectedComponents(indexed).length === 1 && indexed.operands.every((t) => t.length > 0);
    });
    fc.assert(fc.property(connected, (problem) => {
      const indexed = indexProblem(problem);
      const found = connectedSearch(indexed, indexed.operands.map((_, k) => k), Infinity);
      expect(found?.flops).toBe(bestOverPairs(problem, problem.inputs.map((t) => new Set(t)), { ...flopsSearch, connectedOnly: true }));
    }), { numRuns: 150, seed: 5 });
  });
});
