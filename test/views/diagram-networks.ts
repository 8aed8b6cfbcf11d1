import fc from 'fast-check';
import { createGraph } from '../../compiler/2-network/graph.js';
import type { Factor } from '../../compiler/2-network/network.js';
import type { Expression } from '../../compiler/3-calculus/derivation.js';

/** Counts read straight off a flat Contract (factors are leaves): what every format must show. */
export function networkCounts(expr: Expression): { tensors: number; indices: number; legs: number; hubs: number; wires: number } {
  const node = expr.node;
  const factors = node.kind === 'contract' ? node.factors : [{ node, indices: expr.indices }];
  const occurrences = new Map<string, number>();
  for (const name of [...expr.indices, ...factors.flatMap((f) => f.indices)]) occurrences.set(name, (occurrences.get(name) ?? 0) + 1);
  return {
    tensors: factors.length,
    indices: occurrences.size,
    legs: expr.indices.length,
    hubs: [...occurrences.values()].filter((n) => n !== 2).length,
    // an index with two endpoints is one wire; otherwise one wire per endpoint into its hub
    wires: [...occurrences.values()].reduce((s, n) => s + (n === 2 ? 1 : n), 0),
  };
}

/** Random flat networks: up to 6 tensors of rank ≤ 3 over indices i…n, output a subset of the used ones. */
export const flatNetwork = fc.record({
  factors: fc.array(fc.array(fc.constantFrom('i', 'j', 'k', 'l', 'm', 'n'), { minLength: 0, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
  keep: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
}).map(({ factors, keep }): Expression => {
  const g = createGraph();
  const used = [...new Set(factors.flat())];
  const out = used.filter((_, k) => keep[k]);
  const fs: Factor[] = factors.map((indices, k) => ({ node: g.input(`T${k}`, indices.map(() => 2)), indices }));
  return { node: g.contract(fs, out), indices: out };
});
