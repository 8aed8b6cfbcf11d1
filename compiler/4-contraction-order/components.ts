import type { IndexedProblem } from './indexed-problem.js';

/** Operand positions grouped into connected components (operands linked by a shared index, among `links` when given). */
export function connectedComponents(problem: IndexedProblem, links?: Uint8Array): number[][] {
  const parent = problem.operands.map((_, k) => k);
  const find = (k: number): number => {
    while (parent[k] !== k) k = parent[k] = parent[parent[k]!]!;
    return k;
  };
  const firstHolder = new Map<number, number>();
  problem.operands.forEach((t, k) => t.forEach((i) => {
    if (links !== undefined && links[i] === 0) return;
    const h = firstHolder.get(i);
    if (h === undefined) firstHolder.set(i, k);
    else parent[find(h)] = find(k);
  }));
  const groups = new Map<number, number[]>();
  problem.operands.forEach((_, k) => {
    const root = find(k);
    groups.set(root, [...(groups.get(root) ?? []), k]);
  });
  return [...groups.values()];
}
