import type { ContractionTree } from './contraction-tree.js';
import { pairStep } from './cost-model.js';
import { CONNECTED_INDEX_WORK, CONNECTED_PAIR_WORK, type SearchBudget } from './search-budget.js';
import { elementsOfIds, type IndexedProblem } from './indexed-problem.js';

/** The connected-subset search tracks subsets as 30-bit masks. */
export const CONNECTED_SEARCH_LIMIT = 30;

interface Entry {
  readonly cost: number;
  /** res(S): sorted ids of the indices still needed outside S. */
  readonly indices: Int32Array;
  /** Members outside S that share an index with res(S). */
  readonly neighbours: number;
  readonly left: number;
  readonly right: number;
}

/**
 * Pfeifer et al. (2014) dynamic programming over connected subsets of one connected component,
 * with cost capping: pass after pass, combine disjoint adjacent subsets A, B into S = A ⊔ B
 * (size by size) keeping only subsets of cost ≤ cap; raise the cap to the cheapest rejected
 * cost (at least ×2) until S = everything is reached. Every subset of optimal cost ≤ cap is found
 * exactly in a pass, so the first full solution is optimal among connected orders. `links` (1 per
 * index id) limits which indices make two tensors adjacent (dp leaves out indices held by many
 * operands); undefined when the budget runs out first.
 */
export function connectedSearch(problem: IndexedProblem, members: readonly number[], memoryLimit: number,
  budget?: SearchBudget, links?: Uint8Array): { tree: ContractionTree; flops: number } | undefined {
  const m = members.length;
  const full = m === 30 ? 0x3fffffff : (1 << m) - 1;
  const { sizes, isOutput } = problem;
  const holders = new Int32Array(sizes.length);
  members.forEach((t, k) => problem.operands[t]!.forEach((i) => { holders[i]! |= 1 << k; }));
  /** Adjacency follows only the linking indices (all of them unless `links` says otherwise). */
  const linking = (i: number) => links === undefined || links[i] === 1;
  const levels: Map<number, Entry>[] = Array.from({ length: m + 1 }, () => new Map());
  members.forEach((t, k) => {
    const indices = problem.operands[t]!;
    let neighbours = 0;
    for (const i of indices) if (linking(i)) neighbours |= holders[i]!;
    levels[1]!.set(1 << k, { cost: 0, indices, neighbours: neighbours & ~(1 << k), left: -1, right: -1 });
  });
  for (let cap = 1; !levels[m]!.has(full);) {
    let rejected = Infinity;
    for (let c = 2; c <= m; c++)
      for (let k = 1; 2 * k <= c; k++)
        for (const [s1, e1] of levels[k]!) {
          if (budget && !budget.spend(CONNECTED_PAIR_WORK * (levels[c - k]!.size + 1))) return undefined;
          for (const [s2, e2] of levels[c - k]!) {
            if ((s1 & s2) !== 0 || (e1.neighbours & s2) === 0 || (k === c - k && s1 > s2)) continue;
            if (budget && !budget.spend(CONNECTED_INDEX_WORK * (e1.indices.length + e2.indices.length))) return undefined;
            const s = s1 | s2;
            const keeps = (id: number) => isOutput[id] === 1 || (holders[id]! & ~s) !== 0;
            const step = pairStep(e1.indices, e2.indices, sizes, keeps);
            const cost = e1.cost + e2.cost + step.flops;
            if (cost > cap) { rejected = Math.min(rejected, cost); continue; }
            const existing = levels[c]!.get(s);
            if (existing && existing.cost <= cost) continue;
            if (step.keptElements > memoryLimit && s !== full) continue;
            const kept: number[] = [];
            pairStep(e1.indices, e2.indices, sizes, keeps, kept);
            const indices = Int32Array.from(kept);
            levels[c]!.set(s, { cost, indices, neighbours: (e1.neighbours | e2.neighbours) & ~s, left: s1, right: s2 });
          }
        }
    if (rejected === Infinity) break;
    cap = Math.max(2 * cap, rejected);
  }
  const top = levels[m]!.get(full);
  if (!top || elementsOfIds(top.indices, sizes) > memoryLimit) return undefined;
  const tree = (s: number): ContractionTree => {
    const e = levels[popcount(s)]!.get(s)!;
    return e.left < 0 ? members[31 - Math.clz32(s)]! : { left: tree(e.left), right: tree(e.right) };
  };
  return { tree: tree(full), flops: top.cost };
}

function popcount(x: number): number {
  let c = 0;
  for (; x !== 0; x &= x - 1) c++;
  return c;
}
