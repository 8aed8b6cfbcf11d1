import type { IndexName } from '../2-network/network.js';
import type { ContractionProblem } from './contraction.js';

/**
 * A ContractionProblem with index names replaced by dense ids, the form the searches work on:
 * each operand is a sorted list of distinct ids (a repeated label is a diagonal view, free of cost).
 */
export interface IndexedProblem {
  readonly operands: readonly Int32Array[];
  /** Size of each index id. */
  readonly sizes: Float64Array;
  /** 1 where the index id is in the output. */
  readonly isOutput: Uint8Array;
}

export function indexProblem(problem: ContractionProblem): IndexedProblem {
  const ids = new Map<IndexName, number>();
  const idOf = (name: IndexName): number => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  };
  const operands = problem.inputs.map((t) => Int32Array.from(new Set(t.map(idOf))).sort());
  problem.output.forEach(idOf);
  const sizes = new Float64Array(ids.size);
  const isOutput = new Uint8Array(ids.size);
  for (const [name, id] of ids) sizes[id] = problem.sizes.get(name) ?? 1;
  for (const name of problem.output) isOutput[ids.get(name)!] = 1;
  return { operands, sizes, isOutput };
}

/** Π size over a list of index ids. */
export function elementsOfIds(ids: ArrayLike<number>, sizes: Float64Array): number {
  let n = 1;
  for (let k = 0; k < ids.length; k++) n *= sizes[ids[k]!]!;
  return n;
}

/** True when two sorted id lists share an id. */
export function sharesId(a: Int32Array, b: Int32Array): boolean {
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return true;
    if (a[i]! < b[j]!) i++; else j++;
  }
  return false;
}
