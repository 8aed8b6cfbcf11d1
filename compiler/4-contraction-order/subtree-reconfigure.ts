import type { ContractionTree } from './contraction-tree.js';
import { pairFlops } from './cost-model.js';
import { exactSearch, exactSearchWork } from './exact-search.js';
import type { IndexedProblem } from './indexed-problem.js';
import type { SsaPath } from './path-forms.js';
import type { SearchBudget } from './search-budget.js';

/**
 * Leaves of each re-solved subtree, in rounds: small subtrees first (cheap: 3,300 splits for 8,
 * and they find most of the gain), larger ones once those converge (28,500 splits for 10, 265,000 for 12).
 */
export const SUBTREE_LEAVES: readonly number[] = [8, 10, 12];
/** Work units charged per split of a re-solve (measured: about 80 ns per split with its share of the set-up, 4× a split of the large exact search). */
const RESOLVE_WORK = 4;
/** Steps costing less than this share of the whole path are not re-solved (they cannot matter much). */
const NEGLIGIBLE = 1e-9;
/** Sweeps over the tree at most (each stops early once a sweep improves nothing). */
const MAX_SWEEPS = 12;

/**
 * Subtree reconfiguration in the style of cotengra's: for each step of the path, dearest first,
 * grow the subtree below it to `leaves[r]` frontier tensors in round r (always opening the dearest
 * step on the frontier), re-solve that small contraction exactly (the all-subset search, whose
 * costs are the same pairwise costs) and keep the new subtree when it is cheaper; sweeps repeat
 * within a round while one improves. Every replacement lowers the path's flops, so the result is
 * never dearer than `ssa` (returned as given when nothing improved). Within `budget`; deterministic.
 */
export function reconfigureSubtrees(problem: IndexedProblem, ssa: SsaPath, memoryLimit: number, budget: SearchBudget,
  leaves: readonly number[] = SUBTREE_LEAVES): SsaPath {
  // only a tree of pairwise steps can be re-solved (a lone single-operand step has no pair to regroup)
  if (ssa.some((step) => step.length !== 2)) return ssa;
  const tree = createTree(problem, ssa);
  let changed = false;
  for (const size of leaves)
    for (let sweep = 0; sweep < MAX_SWEEPS && !budget.exhausted; sweep++) {
      let improved = false;
      const order = tree.internalIds().sort((x, y) => tree.cost[y]! - tree.cost[x]! || x - y);
      const total = order.reduce((sum, id) => sum + tree.cost[id]!, 0);
      for (const id of order) {
        if (budget.exhausted || tree.cost[id]! < NEGLIGIBLE * total) break;
        if (tree.alive[id] && tree.resolve(id, size, memoryLimit, budget)) improved = true;
      }
      if (!improved) break;
      changed = true;
    }
  return changed ? tree.toSsa() : ssa;
}

