import type { IndexName } from './network.js';

/**
 * An einsum call after parsing and shape resolution (compiler/1-parse → resolve-einsum): ellipses
 * expanded to fresh labels, the implicit output made explicit, size-1 broadcasting resolved, so
 * every label has exactly one size. Repeated labels inside one operand remain (a diagonal).
 *   'ij,jk' with shapes [2,3],[3,4]  →  inputs [[i,j],[j,k]], output [i,k], sizes {i:2, j:3, k:4}
 * A size-1 axis whose label is larger elsewhere is renamed to a fresh label of size 1 that occurs
 * only there, so it is summed over one element: exactly numpy's broadcasting.
 */
export interface EinsumSpec {
  /** The subscripts exactly as the user wrote them (quoted by diagnostics). */
  readonly subscripts: string;
  /** One label per axis of each operand, in axis order. */
  readonly inputs: readonly (readonly IndexName[])[];
  readonly output: readonly IndexName[];
  readonly sizes: ReadonlyMap<IndexName, number>;
}
