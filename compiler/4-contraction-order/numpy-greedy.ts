import type { IndexName } from '../2-network/network.js';
import type { ContractionProblem, LinearPath } from './contraction.js';
import { elementsOf, stepFlops } from './cost-model.js';

/** numpy's greedy is cubic in the operand count; beyond this it is not run. */
export const NUMPY_GREEDY_LIMIT = 64;

interface Known {
  /** numpy's sort key: (−(size(a) + size(b) − size(ab)), flops), lexicographic. */
  readonly removed: number;
  readonly flops: number;
  readonly left: number;
  readonly right: number;
  readonly result: ReadonlySet<IndexName>;
}

/**
 * numpy.einsum_path's greedy, step for step (same candidates, sort key, order of ties and
 * naive-cost cut-off), so `greedy` can keep the cheaper of it and opt_einsum's and is never worse
 * than numpy's. Undefined when numpy would fall back to one step over every remaining operand.
 */
export function numpyGreedyPath(problem: ContractionProblem, memoryLimit: number): LinearPath | undefined {
  const n = problem.inputs.length;
  const sets: ReadonlySet<IndexName>[] = problem.inputs.map((t) => new Set(t));
  const output = new Set(problem.output);
  const holders = new Map<IndexName, number>();
  const carry = (s: ReadonlySet<IndexName>, delta: number) => s.forEach((i) => holders.set(i, (holders.get(i) ?? 0) + delta));
  sets.forEach((s) => carry(s, 1));
  const all = new Set(problem.inputs.flat());
  const naive = stepFlops(elementsOf(all, problem.sizes), n, [...all].some((i) => !output.has(i)));
  let current = sets.map((_, id) => id);
  let known: Known[] = [];
  let spent = 0;
  const path: number[][] = [];

  const consider = (a: number, b: number): void => {
    const touched = new Set([...sets[a]!, ...sets[b]!]);
    const inBoth = (i: IndexName) => (sets[a]!.has(i) ? 1 : 0) + (sets[b]!.has(i) ? 1 : 0);
    const result = new Set([...touched].filter((i) => output.has(i) || holders.get(i)! > inBoth(i)));
    const size = elementsOf(result, problem.sizes);
    const flops = stepFlops(elementsOf(touched, problem.sizes), 2, result.size < touched.size);
    if (size > memoryLimit || spent + flops > naive) return;
    const removed = elementsOf(sets[a]!, problem.sizes) + elementsOf(sets[b]!, problem.sizes) - size;
    known.push({ removed, flops, left: a, right: b, result });
  };
  const shares = (a: number, b: number) => [...sets[a]!].some((i) => sets[b]!.has(i));
  const pairs = (connectedOnly: boolean) => {
    for (let x = 0; x < current.length; x++)
      for (let y = x + 1; y < current.length; y++)
        if (!connectedOnly || shares(current[x]!, current[y]!)) consider(current[x]!, current[y]!);
  };

  pairs(true);
  while (current.length > 1) {
    if (known.length === 0) pairs(false);
    if (known.length === 0) return undefined;
    const best = known.reduce((b, k) => (k.removed > b.removed || (k.removed === b.removed && k.flops < b.flops) ? k : b));
    path.push([current.indexOf(best.left), current.indexOf(best.right)].sort((x, y) => x - y));
    carry(sets[best.left]!, -1);
    carry(sets[best.right]!, -1);
    carry(best.result, 1);
    const made = sets.length;
    sets.push(best.result);
    spent += best.flops;
    current = [...current.filter((id) => id !== best.left && id !== best.right), made];
    known = known.filter((k) => k.left !== best.left && k.left !== best.right && k.right !== best.left && k.right !== best.right);
    for (const other of current.slice(0, -1)) if (shares(other, made)) consider(other, made);
  }
  return path;
}
