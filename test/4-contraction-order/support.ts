import fc from 'fast-check';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import type { IndexName } from '../../compiler/2-network/network.js';
import { expandPath, type ContractionProblem, type LinearPath } from '../../compiler/4-contraction-order/contraction.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { createRandom, randomArray } from '../support/random.js';

/** opt_einsum's default sizes per letter: a=2 b=3 c=4 d=5 e=4 f=3 g=2 h=6 i=5 … */
const DEFAULT_SIZES = [2, 3, 4, 5, 4, 3, 2, 6, 5, 4, 3, 2, 5, 7, 4, 3, 2, 3, 4, 9, 10, 2, 4, 5, 3, 2, 6];

/** 'ab,bc->ac' with one character per index; sizes from `sizes` or opt_einsum's defaults. */
export function problemOf(expression: string, sizes?: Readonly<Record<string, number>>): ContractionProblem {
  const [lhs, rhs] = expression.split('->') as [string, string];
  const inputs = lhs.split(',').map((t) => [...t]);
  const labels = new Set(inputs.flat());
  const sizeOf = (c: string) => sizes?.[c] ?? DEFAULT_SIZES[c.charCodeAt(0) - 97] ?? 2;
  return { inputs, output: [...rhs], sizes: new Map([...labels].map((c) => [c, sizeOf(c)])) };
}

const shapeOf = (problem: ContractionProblem, indices: readonly IndexName[]) => indices.map((i) => problem.sizes.get(i)!);

function contractOnce(problem: ContractionProblem, operands: readonly { indices: readonly IndexName[]; value: DenseArray }[], out: readonly IndexName[]): DenseArray {
  const g = createGraph();
  const factors = operands.map((o, k) => ({ node: g.input(`t${k}`, shapeOf(problem, o.indices)), indices: o.indices }));
  const inputs = Object.fromEntries(operands.map((o, k) => [`t${k}`, o.value]));
  return evaluateOne(g.contract(factors, out), inputs);
}

/** Random operands for `problem` (seeded). */
export function randomOperands(problem: ContractionProblem, seed: number): DenseArray[] {
  const random = createRandom(seed);
  return problem.inputs.map((t) => randomArray(shapeOf(problem, t), random));
}

/** The whole expression in one reference-evaluator loop. */
export function evaluateWhole(problem: ContractionProblem, values: readonly DenseArray[]): DenseArray {
  return contractOnce(problem, problem.inputs.map((indices, k) => ({ indices, value: values[k]! })), problem.output);
}

/** The expression step by step along `path`, each step by the reference evaluator. */
export function evaluateAlong(problem: ContractionProblem, path: LinearPath, values: readonly DenseArray[]): DenseArray {
  let current = problem.inputs.map((indices, k) => ({ indices, value: values[k]! }));
  for (const step of expandPath(problem, path)) {
    const value = contractOnce(problem, step.positions.map((p) => current[p]!), step.result);
    current = [...current.filter((_, k) => !step.positions.includes(k)), { indices: step.result, value }];
  }
  return current[0]!.value;
}

/** Loop count of evaluating the whole expression at once (to skip oracle runs that are too slow). */
export function naiveLoopSize(problem: ContractionProblem): number {
  return [...new Set(problem.inputs.flat())].reduce((n, i) => n * problem.sizes.get(i)!, 1);
}

/** Random networks: 2–6 operands of rank ≤ 3 over labels a–g, sizes 1–4, an output of distinct labels. */
export const smallNetwork: fc.Arbitrary<ContractionProblem> = fc
  .record({
    inputs: fc.array(fc.array(fc.constantFrom(...'abcdefg'), { maxLength: 3 }), { minLength: 2, maxLength: 6 }),
    sizes: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 7, maxLength: 7 }),
    keep: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
  })
  .map(({ inputs, sizes, keep }) => {
    const used = [...new Set(inputs.flat())].sort();
    return {
      inputs,
      output: used.filter((c) => keep[c.charCodeAt(0) - 97]),
      sizes: new Map(used.map((c) => [c, sizes[c.charCodeAt(0) - 97]!])),
    };
  });

type Tensors = readonly ReadonlySet<string>[];

/** What a brute-force search minimises: a step's cost from what it touches and keeps, and how steps add up. */
export interface PairSearch {
  /** Only pairs that share an index (Pfeifer's search space). */
  readonly connectedOnly?: boolean;
  step(touched: ReadonlySet<string>, kept: ReadonlySet<string>, size: (s: ReadonlySet<string>) => number): number;
  combine(step: number, rest: number): number;
}

/** The best value of `search` over every pairwise contraction order, written independently of the optimizers. */
export function bestOverPairs(problem: ContractionProblem, tensors: Tensors, search: PairSearch): number {
  const size = (s: ReadonlySet<string>) => [...s].reduce((n, i) => n * problem.sizes.get(i)!, 1);
  const best = (ts: Tensors): number => {
    if (ts.length <= 1) return 0;
    let lowest = Infinity;
    for (let x = 0; x < ts.length; x++)
      for (let y = x + 1; y < ts.length; y++) {
        if (search.connectedOnly && ![...ts[x]!].some((i) => ts[y]!.has(i))) continue;
        const rest = ts.filter((_, k) => k !== x && k !== y);
        const touched = new Set([...ts[x]!, ...ts[y]!]);
        const kept = new Set([...touched].filter((i) => problem.output.includes(i) || rest.some((t) => t.has(i))));
        lowest = Math.min(lowest, search.combine(search.step(touched, kept, size), best([...rest, kept])));
      }
    return lowest;
  };
  return best(tensors);
}

/** opt_einsum's flops: Π touched × (1 + [something summed]), summed over the steps. */
export const flopsSearch: PairSearch = {
  step: (touched, kept, size) => size(touched) * (kept.size < touched.size ? 2 : 1),
  combine: (step, rest) => step + rest,
};

/** The exact optimum by brute force over every pairwise order (outer products included). */
export function bruteForceOptimum(problem: ContractionProblem): number {
  const size = (s: ReadonlySet<string>) => [...s].reduce((n, i) => n * problem.sizes.get(i)!, 1);
  const tensors = problem.inputs.map((t) => new Set(t));
  const direct = bestOverPairs(problem, tensors, flopsSearch);
  // the same, after summing every single-operand index first (2 × size of each tensor reduced)
  const holders = (i: string) => tensors.filter((t) => t.has(i)).length;
  const lonely = (i: string) => !problem.output.includes(i) && holders(i) === 1;
  const reduced = tensors.map((t) => new Set([...t].filter((i) => !lonely(i))));
  const reductionCost = tensors.reduce((c, t, k) => c + (reduced[k]!.size < t.size ? 2 * size(t) : 0), 0);
  return Math.min(direct, reductionCost + bestOverPairs(problem, reduced, flopsSearch));
}

/** The smallest possible largest intermediate over every pairwise order (brute force). */
export function bruteForceMinimumPeak(problem: ContractionProblem): number {
  return bestOverPairs(problem, problem.inputs.map((t) => new Set(t)), {
    step: (_, kept, size) => size(kept),
    combine: (step, rest) => Math.max(step, rest),
  });
}
