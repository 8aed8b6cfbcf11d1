import { assertNever } from '../diagnostics/assert-never.js';
import type { Node } from './network.js';

/**
 * Whether a square matrix node equals its transpose, declared or implied by its definition:
 * a symmetric input, δ, inv or an elementwise function of a symmetric matrix, and any Contract or
 * Add whose canonical form is unchanged by swapping its two axes (XᵀX, A + Aᵀ, X S Xᵀ with S
 * symmetric). Exact: equal canonical keys mean isomorphic monomials, hence equal values.
 * `keyOf(node, [a, b])` is the canonical key of the node's axes named a, b (canonical-order.ts).
 */
export function isSymmetricNode(node: Node, keyOf: (node: Node, out: readonly string[]) => string, memo: Map<Node, boolean>): boolean {
  if (node.shape.length !== 2 || node.shape[0] !== node.shape[1]) return false;
  const known = memo.get(node);
  if (known !== undefined) return known;
  memo.set(node, false); // a DAG never reaches itself; this only guards the recursion
  const symmetric = decide(node, keyOf, memo);
  memo.set(node, symmetric);
  return symmetric;
}

function decide(node: Node, keyOf: (node: Node, out: readonly string[]) => string, memo: Map<Node, boolean>): boolean {
  switch (node.kind) {
    case 'input': return node.symmetric;
    case 'delta': return true;
    case 'const': case 'reduce': return false;
    case 'map': case 'matfn': return isSymmetricNode(node.arg, keyOf, memo);
    case 'contract': case 'add': return keyOf(node, ['$a', '$b']) === keyOf(node, ['$b', '$a']);
    default: return assertNever(node);
  }
}
