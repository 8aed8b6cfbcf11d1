import { expandPath, type ContractionProblem, type LinearPath, type PathStep } from './contraction.js';

/**
 * A path as it is lowered: each entry one loop nest, n-ary where steps of the chosen path were fused.
 *   ij,ij,ij->ij along [[0, 1], [0, 1]]  →  path [[0, 1, 2]], steps [[0, 1]]
 */
export interface FusedPath {
  /** One entry per loop nest: positions in the operand list current before it (as a linear path's). */
  readonly path: LinearPath;
  /** For each entry of `path`, the steps of the chosen path it does (0-based, ascending). */
  readonly steps: readonly (readonly number[])[];
}

/**
 * Operands of one fused step at most. A longer chain is done in steps of this many (the chain
 * rule's 74-factor products under a Hessian: one kernel per 8, the same source each time, so
 * kernels are shared; fused whole, every chain was a kernel of its own, 24× the source). Memory
 * traffic of k operands fused is (k + 1)·n against 3(k − 1)·n in pairs: 2.3× less at 8.
 */
const fusedOperandsAtMost = 8;

/**
 * The one rule for fusing steps: a step is done inside the step that consumes its result when both
 * touch the same indices, so every operand of either is read once per point of one iteration space
 * (memory-bound: the intermediate is as large as that space, nothing in it is reused) and at most
 * one index is summed, by the consumer, and the fused step has at most `fusedOperandsAtMost`
 * operands. The fused step then reads each operand once and stores no
 * intermediate; its numpy flop count, touched × (terms − 1 + [summed]), is the two steps' sum
 * when they are pairwise (less when one had a single operand), so the path's cost stays true. Every intermediate of a path has one user, the step consuming it.
 * Factors are ordered as the unfused steps multiply them (a consumed product first, then the
 * consumer's other operands), so a chain's products round as they did in two steps.
 *   ij,ij,ij->i along [[0, 1], [0, 1]]  →  one step: out[i] = Σ_j A[i,j] B[i,j] C[i,j]
 *   ij,jk,k->i: not fused (the second step touches i,j,k, the first j,k: a matrix–vector product)
 */
export function fuseMemoryBoundSteps(problem: ContractionProblem, path: LinearPath): FusedPath {
  const n = problem.inputs.length;
  const steps = expandPath(problem, path);
  // operands are named as in an SSA path: inputs 0…n−1, step k's result n + k
  const consumed: number[][] = [];
  let live = Array.from({ length: n }, (_, k) => k);
  steps.forEach((step, k) => {
    consumed.push(step.positions.map((p) => live[p]!));
    live = [...live.filter((_, q) => !step.positions.includes(q)), n + k];
  });
  const absorbed = new Set<number>();
  const operands: number[] = [];
  steps.forEach((step, c) => {
    let count = consumed[c]!.length;
    for (const id of consumed[c]!) {
      const inner = id - n;
      if (inner < 0 || !fusible(steps[inner]!, step) || count + operands[inner]! - 1 > fusedOperandsAtMost) continue;
      absorbed.add(inner);
      count += operands[inner]! - 1;
    }
    operands.push(count);
  });
  const factors = (c: number): number[] => {
    const inner = consumed[c]!.filter((id) => absorbed.has(id - n));
    return [...inner.flatMap((id) => factors(id - n)), ...consumed[c]!.filter((id) => !absorbed.has(id - n))];
  };
  const covered = (c: number): number[] => [...consumed[c]!.filter((id) => absorbed.has(id - n)).flatMap((id) => covered(id - n)), c];
  const fused: number[][] = [];
  const groups: number[][] = [];
  live = Array.from({ length: n }, (_, k) => k);
  steps.forEach((_, c) => {
    if (absorbed.has(c)) return;
    const ids = factors(c);
    fused.push(ids.map((id) => live.indexOf(id)));
    groups.push(covered(c).sort((a, b) => a - b));
    live = [...live.filter((id) => !ids.includes(id)), n + c];
  });
  return { path: fused, steps: groups };
}

/** `inner`'s result consumed by `outer`: both touch the same indices and only `outer` sums, at most one index. */
function fusible(inner: PathStep, outer: PathStep): boolean {
  const touched = (s: PathStep): Set<string> => new Set(s.inputs.flat());
  const a = touched(inner);
  const b = touched(outer);
  return inner.removed.length === 0 && outer.removed.length <= 1 && a.size === b.size && [...a].every((i) => b.has(i));
}

/** The groups of two or more chosen steps done as one loop nest (0-based step numbers). */
export function fusedGroups(problem: ContractionProblem, path: LinearPath): (readonly number[])[] {
  return fuseMemoryBoundSteps(problem, path).steps.filter((g) => g.length > 1);
}
