import { childrenOf, type IndexName, type Node } from '../../2-network/network.js';
import type { IndexTree } from '../../2-network/index-tree.js';
import { indexNotation } from '../../2-network/print-network.js';
import type { Expression } from '../../3-calculus/derivation.js';

/**
 * A function as written, for the differential view to derive on with product and chain rules:
 * the one index-notation tree every view prints (print-network.ts), with the user's index names
 * (keepNames), every sum kept whole (L = y[j] (W[i,j] x[i] + b[j]), nothing multiplied out) and the
 * program's definitions by name (C = 0.25 sum[i]((a2[i] - y[i])^2)) — except `expr` itself.
 */
export function definitionTree(expr: Expression, definitions: ReadonlyMap<Node, string>): IndexTree {
  const names = new Map([...definitions].filter(([n]) => n !== expr.node));
  return indexNotation(expr, { keepNames: true, names, factored: sumsIn(expr.node) });
}

/**
 * A named definition unfolded one level, `a1[j]` → `tanh(z1[j])`, its own parts still by name:
 * what the chain rule differentiates when it reaches a definition (undefined: not a definition).
 */
export function definitionUnfolder(definitions: ReadonlyMap<Node, string>): (name: string, indices: readonly IndexName[]) => IndexTree | undefined {
  const byName = new Map([...definitions].map(([node, name]) => [name, node] as const));
  return (name, indices) => {
    const node = byName.get(name);
    return node && definitionTree({ node, indices }, definitions);
  };
}

/** Every sum below `node`: kept in parentheses, as written. */
function sumsIn(node: Node, found = new Set<Node>()): Set<Node> {
  if (node.kind === 'add') found.add(node);
  for (const c of childrenOf(node)) if (!found.has(c)) sumsIn(c, found);
  return found;
}
