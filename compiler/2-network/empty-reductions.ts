import { fail } from '../diagnostics/ricci-error.js';
import type { Where } from '../diagnostics/span.js';
import { resolveSize, type SizeBinding } from './bind-sizes.js';
import { childrenOf, topologicalOrder, type InputNode, type Node, type Size } from './network.js';

/**
 * A max, min, log-sum-exp or mean along an axis of size 0 has no value (−∞ or +∞ in a plain loop, then
 * non_finite_result far from the cause): refused once the sizes are bound, before any value is
 * computed, as numpy refuses `np.max` of an empty axis. A sum over an empty axis is 0 (numpy's
 * too) and stays allowed, and so does a reduction no value of the result reads (softmax along an
 * empty axis is an empty result, as scipy's). The caret marks the input the empty size comes from: one under the reduction, else any of the program's `inputs` (`L = 1/n`
 * reads no input of size n, but some declared input set it).
 *   x: [n, m] given shape [2, 0], L[i] = max[j](x[i,j])  →  reduction_over_empty_axis
 */
export function assertNonEmptyReductions(roots: readonly Node[], binding: SizeBinding, where?: (name: string) => Where | undefined,
  inputs: Iterable<InputNode> = []): void {
  for (const n of readNodes(roots, binding)) {
    const empty = emptyAxis(n, binding);
    if (!empty) continue;
    const source = inputWithSize(n.kind === 'reduce' ? [n.arg] : roots, empty.size)
      ?? [...inputs].find((x) => x.shape.includes(empty.size));
    fail('reduction_over_empty_axis', source ? where?.(source.name) : undefined, empty.op, String(empty.size), source?.name ?? 'the inputs');
  }
}

/**
 * The reduction `n` is and the empty size it runs along, if any: a max, min or log-sum-exp, or a
 * mean's division by its count (mean[j](e) = sum[j](e) / sum[j](δ[j,j]), 1-parse/ricci-sugar.ts: a
 * negative power of a product of traced δ's, which is 1/0 when one of them is empty; numpy's mean
 * of an empty axis warns and gives nan, ricci refuses).
 */
function emptyAxis(n: Node, binding: SizeBinding): { readonly op: string; readonly size: Size } | undefined {
  const isEmpty = (s: Size) => resolveSize(s, binding) === 0;
  if (n.kind === 'reduce') {
    const axis = n.axes.find((a) => isEmpty(n.arg.shape[a]!));
    return axis === undefined ? undefined : { op: n.op, size: n.arg.shape[axis]! };
  }
  if (n.kind !== 'map' || n.fn.name !== 'pow' || n.fn.exponent >= 0) return undefined;
  const size = countSizes(n.arg)?.find(isEmpty);
  return size === undefined ? undefined : { op: 'mean', size };
}

/** The sizes a count multiplies (a product of traced δ's, each the size of its axis), or undefined if `n` is not a count. */
function countSizes(n: Node): Size[] | undefined {
  if (n.kind === 'delta') return [n.shape[0]!];
  if (n.kind !== 'contract') return undefined;
  const sizes: Size[] = [];
  for (const f of n.factors) {
    const inner = countSizes(f.node);
    if (!inner) return undefined;
    sizes.push(...inner);
  }
  return sizes;
}

/**
 * The nodes some value of a root is computed from: a node with no entries reads nothing, and a
 * product that loops over an empty index reads only its factors with entries of their own (numpy
 * evaluates an operand before einsum sums over nothing: mean[j](x[i,j]) of an empty j is
 * Σ_j (1/m) x[i,j] in canonical form, and 1/m is still 1/0).
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
    const hasEntries = (m: Node) => !m.shape.some((s) => size(s) === 0);
    if (n.kind === 'contract' && !n.factors.every((f) => hasEntries(f.node))) {
      for (const f of n.factors) if (hasEntries(f.node)) read.add(f.node);
      continue;
    }
    for (const child of childrenOf(n)) read.add(child);
  }
  return order.filter((n) => read.has(n));
}

/** The first input under `roots` whose shape carries `size` (where the empty size came from). */
function inputWithSize(roots: readonly Node[], size: Size): InputNode | undefined {
  return topologicalOrder(roots).find((x): x is InputNode => x.kind === 'input' && x.shape.includes(size));
}
