import type { Graph } from '../2-network/graph.js';
import { topologicalOrder, type IndexName, type InputNode, type Node } from '../2-network/network.js';
import type { DerivationStep, Expression } from './derivation.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Where } from '../diagnostics/span.js';
import { readElement, type StridedArray } from '../../runtime/strided-array.js';

/**
 * A derivative simplified with X[i,j] = X[j,i] is only right for a symmetric value: refuse any
 * other (up to rounding) rather than return a silently wrong number.
 */
export function assertSymmetricValues(roots: readonly Node[], values: Readonly<Record<string, StridedArray>>, where?: (name: string) => Where | undefined): void {
  assertSymmetricInputs(symmetricInputs(roots), values, where);
}

/** The inputs under `roots` declared symmetric (found once per derivative, checked per call). */
export function symmetricInputs(roots: readonly Node[]): InputNode[] {
  return topologicalOrder(roots).filter((n): n is InputNode => n.kind === 'input' && n.symmetric);
}

/** assertSymmetricValues for inputs already found by symmetricInputs; the caret at the declaration `where` gives. */
export function assertSymmetricInputs(symmetric: readonly InputNode[], values: Readonly<Record<string, StridedArray>>, where?: (name: string) => Where | undefined): void {
  for (const x of symmetric) {
    const v = values[x.name];
    if (!v || v.shape.length !== 2) continue;
    for (let i = 0; i < v.shape[0]!; i++)
      for (let j = i + 1; j < v.shape[1]!; j++) {
        const a = readElement(v, [i, j]);
        const b = readElement(v, [j, i]);
        if (Math.abs(a - b) > 1e-10 * Math.max(1, Math.abs(a), Math.abs(b))) fail('symmetric_input_not_symmetric', where?.(x.name), x.name, i, j, a, b);
      }
  }
}

/**
 * The convention for a variable declared `symmetric` (the Matrix Cookbook's, §2.8): S has the
 * independent entries s_kl = s_lk (k ≤ l), and ∂f/∂S[k,l] is the partial derivative by s_kl. With
 * D[I,k,l] the derivative that treats every entry as free,
 *   ∂f[I]/∂S[k,l] = D[I,k,l] + D[I,l,k] − δ[k,l] D[I,k,l]        (gradient: G + Gᵀ − diag(G)),
 * a symmetric result; a Hessian applies it once per variable. It equals Dᵀ vec G (D the
 * duplication matrix, vec S = D vech S) with each entry of vech repeated at (k,l) and (l,k).
 */
export function independentEntries(graph: Graph, derivative: Expression, wrt: InputNode): { readonly result: Expression; readonly step: DerivationStep } | undefined {
  if (!wrt.symmetric || wrt.shape.length !== 2) return undefined;
  const indices = derivative.indices;
  const I = indices.slice(0, -2);
  const [k, l] = indices.slice(-2) as [IndexName, IndexName];
  const D = derivative.node;
  const diagonal = graph.contract([{ node: D, indices }, { node: graph.delta(wrt.shape[0]!), indices: [k, l] }], indices);
  const node = graph.add([
    { node: D, indices, coefficient: 1 },
    { node: D, indices: [...I, l, k], coefficient: 1 },
    { node: diagonal, indices, coefficient: -1 },
  ], indices);
  const result = { node, indices };
  const step: DerivationStep = {
    rule: 'symmetry',
    description: `${wrt.name} is symmetric: differentiate by its independent entries s_${k}${l} = s_${l}${k}, D[${k},${l}] + D[${l},${k}] − δ[${k},${l}] D[${k},${l}]`,
    before: derivative,
    after: result,
  };
  return { result, step };
}
