import { describe, expect, it } from 'vitest';
import { expandPath, type ContractionProblem } from '../../compiler/4-contraction-order/contraction.js';
import { pathCost } from '../../compiler/4-contraction-order/cost-model.js';
import { chooseContraction, choosePath, defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { createBudget, type SearchBudget } from '../../compiler/4-contraction-order/search-budget.js';
import { connectedSearch } from '../../compiler/4-contraction-order/connected-search.js';
import { indexProblem } from '../../compiler/4-contraction-order/indexed-problem.js';
import { isRicciError, type RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { contractPath } from '../../src/contract-path.js';
import { createRandom } from '../support/random.js';
import { maxScaledDiff } from '../support/random.js';
import { bruteForceOptimum, evaluateAlong, evaluateWhole, problemOf, randomOperands } from './support.js';

/** ab,ac,ad,…->a: one label shared by all n operands (the case that made dp visit every subset). */
function star(n: number): ContractionProblem {
  const inputs = Array.from({ length: n }, (_, k) => ['a', `x${k}`]);
  return { inputs, output: ['a'], sizes: new Map([['a', 3], ...inputs.map((t, k) => [t[1]!, 2 + (k % 3)] as [string, number])]) };
}

/** A random graph on n tensors, each pair joined by a bond of size 2 with probability p (no output). */
function denseNetwork(n: number, p: number, seed: number): ContractionProblem {
  const random = createRandom(seed);
  const inputs: string[][] = Array.from({ length: n }, () => []);
  const sizes = new Map<string, number>();
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (random() < p) {
        const bond = `e${sizes.size}`;
        inputs[a]!.push(bond);
        inputs[b]!.push(bond);
        sizes.set(bond, 2);
      }
  return { inputs, output: [], sizes };
}

/** A budget that counts what is spent (for asserting that a search stopped, without timing it). */
function countingBudget(work: number): SearchBudget & { spent: () => number } {
  const inner = createBudget({ budget: work, timeLimit: 1e9 });
  let spent = 0;
  return {
    spend: (units) => { spent += units; return inner.spend(units); },
    remaining: () => inner.remaining(),
    timeLeft: () => inner.timeLeft(),
    get exhausted() { return inner.exhausted; },
    spent: () => spent,
  };
}

const isValidPath = (problem: ContractionProblem, path: readonly (readonly number[])[]) =>
  expandPath(problem, path).length === path.length && pathCost(problem, path).flops >= 0;

describe('search budgets', () => {
  it('dp and auto order 13–20 operands sharing one label without enumerating subsets, and match greedy or better', () => {
    for (const n of [13, 16, 20]) {
      const problem = star(n);
      const greedy = pathCost(problem, choosePath(problem, { optimize: 'greedy' })).flops;
      for (const optimize of ['dp', 'auto']) {
        // a budget far below 2^n subsets × splits: the hub label must not make every subset connected
        const path = choosePath(problem, { optimize, budget: 2e5, timeLimit: 1e9 });
        expect(isValidPath(problem, path), `${optimize} ${n}`).toBe(true);
        expect(pathCost(problem, path).flops, `${optimize} ${n}`).toBeLessThanOrEqual(greedy);
      }
    }
  });

  it('the budgeted paths on ab,ac,…->a (13 operands) compute what the reference evaluator computes', () => {
    const problem = { ...star(13), sizes: new Map([['a', 3], ...star(13).inputs.map((t) => [t[1]!, 2] as [string, number])]) };
    const values = randomOperands(problem, 13);
    const expected = evaluateWhole(problem, values);
    for (const optimize of ['auto', 'dp', 'random-greedy', 'branch'])
      expect(maxScaledDiff(evaluateAlong(problem, choosePath(problem, { optimize, budget: 2e5, timeLimit: 1e9 }), values), expected), optimize).toBeLessThan(1e-12);
  });

  it('dp stays exact where the hub is a batch label: a batched chain of 14 matrices, within a small budget', () => {
    // zab,zbc,…: z is held by every operand, so it links nobody; the chain bonds leave O(n²) connected subsets
    const bonds = [3, 7, 2, 9, 4, 5, 8, 2, 6, 3, 7, 4, 5, 9, 2];
    const inputs = bonds.slice(0, -1).map((_, k) => ['z', `b${k}`, `b${k + 1}`]);
    const problem = { inputs, output: ['z', 'b0', 'b14'], sizes: new Map([['z', 3], ...bonds.map((size, k) => [`b${k}`, size] as [string, number])]) };
    const exact = chooseContraction(problem, { optimize: 'optimal' });
    expect(exact.proven).toBe(true);
    const dp = pathCost(problem, choosePath(problem, { optimize: 'dp', budget: 2e5, timeLimit: 1e9 })).flops;
    expect(dp).toBe(pathCost(problem, exact.path).flops);
  });

  it('the connected search stops when its budget is spent and says so', () => {
    const problem = denseNetwork(20, 0.4, 3);
    const indexed = indexProblem(problem);
    const budget = countingBudget(1e5);
    expect(connectedSearch(indexed, indexed.operands.map((_, k) => k), Infinity, budget)).toBeUndefined();
    expect(budget.exhausted).toBe(true);
    // it stops promptly: at most one level's worth of work past the budget
    expect(budget.spent()).toBeLessThan(1e5 + 10 * 2 ** 20);
  });

  it('the connected search charges a pair by the indices it carries, not only by the pairs it scans', () => {
    // a ring of 12 tensors, neighbours joined by `bonds` parallel bonds: the same subsets and pairs
    // whatever `bonds` is; only the indices each pair carries grow (a dense network's pairs carry ~19)
    const ring = (bonds: number): ContractionProblem => {
      const inputs = Array.from({ length: 12 }, (_, k) => Array.from({ length: bonds }, (__, b) => [`l${k}_${b}`, `l${(k + 11) % 12}_${b}`]).flat());
      return { inputs, output: [], sizes: new Map(inputs.flat().map((i) => [i, 2])) };
    };
    const spent = (problem: ContractionProblem): number => {
      const indexed = indexProblem(problem);
      const budget = countingBudget(1e12);
      expect(connectedSearch(indexed, indexed.operands.map((_, k) => k), Infinity, budget)).toBeDefined();
      return budget.spent();
    };
    const [one, eight] = [spent(ring(1)), spent(ring(8))];
    // measured inside auto: ~75 ns a scanned pair, ~20 ns an index; charging scans alone let a dense
    // network's search run 1.7 s on auto's 0.5–1 s budget
    expect(eight).toBeGreaterThan(1.5 * one); // charging scans alone: equal (155,160 units each)
  });

  it('every optimizer returns a valid path on dense 20-, 30- and 60-operand networks within a small budget', () => {
    for (const [n, p] of [[20, 0.5], [30, 0.3], [60, 0.15]] as const) {
      const problem = denseNetwork(n, p, n);
      const greedy = pathCost(problem, choosePath(problem, { optimize: 'greedy' })).flops;
      for (const optimize of ['auto', 'dp', 'branch', 'random-greedy']) {
        if (optimize === 'dp' && n > 30) continue; // dp's connected search holds at most 30 operands per component
        const choice = chooseContraction(problem, { optimize, budget: 1e6, timeLimit: 1e9 });
        expect(isValidPath(problem, choice.path), `${optimize} ${n}`).toBe(true);
        expect(pathCost(problem, choice.path).flops, `${optimize} ${n}`).toBeLessThanOrEqual(greedy);
        expect(choice.proven, `${optimize} ${n}`).toBe(false);
      }
    }
  });

  it('optimal past its budget falls back to greedy and does not claim optimality', () => {
    const problem = denseNetwork(14, 0.4, 7);
    const cut = chooseContraction(problem, { optimize: 'optimal', budget: 1000, timeLimit: 1e9 });
    const full = chooseContraction(problem, { optimize: 'optimal' });
    expect(cut.proven).toBe(false);
    expect(full.proven).toBe(true);
    expect(pathCost(problem, cut.path).flops).toBe(pathCost(problem, choosePath(problem, { optimize: 'greedy' })).flops);
    expect(pathCost(problem, full.path).flops).toBeLessThanOrEqual(pathCost(problem, cut.path).flops);
  });

  it('a budget makes the result deterministic: the same work budget gives the same path', () => {
    const problem = denseNetwork(24, 0.3, 11);
    for (const optimize of ['auto', 'random-greedy', 'branch']) {
      const run = () => choosePath(problem, { optimize, budget: 3e5, timeLimit: 1e9, seed: 2 });
      expect(run(), optimize).toEqual(run());
    }
  });
});

describe('PathInfo.provenOptimal', () => {
  it('is true exactly when an exact search finished, and the path then equals the brute-force optimum', () => {
    const expression = 'bde,cdh,agdb,hica,ibd,hgicd,hiac->e';
    const problem = problemOf(expression);
    const shapes = problem.inputs.map((t) => t.map((i) => problem.sizes.get(i)!));
    for (const optimize of ['optimal', 'dp', 'auto']) {
      const info = contractPath(expression, shapes, { optimize });
      expect(info.provenOptimal, optimize).toBe(true);
      expect(info.flops, optimize).toBe(bruteForceOptimum(problem));
    }
    for (const optimize of ['greedy', 'branch', 'random-greedy']) expect(contractPath(expression, shapes, { optimize }).provenOptimal, optimize).toBe(false);
  });

  it('is false for a registered optimizer\'s bare path', () => {
    const problem = problemOf('ij,jk->ik');
    const optimizers = new Map([...defaultOptimizers, ['mine', () => [[0, 1]]]]);
    expect(chooseContraction(problem, { optimize: 'mine', optimizers }).proven).toBe(false);
  });
});

describe('validated search options', () => {
  const codeOf = (f: () => unknown): RicciError | undefined => {
    try {
      f();
      return undefined;
    } catch (e) {
      if (isRicciError(e)) return e;
      throw e;
    }
  };
  const shapes = [[2, 3], [3, 4]];
  it.each([
    ['trials', Infinity, /trials must be an integer from 1 to 1000000, got Infinity/],
    ['trials', 0, /got 0/],
    ['trials', 2.5, /got 2\.5/],
    ['budget', Infinity, /budget must be a finite positive number of work units, got Infinity/],
    ['budget', -1, /got -1/],
    ['timeLimit', Number.NaN, /timeLimit must be a finite positive number of milliseconds, got NaN/],
    ['seed', 0.5, /seed must be a safe integer, got 0\.5/],
  ])('%s = %s is path_option_invalid', (option, value, message) => {
    for (const optimize of ['auto', 'random-greedy', 'greedy']) {
      const e = codeOf(() => contractPath('ij,jk->ik', shapes, { optimize, [option]: value }));
      expect(e?.code, optimize).toBe('path_option_invalid');
      expect(e?.message).toMatch(message);
    }
  });

  it('the option checks also guard direct optimizer calls', () => {
    expect(codeOf(() => defaultOptimizers.get('random-greedy')!(problemOf('ab,bc,cd->ad'), { trials: Infinity }))?.code).toBe('path_option_invalid');
  });
});