/** A mutable contraction tree over growing arrays; ids < n are the operands. */
function createTree(problem: IndexedProblem, ssa: SsaPath) {
  const { operands, sizes, isOutput } = problem;
  const n = operands.length;
  const total = new Int32Array(sizes.length);
  for (const t of operands) for (const i of t) total[i]!++;
  const open: Int32Array[] = [...operands];
  const counts: Int32Array[] = operands.map((t) => new Int32Array(t.length).fill(1));
  const left: number[] = [], right: number[] = [];
  const cost: number[] = new Array<number>(n).fill(0);
  const alive: boolean[] = new Array<boolean>(n).fill(true);

  /** Sets node id's children to a and b and derives its open indices, their holder counts and its step's flops. */
  const join = (id: number, a: number, b: number): void => {
    const x = open[a]!, y = open[b]!, cx = counts[a]!, cy = counts[b]!;
    const ids: number[] = [], cs: number[] = [];
    let touched = 1, sums = false, i = 0, j = 0;
    while (i < x.length || j < y.length) {
      const u = i < x.length ? x[i]! : Infinity, v = j < y.length ? y[j]! : Infinity;
      const index = u < v ? u : v;
      const c = (u === index ? cx[i++]! : 0) + (v === index ? cy[j++]! : 0);
      touched *= sizes[index]!;
      if (isOutput[index] === 1 || c < total[index]!) { ids.push(index); cs.push(c); } else sums = true;
    }
    left[id - n] = a; right[id - n] = b;
    open[id] = Int32Array.from(ids); counts[id] = Int32Array.from(cs);
    cost[id] = pairFlops(touched, sums);
    alive[id] = true;
  };
  const make = (a: number, b: number): number => {
    const id = open.length;
    open.push(new Int32Array(0)); counts.push(new Int32Array(0)); cost.push(0); alive.push(true);
    join(id, a, b);
    return id;
  };
  for (const [a, b] of ssa) make(a!, b!);
  const root = open.length - 1;
  const isStep = (id: number) => id >= n;

  return {
    cost, alive,
    internalIds: () => Array.from({ length: open.length - n }, (_, k) => k + n).filter((id) => alive[id]),
    /** Re-solves the subtree of `id` over up to `leaves` frontier tensors; true when that lowered the cost. */
    resolve(id: number, leaves: number, memoryLimit: number, budget: SearchBudget): boolean {
      const frontier = [left[id - n]!, right[id - n]!];
      const opened: number[] = [];
      let before = cost[id]!;
      while (frontier.length < leaves) {
        let pick = -1;
        for (let k = 0; k < frontier.length; k++)
          if (isStep(frontier[k]!) && (pick < 0 || cost[frontier[k]!]! > cost[frontier[pick]!]!)) pick = k;
        if (pick < 0) break;
        const node = frontier[pick]!;
        frontier.splice(pick, 1, left[node - n]!, right[node - n]!);
        opened.push(node);
        before += cost[node]!;
      }
      if (frontier.length < 3) return false;
      if (!budget.spend(RESOLVE_WORK * exactSearchWork(frontier.length))) return false;
      const found = exactSearch(subProblem(frontier, open[id]!), memoryLimit);
      if (!found || !(found.flops < before * (1 - 1e-12))) return false;
      for (const node of opened) alive[node] = false;
      const build = (t: ContractionTree): number => (typeof t === 'number' ? frontier[t]! : make(build(t.left), build(t.right)));
      const top = found.tree as { left: ContractionTree; right: ContractionTree };
      join(id, build(top.left), build(top.right));
      return true;
    },
    /** The tree's steps in post-order (iterative: trees from greedy may be as deep as the operands are many). */
    toSsa(): number[][] {
      const out: number[][] = [];
      const newId = new Map<number, number>();
      const stack: { id: number; expanded: boolean }[] = [{ id: root, expanded: false }];
      while (stack.length > 0) {
        const top = stack.pop()!;
        if (!isStep(top.id)) continue;
        const a = left[top.id - n]!, b = right[top.id - n]!;
        if (!top.expanded) {
          stack.push({ id: top.id, expanded: true }, { id: b, expanded: false }, { id: a, expanded: false });
          continue;
        }
        const x = isStep(a) ? newId.get(a)! : a, y = isStep(b) ? newId.get(b)! : b;
        out.push([Math.min(x, y), Math.max(x, y)]);
        newId.set(top.id, n + out.length - 1);
      }
      return out;
    },
  };

  /** The frontier tensors as a small problem of their own, with `result`'s indices as its output. */
  function subProblem(frontier: readonly number[], result: Int32Array): IndexedProblem {
    const local = new Map<number, number>();
    const localOf = (i: number) => {
      let k = local.get(i);
      if (k === undefined) local.set(i, (k = local.size));
      return k;
    };
    const subOperands = frontier.map((f) => Int32Array.from(open[f]!, localOf).sort());
    const subSizes = new Float64Array(local.size), subOutput = new Uint8Array(local.size);
    for (const [global, k] of local) subSizes[k] = sizes[global]!;
    for (const i of result) subOutput[local.get(i)!] = 1;
    return { operands: subOperands, sizes: subSizes, isOutput: subOutput };
  }
}
