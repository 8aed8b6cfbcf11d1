import type { ContractionTree } from './contraction-tree.js';
import { pairFlops } from './cost-model.js';
import type { SearchBudget } from './search-budget.js';
import type { IndexedProblem } from './indexed-problem.js';

/** The all-subset search handles at most this many operands (3^16 / 2 ≈ 2·10⁷ splits). */
export const EXACT_SEARCH_LIMIT = 16;

/** Splits the all-subset search visits for n operands, (3^n + 1)/2 − 2^n: its work in budget units. */
export function exactSearchWork(n: number): number {
  return (3 ** n + 1) / 2 - 2 ** n;
}

/**
 * Exact search over every pairwise order, outer products included, by DP over all subsets S:
 *   best(S) = min over splits S = A ⊔ B of best(A) + best(B) + flops(res A, res B)
 * where res(S) = the indices of S still needed by the output or by an operand outside S — a
 * function of S alone, which is what makes the DP exact (opt_einsum's `optimal` caches by pair and
 * misses 7080 on bde,cdh,agdb,hica,ibd,hgicd,hiac). Subsets whose result exceeds the memory limit
 * are never formed. Returns undefined when no order fits, or when `budget` runs out first.
 */
export function exactSearch(problem: IndexedProblem, memoryLimit: number, budget?: SearchBudget): { tree: ContractionTree; flops: number } | undefined {
  const n = problem.operands.length;
  const full = (1 << n) - 1;
  const sets = subsetResults(problem);
  const best = new Float64Array(full + 1).fill(Infinity);
  const choice = new Int32Array(full + 1);
  for (let k = 0; k < n; k++) best[1 << k] = 0;
  const shared = new Float64Array(2);
  let splits = 0;
  for (let s = 3; s <= full; s++) {
    if ((s & 0xfff) === 0 && budget) {
      if (!budget.spend(splits)) return undefined;
      splits = 0;
    }
    const low = s & -s;
    const rest = s ^ low;
    if (rest === 0 || (s !== full && sets.size[s]! > memoryLimit)) continue;
    let bestCost = Infinity, bestLeft = 0;
    for (let sub = (rest - 1) & rest; ; sub = (sub - 1) & rest) {
      const a = sub | low, b = s ^ a;
      splits++;
      const base = best[a]! + best[b]!;
      if (base < bestCost) {
        sets.intersect(a, b, shared);
        const touched = shared[0] === 0 ? 0 : (sets.size[a]! * sets.size[b]!) / shared[0]!;
        const sums = sets.count[a]! + sets.count[b]! - shared[1]! > sets.count[s]!;
        const cost = base + pairFlops(touched, sums);
        if (cost < bestCost) { bestCost = cost; bestLeft = a; }
      }
      if (sub === 0) break;
    }
    best[s] = bestCost;
    choice[s] = bestLeft;
  }
  if (sets.size[full]! > memoryLimit || best[full] === Infinity) return undefined;
  const tree = (s: number): ContractionTree =>
    (s & (s - 1)) === 0 ? 31 - Math.clz32(s) : { left: tree(choice[s]!), right: tree(s ^ choice[s]!) };
  return { tree: tree(full), flops: best[full]! };
}

/**
 * The smallest possible largest intermediate over every pairwise order, by the same subset DP:
 *   peak(S) = max(size(res S), min over splits max(peak A, peak B)),  peak({t}) = 0
 */
export function minimumPeak(problem: IndexedProblem): number {
  const n = problem.operands.length;
  const full = (1 << n) - 1;
  const sets = subsetResults(problem);
  const peak = new Float64Array(full + 1);
  for (let s = 3; s <= full; s++) {
    const low = s & -s, rest = s ^ low;
    if (rest === 0) continue;
    let lowest = Infinity;
    for (let sub = (rest - 1) & rest; ; sub = (sub - 1) & rest) {
      const a = sub | low;
      lowest = Math.min(lowest, Math.max(peak[a]!, peak[s ^ a]!));
      if (sub === 0) break;
    }
    peak[s] = Math.max(lowest, s === full ? 0 : sets.size[s]!);
  }
  return Math.max(peak[full]!, sets.size[full]!);
}

/** res(S) for every subset as bit words, with its element count and number of indices. */
function subsetResults(problem: IndexedProblem) {
  const { operands, sizes, isOutput } = problem;
  const n = operands.length, words = Math.max(1, Math.ceil(sizes.length / 32)), subsets = 1 << n;
  const holders = new Int32Array(sizes.length);
  operands.forEach((t, k) => t.forEach((i) => { holders[i]! |= 1 << k; }));
  const bits = new Uint32Array(subsets * words);
  const size = new Float64Array(subsets);
  const count = new Int32Array(subsets);
  for (let s = 1; s < subsets; s++) {
    const leaf = (s & (s - 1)) === 0;
    let elements = 1, c = 0;
    for (let i = 0; i < sizes.length; i++) {
      const inS = (holders[i]! & s) !== 0;
      const needed = leaf || isOutput[i] === 1 || (holders[i]! & ~s) !== 0;
      if (!inS || !needed) continue;
      bits[s * words + (i >> 5)]! |= 1 << (i & 31);
      elements *= sizes[i]!;
      c++;
    }
    size[s] = elements;
    count[s] = c;
  }
  /** out[0] = Π size over res(a) ∩ res(b), out[1] = its number of indices. */
  const intersect = (a: number, b: number, out: Float64Array): void => {
    let product = 1, c = 0;
    for (let w = 0; w < words; w++) {
      let x = bits[a * words + w]! & bits[b * words + w]!;
      while (x !== 0) {
        const bit = x & -x;
        product *= sizes[w * 32 + 31 - Math.clz32(bit)]!;
        c++;
        x ^= bit;
      }
    }
    out[0] = product;
    out[1] = c;
  };
  return { size, count, intersect };
}
