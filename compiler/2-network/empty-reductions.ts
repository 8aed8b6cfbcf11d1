import { fail } from '../diagnostics/ricci-error.js';
import type { Where } from '../diagnostics/span.js';
import { resolveSize, type SizeBinding } from './bind-sizes.js';
import { childrenOf, topologicalOrder, type InputNode, type Node, type ReduceNode, type Size } from './network.js';

/**
 * A max, min or log-sum-exp along an axis of size 0 has no value (−∞ or +∞ in a plain loop, then
 * non_finite_result far from the cause): refused once the sizes are bound, before any value is
 * computed, as numpy refuses `np.max` of an empty axis. A sum over an empty axis is 0 (numpy's
 * too) and stays allowed, and so does a reduction no value of the result reads (softmax along an
 * empty axis is an empty result, as scipy's). The caret marks the input the empty size comes from.
 *   x: [n, m] given shape [2, 0], L[i] = max[j](x[i,j])  →  reduction_over_empty_axis
 */
export function assertNonEmptyReductions(roots: readonly Node[], binding: SizeBinding, where?: (name: string) => Where | undefined): void {
  for (const n of readNodes(roots, binding)) {
    if (n.kind !== 'reduce') continue;
    const empty = n.axes.find((axis) => resolveSize(n.arg.shape[axis]!, binding) === 0);
    if (empty === undefined) continue;
    const size = n.arg.shape[empty]!;
    const source = inputWithSize(n, size);
    fail('reduction_over_empty_axis', source ? where?.(source.name) : undefined, n.op, String(size), source?.name ?? 'the inputs');
  }
}

/**
 * The nodes some value of a root is computed from: a node with no entries reads nothing, and a
 * product reads its factors only when every index it loops over (kept or summed) has a size.
 */
function readNodes(roots: readonly Node[], binding: SizeBinding): Node[] {
  const size = (s: Size): number => resolveSize(s, binding);
  const read = new Set<Node>(roots);
  const order = [...topologicalOrder(roots)].reverse();
  for (const n of order) {
    if (!read.has(n) || n.shape.some((s) => size(s) === 0)) {
      read.delete(n);
      continue;
    }
    if (n.kind === 'contract' && n.factors.some((f) => f.node.shape.some((s) => size(s) === 0))) continue;
    for (const child of childrenOf(n)) read.add(child);
  }
  return order.filter((n) => read.has(n));
}

/** The first input under the reduction whose shape carries `size` (where the empty size came from). */
function inputWithSize(n: ReduceNode, size: Size): InputNode | undefined {
  return topologicalOrder([n.arg]).find((x): x is InputNode => x.kind === 'input' && x.shape.includes(size));
}
