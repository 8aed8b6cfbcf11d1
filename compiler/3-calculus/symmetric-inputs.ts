import { topologicalOrder, type InputNode, type Node } from '../2-network/network.js';
import { fail } from '../diagnostics/ricci-error.js';
import { readElement, type StridedArray } from '../../runtime/strided-array.js';

/**
 * A derivative simplified with X[i,j] = X[j,i] is only right for a symmetric value: refuse any
 * other (up to rounding) rather than return a silently wrong number.
 */
export function assertSymmetricValues(roots: readonly Node[], values: Readonly<Record<string, StridedArray>>): void {
  assertSymmetricInputs(symmetricInputs(roots), values);
}

/** The inputs under `roots` declared symmetric (found once per derivative, checked per call). */
export function symmetricInputs(roots: readonly Node[]): InputNode[] {
  return topologicalOrder(roots).filter((n): n is InputNode => n.kind === 'input' && n.symmetric);
}

/** assertSymmetricValues for inputs already found by symmetricInputs. */
export function assertSymmetricInputs(symmetric: readonly InputNode[], values: Readonly<Record<string, StridedArray>>): void {
  for (const x of symmetric) {
    const v = values[x.name];
    if (!v || v.shape.length !== 2) continue;
    for (let i = 0; i < v.shape[0]!; i++)
      for (let j = i + 1; j < v.shape[1]!; j++) {
        const a = readElement(v, [i, j]);
        const b = readElement(v, [j, i]);
        if (Math.abs(a - b) > 1e-10 * Math.max(1, Math.abs(a), Math.abs(b))) fail('symmetric_input_not_symmetric', undefined, x.name, i, j, a, b);
      }
  }
}
