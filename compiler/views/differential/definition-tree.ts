import type { NameSupply } from '../../2-network/name-supply.js';
import type { IndexName, Node } from '../../2-network/network.js';
import { product, type IndexTree } from '../../2-network/index-tree.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { assertNever } from '../../diagnostics/assert-never.js';

/**
 * A function as written — the DAG inlined, nothing multiplied out or reordered — for the
 * differential view to derive on with product and chain rules:  L = (x[i] W[i,j] + b[j]) y[j].
 * Summed indices keep their own names where free (machine-numbered ones give way to plain letters).
 */
export function definitionTree(expr: Expression, names: NameSupply): IndexTree {
  names.reserve(expr.indices);
  return treeOf(expr.node, expr.indices, names);
}

function treeOf(node: Node, out: readonly IndexName[], names: NameSupply): IndexTree {
  switch (node.kind) {
    case 'input':
      return { kind: 'access', name: node.name, indices: out, differential: false };
    case 'const':
      return { kind: 'number', value: node.value };
    case 'delta':
      return { kind: 'delta', indices: out };
    case 'contract': {
      const rename = localNames(node.out, out, node.factors.flatMap((f) => f.indices), names);
      const body = product(node.factors.map((f) => treeOf(f.node, f.indices.map(rename), names)));
      const lone = summedOnce(node.factors.flatMap((f) => f.indices), node.out).map(rename);
      return lone.length === 0 ? body : { kind: 'sigma', indices: lone, body };
    }
    case 'add': {
      const rename = localNames(node.out, out, [], names);
      return { kind: 'sum', terms: node.terms.map((t) => ({ coefficient: t.coefficient, tree: treeOf(t.node, t.indices.map(rename), names) })) };
    }
    case 'map':
      return { kind: 'apply', fn: node.fn, derivative: 0, arg: treeOf(node.arg, out, names), indices: out };
    case 'matfn': {
      const argIndices = node.arg.shape.map(() => names.index());
      return { kind: 'matfn', fn: node.fn, arg: treeOf(node.arg, argIndices, names), argIndices, indices: out };
    }
    default:
      return assertNever(node);
  }
}

/** A node's local names: outputs to the caller's names, summed ones to new names. */
function localNames(local: readonly IndexName[], out: readonly IndexName[], all: readonly IndexName[], names: NameSupply): (i: IndexName) => IndexName {
  const map = new Map<IndexName, IndexName>(local.map((o, k) => [o, out[k]!]));
  for (const i of all) if (!map.has(i)) map.set(i, names.index(/\d/.test(i) ? undefined : i));
  return (i) => map.get(i)!;
}

/** Summed indices that occur once: Einstein's rule would not sum them, so they are shown. */
function summedOnce(all: readonly IndexName[], out: readonly IndexName[]): IndexName[] {
  return [...new Set(all)].filter((i) => !out.includes(i) && all.filter((j) => j === i).length === 1);
}
