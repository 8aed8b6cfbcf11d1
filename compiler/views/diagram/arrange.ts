import type { DiagramModel } from './diagram-model.js';

/**
 * A left-to-right order of the vertices that keeps connected tensors close: start at a vertex of
 * least degree, append the one most connected to the row so far (ties: the latest, then factor
 * order), then swap neighbours while Σ weight·distance decreases. Deterministic; no randomness.
 *   x[i] y[j] W[i,j]  →  x  W  y
 */
export function arrangeVertices(model: DiagramModel): number[] {
  const n = model.vertices.length;
  if (n === 0) return [];
  const weight = connectionWeights(model);
  const degree = weight.map((row) => row.reduce((s, w) => s + w, 0));
  const start = degree.reduce((best, d, k) => (d < degree[best]! ? k : best), 0);
  const order = [start];
  const placed = new Set(order);
  while (order.length < n) {
    let best = -1;
    let bestScore = -1;
    for (let v = 0; v < n; v++) {
      if (placed.has(v)) continue;
      const score = order.reduce((s, p, k) => s + weight[v]![p]! * (k === order.length - 1 ? n + 1 : 1), 0);
      if (score > bestScore) [best, bestScore] = [v, score];
    }
    order.push(best);
    placed.add(best);
  }
  return improveBySwaps(order, weight);
}

/** weight[u][v] = number of indices shared by vertices u and v. */
function connectionWeights(model: DiagramModel): number[][] {
  const n = model.vertices.length;
  const weight = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const touching = new Map<string, Set<number>>();
  model.vertices.forEach((v, k) => v.indices.forEach((i) => touching.set(i, (touching.get(i) ?? new Set()).add(k))));
  for (const members of touching.values()) {
    const list = [...members];
    for (const u of list) for (const v of list) if (u !== v) weight[u]![v]! += 1;
  }
  return weight;
}

/** Change of Σ weight·distance when the vertices at positions p and p+1 trade places. */
function swapGain(order: readonly number[], p: number, weight: readonly (readonly number[])[]): number {
  const [a, b] = [order[p]!, order[p + 1]!];
  let delta = 0;
  order.forEach((c, q) => {
    if (q < p) delta += weight[a]![c]! - weight[b]![c]!;
    else if (q > p + 1) delta += weight[b]![c]! - weight[a]![c]!;
  });
  return delta;
}

function improveBySwaps(initial: readonly number[], weight: readonly (readonly number[])[]): number[] {
  const order = [...initial];
  for (let pass = 0; pass < order.length; pass++) {
    let improved = false;
    for (let p = 0; p + 1 < order.length; p++)
      if (swapGain(order, p, weight) < 0) {
        [order[p], order[p + 1]] = [order[p + 1]!, order[p]!];
        improved = true;
      }
    if (!improved) break;
  }
  return order;
}
