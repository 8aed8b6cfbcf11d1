import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAtomKeys, canonicalSum } from '../../compiler/2-network/canonical-order.js';
import { rebuildNetwork } from '../../compiler/2-network/canonical-rebuild.js';
import { expandNetwork } from '../../compiler/2-network/canonical-terms.js';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph, type Graph } from '../../compiler/2-network/graph.js';
import { createNameSupply } from '../../compiler/2-network/name-supply.js';
import type { Factor, Node } from '../../compiler/2-network/network.js';
import { printExpression } from '../../compiler/2-network/print-network.js';
import { contractDeltas } from '../../compiler/3-calculus/contract-deltas.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

const n = 3;
const names = ['a', 'b', 'c', 'd', 'e'];

/** A random tensor network over A, B: [3,3], x: [3], δ with out ⊆ its indices, plus a variant
 * with the factors shuffled and every summed index renamed. */
function randomNetwork(seed: number): { graph: Graph; original: Node; variant: Node; out: string[] } {
  const random = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const graph = createGraph();
  const atoms = [graph.input('A', [n, n]), graph.input('B', [n, n]), graph.input('x', [n]), graph.delta(n)];
  const count = 1 + Math.floor(random() * 4);
  const factors: Factor[] = Array.from({ length: count }, () => {
    const node = pick(atoms);
    return { node, indices: node.shape.map(() => pick(names)) };
  });
  const used = [...new Set(factors.flatMap((f) => f.indices))];
  const out = used.filter(() => random() < 0.4);
  const renamed = new Map(used.map((i) => [i, out.includes(i) ? i : `${i}_${Math.floor(random() * 100)}`]));
  const shuffled = [...factors].sort(() => random() - 0.5).map((f) => ({ node: f.node, indices: f.indices.map((i) => renamed.get(i)!) }));
  return { graph, original: graph.contract(factors, out), variant: graph.contract(shuffled, out), out };
}

describe('canonical form', () => {
  const values = (() => {
    const random = createRandom(5);
    return { A: randomArray([n, n], random), B: randomArray([n, n], random), x: randomArray([n], random) };
  })();

  it('prints networks equal up to factor order and summed names identically', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const { original, variant, out } = randomNetwork(seed);
      expect(printExpression({ node: variant, indices: out })).toBe(printExpression({ node: original, indices: out }));
      expect(maxScaledDiff(evaluateOne(variant, values), evaluateOne(original, values))).toBeLessThan(1e-12);
    }), { numRuns: 300 });
  });

  it('rebuilds a canonical sum that evaluates like the original, and δ contraction keeps the value', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (seed) => {
      const { graph, original, out } = randomNetwork(seed);
      const sop = expandNetwork(graph, original, out, createNameSupply(out));
      const keys = createAtomKeys(graph, { symmetric: true });
      const expected = evaluateOne(original, values);
      expect(maxScaledDiff(evaluateOne(rebuildNetwork(graph, canonicalSum(keys, sop)), values), expected)).toBeLessThan(1e-12);
      const contracted = contractDeltas(sop);
      expect(maxScaledDiff(evaluateOne(rebuildNetwork(graph, contracted), values), expected)).toBeLessThan(1e-12);
      for (const m of contracted.terms)
        for (const f of m.factors)
          if (f.node.kind === 'delta') expect(f.indices.every((i) => out.includes(i))).toBe(true);
    }), { numRuns: 300 });
  });

  it('reads like a textbook', () => {
    const g = createGraph();
    const [A, x, y] = [g.input('A', [n, n]), g.input('x', [n]), g.input('y', [n])];
    const inv = g.matfn('inv', A);
    const sum = g.add([{ node: A, indices: ['p', 'q'], coefficient: 1 }, { node: A, indices: ['q', 'p'], coefficient: 1 }], ['p', 'q']);
    expect(printExpression({ node: g.contract([{ node: y, indices: ['b'] }, { node: x, indices: ['a'] }], ['a', 'b']), indices: ['i', 'j'] })).toBe('x[i] y[j]');
    expect(printExpression({ node: sum, indices: ['k', 'l'] })).toBe('A[k,l] + A[l,k]');
    const minusInv = g.add([{ node: g.contract([{ node: inv, indices: ['l', 'j'] }, { node: inv, indices: ['i', 'k'] }], ['i', 'j', 'k', 'l']), indices: ['i', 'j', 'k', 'l'], coefficient: -1 }], ['i', 'j', 'k', 'l']);
    expect(printExpression({ node: minusInv, indices: ['i', 'j', 'k', 'l'] })).toBe('-inv(A)[i,k] inv(A)[l,j]');
    const lse = g.map({ name: 'log' }, g.contract([{ node: g.map({ name: 'exp' }, x), indices: ['t'] }], []));
    expect(printExpression({ node: lse, indices: [] })).toBe('log(sum[i](exp(x[i])))');
  });
});
