import type { IndexName } from '../2-network/network.js';
import { expandPath, type ContractionProblem, type LinearPath } from './contraction.js';
import { elementsOf, naiveFlops, pathCost, stepFlops } from './cost-model.js';
import { explainTable } from './explain.js';
import { fusedGroups } from './fuse-steps.js';
import { linearToSsa, type SsaPath } from './path-forms.js';

/**
 * One step of a path as the explain table shows it.
 * @example
 * import { contractPath, type PathStepInfo } from 'ricci';
 * const [first]: readonly PathStepInfo[] = contractPath('ij,jk,kl->il', [[2, 30], [30, 40], [40, 5]]).steps;
 * first!.subscripts; // → ij,jk->ik
 */
export interface PathStepInfo {
  /** Positions in the operand list current before the step (the linear path's entry). */
  readonly positions: readonly number[];
  /** This step as einsum subscripts: 'ab,bc->ac'. */
  readonly subscripts: string;
  /** The whole contraction still to do after this step: 'ac,cd->ad'. */
  readonly remaining: string;
  readonly flops: number;
  /** Number of distinct indices the step loops over. */
  readonly scaling: number;
  readonly removed: readonly IndexName[];
  /** Elements of the step's result. */
  readonly intermediateSize: number;
}

/**
 * contractPath's answer; flops follow opt_einsum (numpy reports flops + 1).
 * @example
 * import { contractPath, type PathInfo } from 'ricci';
 * const info: PathInfo = contractPath('ea,fb,abcd,gc,hd->efgh', [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]]);
 * info.speedup; // → 625
 * info.largestIntermediate; // → 10000
 */
export interface PathInfo {
  /** The complete contraction: 'ab,bc,cd->ad'. */
  readonly contraction: string;
  readonly path: LinearPath;
  readonly ssaPath: SsaPath;
  readonly flops: number;
  readonly naiveFlops: number;
  readonly speedup: number;
  readonly scaling: number;
  readonly naiveScaling: number;
  readonly largestIntermediate: number;
  readonly multiplyAdds: number;
  readonly elementsWritten: number;
  readonly steps: readonly PathStepInfo[];
  /**
   * Steps done as one loop nest when the path is lowered (0-based step numbers, two or more per
   * group): memory-bound steps on the same indices, whose intermediates are never stored
   * (fuse-steps.ts). The costs above are the path's; numpy's table has no such line.
   */
  readonly fusedSteps: readonly (readonly number[])[];
  /**
   * True when the search proved no pairwise order cheaper (the exact search finished: `optimal`,
   * `dp` below 13 operands, `auto` when the exact search fits its budget); false for heuristics.
   */
  readonly provenOptimal: boolean;
  /** The explain table, in numpy's einsum_path layout. */
  toString(): string;
}

/** The costs and explain table of `path` for `problem`, as contractPath returns them. */
export function describePath(problem: ContractionProblem, path: LinearPath, provenOptimal = false): PathInfo {
  const label = displayLabels(problem);
  const term = (indices: readonly IndexName[]) => indices.map((i) => label.get(i)).join('');
  const output = term(problem.output);
  let current = problem.inputs.map(term);
  const steps = expandPath(problem, path).map((step): PathStepInfo => {
    current = [...current.filter((_, k) => !step.positions.includes(k)), term(step.result)];
    const touched = new Set(step.inputs.flat());
    return {
      positions: step.positions,
      subscripts: `${step.inputs.map(term).join(',')}->${term(step.result)}`,
      remaining: `${current.join(',')}->${output}`,
      flops: stepFlops(elementsOf(touched, problem.sizes), step.inputs.length, step.removed.length > 0),
      scaling: touched.size,
      removed: step.removed,
      intermediateSize: elementsOf(step.result, problem.sizes),
    };
  });
  const cost = pathCost(problem, path);
  const naive = naiveFlops(problem);
  const info: Omit<PathInfo, 'toString'> = {
    contraction: `${problem.inputs.map(term).join(',')}->${output}`,
    path, ssaPath: linearToSsa(path, problem.inputs.length),
    flops: cost.flops, naiveFlops: naive, speedup: naive / Math.max(1, cost.flops),
    scaling: cost.scaling, naiveScaling: new Set(problem.inputs.flat()).size,
    largestIntermediate: cost.largestIntermediate, multiplyAdds: cost.multiplyAdds, elementsWritten: cost.elementsWritten,
    steps, fusedSteps: fusedGroups(problem, path), provenOptimal,
  };
  return { ...info, toString: () => explainTable(info) };
}

/** A one-character label per index: single-character names as written, others (…1, a'1) from a spare pool. */
function displayLabels(problem: ContractionProblem): Map<IndexName, string> {
  const names = [...new Set([...problem.inputs.flat(), ...problem.output])];
  const taken = new Set(names.filter((n) => [...n].length === 1));
  const spare = [...'αβγδεζηθικλμνξοπρστυφχψωABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'].filter((c) => !taken.has(c));
  let next = 0;
  return new Map(names.map((n) => [n, [...n].length === 1 ? n : (spare[next++] ?? `{${n}}`)]));
}
