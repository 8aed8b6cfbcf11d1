import type { NameSupply } from '../../2-network/name-supply.js';
import type { IndexName, Node } from '../../2-network/network.js';
import { product, type IndexTree } from '../../2-network/index-tree.js';
import type { Expression } from '../../3-calculus/derivation.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import { applyElementwise } from '../../2-network/elementwise.js';

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
      const body = withNumbersFolded(node.factors.map((f) => treeOf(f.node, f.indices.map(rename), names)));
      const lone = summedOnce(node.factors.flatMap((f) => f.indices), node.out).map(rename);
      return lone.length === 0 ? body : { kind: 'sigma', indices: lone, body };
    }
    case 'add': {
      const rename = localNames(node.out, out, [], names);
      return { kind: 'sum', terms: node.terms.map((t) => ({ coefficient: t.coefficient, tree: treeOf(t.node, t.indices.map(rename), names) })) };
    }
    case 'map': {
      const arg = treeOf(node.arg, out, names);
      // (1/3) is the number 0.333…, not pow(3, -1) printed beside a unit coefficient
      return arg.kind === 'number' ? { kind: 'number', value: applyElementwise(node.fn)(arg.value) }
        : { kind: 'apply', fn: node.fn, derivative: 0, arg, indices: out };
    }
    case 'matfn': {
      const argIndices = node.arg.shape.map(() => names.index());
      return { kind: 'matfn', fn: node.fn, arg: treeOf(node.arg, argIndices, names), argIndices, indices: out };
    }
    case 'reduce': {
      const over = node.axes.map(() => names.index());
      const kept = [...out];
      const argIndices = node.arg.shape.map((_, k) => (node.axes.includes(k) ? over[node.axes.indexOf(k)]! : kept.shift()!));
      return { kind: 'reduce', op: node.op, over, arg: treeOf(node.arg, argIndices, names), indices: out };
    }
    default:
      return assertNever(node);
  }
}

/** Numbers in a product multiply into one leading coefficient; a coefficient 1 is not shown. */
function withNumbersFolded(factors: readonly IndexTree[]): IndexTree {
  const value = factors.reduce((v, f) => (f.kind === 'number' ? v * f.value : v), 1);
  const rest = factors.filter((f) => f.kind !== 'number');
  if (rest.length === 0) return { kind: 'number', value };
  return product(value === 1 ? rest : [{ kind: 'number', value }, ...rest]);
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
