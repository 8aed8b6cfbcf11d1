import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { pathCost, naiveFlops } from '../../compiler/4-contraction-order/cost-model.js';
import type { ContractionProblem } from '../../compiler/4-contraction-order/contraction.js';
import { numpyGreedyPath } from '../../compiler/4-contraction-order/numpy-greedy.js';
import { defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { contractPath } from '../../src/contract-path.js';

interface NumpyPath { path: number[][]; flops: number; naiveFlops: number; largestIntermediate: number }
interface Case {
  name: string; expression: string; shapes: number[][]; greedy: NumpyPath; optimal?: NumpyPath;
  /** opt_einsum 3.4's opt_cost for its greedy, dp and (≤ 7 operands) optimal. */
  optEinsum?: { greedy: number; dp: number; optimal?: number };
}
interface GreedyCase { expression: string; shapes: number[][]; numpyGreedy: number; optEinsumGreedy?: number }
const fixture = JSON.parse(readFileSync(new URL('../fixtures/paths.json', import.meta.url), 'utf8')) as { cases: Case[]; greedyCases: GreedyCase[] };

/** numpy reports Σ step flops + 1; ricci reports the sum itself, as opt_einsum does. */
const numpyFlops = (p: NumpyPath) => p.flops - 1;

describe('costs agree with numpy.einsum_path', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: numpy\'s own paths cost the same under ricci\'s model', (_, c) => {
    const info = contractPath(c.expression, c.shapes, { optimize: 'greedy' });
    const problem = problemOf(c);
    expect(naiveFlops(problem)).toBe(c.greedy.naiveFlops);
    expect(info.naiveFlops).toBe(c.greedy.naiveFlops);
    for (const numpy of [c.greedy, c.optimal].filter((p): p is NumpyPath => p !== undefined)) {
      const cost = pathCost(problem, numpy.path);
      expect(cost.flops).toBe(numpyFlops(numpy));
      expect(cost.largestIntermediate).toBe(numpy.largestIntermediate);
    }
  });
});

describe('numpy\'s greedy, replicated', () => {
  const pairwise = fixture.cases.filter((c) => c.shapes.length >= 3 && c.greedy.path.every((p) => p.length === 2));
  it.each(pairwise.map((c) => [c.name, c] as const))('%s: the same path as numpy.einsum_path(optimize=\'greedy\')', (_, c) => {
    expect(numpyGreedyPath(problemOf(c), Infinity)).toEqual(c.greedy.path);
  });
});

describe('ricci\'s paths against numpy\'s', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: greedy ≤ numpy greedy, optimal and dp ≤ numpy optimal, auto ≤ greedy', (_, c) => {
    const flops = (optimize: string) => contractPath(c.expression, c.shapes, { optimize }).flops;
    const greedy = flops('greedy');
    expect(greedy).toBeLessThanOrEqual(numpyFlops(c.greedy));
    expect(flops('auto')).toBeLessThanOrEqual(greedy);
    expect(flops('random-greedy')).toBeLessThanOrEqual(greedy);
    expect(flops('branch')).toBeLessThanOrEqual(greedy);
    if (c.optimal) {
      const optimal = flops('optimal');
      expect(optimal).toBeLessThanOrEqual(numpyFlops(c.optimal));
      expect(flops('dp')).toBe(optimal);
      expect(flops('auto')).toBe(optimal);
    }
  });

  // present when the fixture was generated with opt_einsum importable (see test/fixtures/paths.py)
  const withOptEinsum = fixture.cases.flatMap((c) => (c.optEinsum ? [[c.name, c, c.optEinsum] as const] : []));
  it.each(withOptEinsum)('%s: greedy ≤ opt_einsum greedy, optimal ≤ opt_einsum optimal and dp', (_, c, oe) => {
    const flops = (optimize: string) => contractPath(c.expression, c.shapes, { optimize }).flops;
    expect(flops('greedy')).toBeLessThanOrEqual(oe.greedy);
    expect(flops('auto')).toBeLessThanOrEqual(oe.greedy);
    if (c.shapes.length <= 16) expect(flops('optimal')).toBeLessThanOrEqual(Math.min(oe.dp, oe.optimal ?? Infinity));
  });

  // opt_einsum's auto runs optimal (≤ 4 operands), branch (5–14: never below its dp, which is exact
  // among connected orders) or greedy (more), so min(greedy, dp, optimal) bounds it from below
  it.each(withOptEinsum)('%s: auto ≤ every opt_einsum search (so ≤ its auto), and proven optimal where it searched exactly', (_, c, oe) => {
    const info = contractPath(c.expression, c.shapes);
    expect(info.flops).toBeLessThanOrEqual(Math.min(oe.greedy, oe.dp, oe.optimal ?? Infinity));
    if (info.provenOptimal) expect(info.flops).toBe(contractPath(c.expression, c.shapes, { optimize: 'optimal' }).flops);
    if (c.shapes.length <= 12) expect(info.provenOptimal).toBe(true);
  });

  it('opt_einsum\'s optimal misses the optimum where ricci\'s does not (9240 vs 7080 and five more)', () => {
    const missed = withOptEinsum.filter(([, c, oe]) => oe.optimal !== undefined &&
      contractPath(c.expression, c.shapes, { optimize: 'optimal' }).flops < oe.optimal).map(([, c]) => c);
    expect(missed.map((c) => c.name)).toContain('bde,cdh,agdb,hica,ibd,hgicd,hiac');
    expect(missed.length).toBeGreaterThanOrEqual(6);
  });

  it('greedy is never worse than numpy\'s or opt_einsum\'s greedy on 200 random networks of 3–20 tensors', () => {
    const worse = fixture.greedyCases.filter((c) =>
      contractPath(c.expression, c.shapes, { optimize: 'greedy' }).flops > Math.min(c.numpyGreedy, c.optEinsumGreedy ?? Infinity));
    expect(worse.map((c) => c.expression)).toEqual([]);
  });

  it('the registry holds the six documented optimizers', () => {
    expect([...defaultOptimizers.keys()].sort()).toEqual(['auto', 'branch', 'dp', 'greedy', 'optimal', 'random-greedy']);
  });
});

function problemOf(c: Case): ContractionProblem {
  const [lhs, rhs] = c.expression.split('->') as [string, string];
  return { inputs: lhs.split(',').map((t) => [...t]), output: [...rhs], sizes: sizesOf(c) };
}

function sizesOf(c: Case): Map<string, number> {
  const sizes = new Map<string, number>();
  c.expression.split('->')[0]!.split(',').forEach((t, k) => [...t].forEach((label, axis) => sizes.set(label, c.shapes[k]![axis]!)));
  return sizes;
}
