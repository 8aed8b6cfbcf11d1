import { childrenOf, topologicalOrder, type Node } from '../2-network/network.js';
import { compileStages, type CompiledNetwork } from './network.js';
import type { CompileOptions } from './options.js';

/**
 * Several roots that share subexpressions (a value and its gradients: the forward pass, the
 * adjoints) as one compiled network computing each shared node once:
 *   shared nodes in topological order, each its own plan reading the ones below it → the roots,
 *   each a plan reading the shared nodes.
 * A node is shared when it is an operation (not an input, constant or δ) under two or more roots.
 */
export function compileSharedNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  return compileStages(roots, shapes, options, sharedNodes(roots));
}
/** Operations under two or more roots (or a root under another), children first. */
function sharedNodes(roots: readonly Node[]): Node[] {
  const reach = new Map<number, number>();
  for (const root of roots) for (const n of topologicalOrder([root])) reach.set(n.id, (reach.get(n.id) ?? 0) + 1);
  return topologicalOrder(roots).filter((n) => (reach.get(n.id) ?? 0) >= 2 && childrenOf(n).length > 0 && n.kind !== 'matfn');
}
