import { describe, expect, it } from 'vitest';
import type { ContractionProblem } from '../../compiler/4-contraction-order/contraction.js';
import { pathCost } from '../../compiler/4-contraction-order/cost-model.js';
import { greedyPath } from '../../compiler/4-contraction-order/greedy.js';
import { indexProblem } from '../../compiler/4-contraction-order/indexed-problem.js';
import { linearToSsa, ssaToLinear } from '../../compiler/4-contraction-order/path-forms.js';
import { choosePath } from '../../compiler/4-contraction-order/registry.js';
import { createBudget, type SearchBudget } from '../../compiler/4-contraction-order/search-budget.js';
import { reconfigureSubtrees } from '../../compiler/4-contraction-order/subtree-reconfigure.js';
import { checkPath } from '../../compiler/4-contraction-order/check-path.js';
import { createRandom, maxScaledDiff } from '../support/random.js';
import { bruteForceOptimum, evaluateAlong, randomOperands } from './support.js';

/** n tensors joined by `bonds` bonds, each on two distinct random tensors, sizes 2–`maxSize`; no output. */
function randomBonds(n: number, bonds: number, maxSize: number, seed: number): ContractionProblem {
  const random = createRandom(seed);
  const inputs: string[][] = Array.from({ length: n }, () => []);
  const sizes = new Map<string, number>();
  for (let e = 0; e < bonds; e++) {
    const a = e < n ? e : Math.floor(random() * n);
    let b = Math.floor(random() * n);
    while (b === a) b = Math.floor(random() * n);
    inputs[a]!.push(`e${e}`);
    inputs[b]!.push(`e${e}`);
    sizes.set(`e${e}`, 2 + Math.floor(random() * (maxSize - 1)));
  }
  return { inputs, output: [], sizes };
}

const flops = (problem: ContractionProblem, path: readonly (readonly number[])[]) => pathCost(problem, path).flops;
const unlimited = (): SearchBudget => createBudget({ budget: 1e12, timeLimit: 1e9 });

describe('subtree reconfiguration', () => {
  it('re-solving the whole tree (leaves ≥ operands) reaches the brute-force optimum from greedy\'s path', () => {
    for (let seed = 0; seed < 12; seed++) {
      const problem = randomBonds(6 + (seed % 2), 9, 5, seed);
      const n = problem.inputs.length;
      const start = greedyPath(problem, {});
      const ssa = reconfigureSubtrees(indexProblem(problem), linearToSsa(start, n), Infinity, unlimited(), [n]);
      const path = checkPath(ssaToLinear(ssa, n), n, 'test');
      expect(flops(problem, path), `seed ${seed}`).toBe(bruteForceOptimum(problem));
    }
  });

  it('with small subtrees never makes a path dearer, and the result evaluates to the same tensor', () => {
    for (let seed = 0; seed < 6; seed++) {
      const problem = randomBonds(14, 20, 3, 100 + seed);
      const n = problem.inputs.length;
      // a poor start (operands in list order) leaves room to improve
      const start = Array.from({ length: n - 1 }, () => [0, 1]);
      const ssa = reconfigureSubtrees(indexProblem(problem), linearToSsa(start, n), Infinity, unlimited(), [3, 4]);
      const path = checkPath(ssaToLinear(ssa, n), n, 'test');
      expect(flops(problem, path)).toBeLessThanOrEqual(flops(problem, start));
      const values = randomOperands(problem, seed);
      expect(maxScaledDiff(evaluateAlong(problem, path, values), evaluateAlong(problem, start, values))).toBeLessThan(1e-12);
    }
  });

  it('stops when the budget is spent and then returns the path unchanged', () => {
    const problem = randomBonds(14, 20, 3, 7);
    const n = problem.inputs.length;
    const start = linearToSsa(Array.from({ length: n - 1 }, () => [0, 1]), n);
    const ssa = reconfigureSubtrees(indexProblem(problem), start, Infinity, createBudget({ budget: 1, timeLimit: 1e9 }));
    expect(ssa).toEqual(start);
  });
});

describe('auto on large networks', () => {
  it('is never dearer than greedy or random-greedy beyond 40 operands, and its path evaluates like greedy\'s', () => {
    const problem = randomBonds(48, 64, 2, 5);
    const auto = choosePath(problem, { optimize: 'auto' });
    const greedy = choosePath(problem, { optimize: 'greedy' });
    expect(flops(problem, auto)).toBeLessThanOrEqual(flops(problem, greedy));
    expect(flops(problem, auto)).toBeLessThanOrEqual(flops(problem, choosePath(problem, { optimize: 'random-greedy' })));
    const values = randomOperands(problem, 1);
    expect(maxScaledDiff(evaluateAlong(problem, auto, values), evaluateAlong(problem, greedy, values))).toBeLessThan(1e-9);
  });

  it('is deterministic by default: the work budget, not the clock, ends the search', () => {
    const problem = randomBonds(120, 180, 6, 9);
    const first = choosePath(problem, {});
    expect(choosePath(problem, {})).toEqual(first);
    // with the wall clock out of the way entirely, the same path: the default time limit did not bind
    expect(choosePath(problem, { timeLimit: 1e9 })).toEqual(first);
  });

  it('greedy on a budget runs its first variant only once the budget is spent', () => {
    const problem = randomBonds(120, 180, 6, 3);
    let tight = 0, loose = 0;
    const counting = (work: number, count: (units: number) => void): SearchBudget => {
      const inner = createBudget({ budget: work, timeLimit: 1e9 });
      return { spend: (u) => { count(u); return inner.spend(u); }, remaining: inner.remaining, timeLeft: inner.timeLeft, get exhausted() { return inner.exhausted; } };
    };
    const cut = greedyPath(problem, {}, counting(1, (u) => { tight += u; }));
    const full = greedyPath(problem, {}, counting(1e12, (u) => { loose += u; }));
    expect(tight).toBeGreaterThan(0);
    expect(loose).toBeGreaterThan(tight);
    expect(flops(problem, full)).toBeLessThanOrEqual(flops(problem, cut));
  });
});
