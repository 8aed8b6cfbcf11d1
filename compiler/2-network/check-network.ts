import { topologicalOrder, type IndexName, type Node, type Size } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * Says why a network is not well formed, one finding per problem (empty = valid). Tests run it
 * after every pass; it never throws, so a test can show all findings at once.
 */
export function checkNetwork(roots: readonly Node[]): string[] {
  return topologicalOrder(roots).flatMap(checkNode);
}

function checkNode(node: Node): string[] {
  const at = `node #${node.id} (${node.kind})`;
  switch (node.kind) {
    case 'input':
      return node.symmetric && !isSquare(node.shape) ? [`${at}: symmetric input '${node.name}' is not square`] : [];
    case 'const':
      return Number.isFinite(node.value) ? [] : [`${at}: constant ${node.value} is not finite`];
    case 'delta':
      return isSquare(node.shape) ? [] : [`${at}: delta of shape [${node.shape}] is not square`];
    case 'contract':
      return [
        ...checkBindings(at, node.factors),
        ...distinct(at, 'output', node.out),
        ...node.out.filter((i) => !node.factors.some((f) => f.indices.includes(i)))
          .map((i) => `${at}: output index '${i}' is carried by no factor`),
      ];
    case 'add':
      return [
        ...checkBindings(at, node.terms),
        ...distinct(at, 'output', node.out),
        ...node.terms.flatMap((t, k) => [
          ...distinct(at, `term ${k}`, t.indices),
          ...t.indices.filter((i) => !node.out.includes(i)).map((i) => `${at}: term ${k} index '${i}' is not in the output`),
          ...(Number.isFinite(t.coefficient) ? [] : [`${at}: term ${k} coefficient is not finite`]),
        ]),
        ...node.out.filter((i) => !node.terms.some((t) => t.indices.includes(i)))
          .map((i) => `${at}: output index '${i}' is bound by no term`),
      ];
    case 'map':
      return sameShape(node.shape, node.arg.shape) ? [] : [`${at}: shape differs from its argument's`];
    case 'matfn':
      return isSquare(node.arg.shape) ? [] : [`${at}: ${node.fn} of a non-square argument [${node.arg.shape}]`];
    case 'reduce':
      return node.axes.length > 0 && node.axes.every((a, k) => a >= 0 && a < node.arg.shape.length && (k === 0 || a > node.axes[k - 1]!))
        && sameShape(node.shape, node.arg.shape.filter((_, k) => !node.axes.includes(k)))
        ? [] : [`${at}: ${node.op} along axes [${node.axes}] of an argument of shape [${node.arg.shape}]`];
    default:
      return assertNever(node);
  }
}

/** Every binding has one name per axis, and a name has one size wherever it is bound. */
function checkBindings(at: string, bindings: readonly { readonly node: Node; readonly indices: readonly IndexName[] }[]): string[] {
  const problems: string[] = [];
  const sizes = new Map<IndexName, Size>();
  bindings.forEach((b, k) => {
    if (b.indices.length !== b.node.shape.length)
      problems.push(`${at}: operand ${k} binds ${b.indices.length} indices to a tensor of rank ${b.node.shape.length}`);
    b.indices.forEach((name, axis) => {
      const size = b.node.shape[axis];
      if (size === undefined) return;
      const seen = sizes.get(name);
      if (seen === undefined) sizes.set(name, size);
      else if (seen !== size) problems.push(`${at}: index '${name}' has size ${seen} and ${size} (operand ${k})`);
    });
  });
  return problems;
}

function distinct(at: string, what: string, names: readonly IndexName[]): string[] {
  return names.filter((n, k) => names.indexOf(n) !== k).map((n) => `${at}: ${what} index '${n}' is repeated`);
}

function isSquare(shape: readonly Size[]): boolean {
  return shape.length === 2 && shape[0] === shape[1];
}

function sameShape(a: readonly Size[], b: readonly Size[]): boolean {
  return a.length === b.length && a.every((s, k) => s === b[k]);
}
