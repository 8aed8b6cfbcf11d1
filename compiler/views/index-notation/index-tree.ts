import type { Expression } from '../../3-calculus/derivation.js';
import { type ElementwiseFn, type IndexName, type MatrixFnName, type Node } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';

/**
 * An expression in index notation as a tree (the DAG inlined), the form every view prints:
 *   L = (x[i] W[i,j] + b[j]) y[j]
 * Einstein convention: an index repeated in a product and absent on the left is summed; a summed
 * index that occurs only once gets an explicit `sigma`.
 */
export type IndexTree =
  | { readonly kind: 'access'; readonly name: string; readonly indices: readonly IndexName[]; readonly differential: boolean }
  | { readonly kind: 'delta'; readonly indices: readonly IndexName[] }
  | { readonly kind: 'number'; readonly value: number }
  | { readonly kind: 'product'; readonly factors: readonly IndexTree[] }
  | { readonly kind: 'sum'; readonly terms: readonly SumTerm[] }
  /** f(u) elementwise, or its derivative of that order: f′(u), f″(u); `indices` are u's free ones. */
  | { readonly kind: 'apply'; readonly fn: ElementwiseFn; readonly derivative: number; readonly arg: IndexTree; readonly indices: readonly IndexName[] }
  /** inv(U)[i,j] or det(U), logdet(U): `arg` names U's axes `argIndices`. */
  | { readonly kind: 'matfn'; readonly fn: MatrixFnName; readonly arg: IndexTree; readonly argIndices: readonly IndexName[]; readonly indices: readonly IndexName[] }
  | { readonly kind: 'sigma'; readonly indices: readonly IndexName[]; readonly body: IndexTree };

export interface SumTerm {
  readonly coefficient: number;
  readonly tree: IndexTree;
}

/** Fresh index names for one printout: short letters first, then numbered ones. */
export interface IndexScope {
  readonly used: Set<IndexName>;
  fresh(preferred?: IndexName): IndexName;
}

const pool = ['i', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 't', 'u', 'v', 'w', 'a', 'b', 'c', 'd', 'e'];

export function createIndexScope(taken: Iterable<IndexName> = []): IndexScope {
  const used = new Set(taken);
  return {
    used,
    fresh(preferred) {
      const name = preferred !== undefined && !used.has(preferred) ? preferred
        : pool.find((p) => !used.has(p)) ?? numbered(used);
      used.add(name);
      return name;
    },
  };
}

function numbered(used: ReadonlySet<string>): string {
  let k = 1;
  while (used.has(`k${k}`)) k++;
  return `k${k}`;
}

/** Names for printing: a fresh-index supply, and definitions that print by name (a1[i], not tanh(…)). */
interface TreeContext {
  readonly scope: IndexScope;
  readonly named: ReadonlyMap<Node, string>;
}

/**
 * The expression as an index-notation tree, its free indices named as in `expr.indices`; a
 * sub-expression that is a named definition prints as that name (the expression itself never does).
 */
export function indexTreeOf(expr: Expression, named: ReadonlyMap<Node, string> = new Map()): IndexTree {
  const scope = createIndexScope(expr.indices);
  const inner = new Map([...named].filter(([n]) => n !== expr.node && n.kind !== 'input'));
  return treeOf(expr.node, expr.indices, { scope, named: inner });
}

function treeOf(node: Node, names: readonly IndexName[], ctx: TreeContext): IndexTree {
  const name = ctx.named.get(node);
  if (name !== undefined) return { kind: 'access', name, indices: names, differential: false };
  const { scope } = ctx;
  switch (node.kind) {
    case 'input':
      return { kind: 'access', name: node.name, indices: names, differential: false };
    case 'const':
      return { kind: 'number', value: node.value };
    case 'delta':
      return { kind: 'delta', indices: names };
    case 'contract': {
      const rename = localNames(node.out, names, node.factors.flatMap((f) => f.indices), scope);
      const factors = node.factors.map((f) => treeOf(f.node, f.indices.map(rename), ctx));
      const body = product(factors);
      const lone = summedOnce(node.factors.flatMap((f) => f.indices), node.out).map(rename);
      return lone.length === 0 ? body : { kind: 'sigma', indices: lone, body };
    }
    case 'add': {
      const rename = localNames(node.out, names, [], scope);
      return { kind: 'sum', terms: node.terms.map((t) => ({ coefficient: t.coefficient, tree: treeOf(t.node, t.indices.map(rename), ctx) })) };
    }
    case 'map':
      return { kind: 'apply', fn: node.fn, derivative: 0, arg: treeOf(node.arg, names, ctx), indices: names };
    case 'matfn': {
      const argIndices = node.arg.shape.map(() => scope.fresh());
      return { kind: 'matfn', fn: node.fn, arg: treeOf(node.arg, argIndices, ctx), argIndices, indices: names };
    }
    default:
      return assertNever(node);
  }
}

/**
 * Maps a node's local names: outputs to the caller's names, summed ones to fresh names (the
 * node's own name when free; machine-numbered names like s1 give way to plain letters).
 */
function localNames(out: readonly IndexName[], names: readonly IndexName[], all: readonly IndexName[],
  scope: IndexScope): (i: IndexName) => IndexName {
  const map = new Map<IndexName, IndexName>(out.map((o, k) => [o, names[k]!]));
  for (const i of all) if (!map.has(i)) map.set(i, scope.fresh(/\d/.test(i) ? undefined : i));
  return (i) => map.get(i)!;
}

/** Summed indices that occur once: Einstein's rule would not sum them, so they are shown. */
function summedOnce(all: readonly IndexName[], out: readonly IndexName[]): IndexName[] {
  return [...new Set(all)].filter((i) => !out.includes(i) && all.filter((j) => j === i).length === 1);
}

/** A product with nested products flattened and a single factor unwrapped. */
export function product(factors: readonly IndexTree[]): IndexTree {
  const flat = factors.flatMap((f) => (f.kind === 'product' ? f.factors : [f]));
  return flat.length === 1 ? flat[0]! : { kind: 'product', factors: flat };
}

/** Renames free occurrences of indices everywhere in the tree. */
export function renameIndices(tree: IndexTree, rename: (i: IndexName) => IndexName): IndexTree {
  const r = (t: IndexTree): IndexTree => renameIndices(t, rename);
  switch (tree.kind) {
    case 'access':
      return { ...tree, indices: tree.indices.map(rename) };
    case 'delta':
      return { ...tree, indices: tree.indices.map(rename) };
    case 'number':
      return tree;
    case 'product':
      return { kind: 'product', factors: tree.factors.map(r) };
    case 'sum':
      return { kind: 'sum', terms: tree.terms.map((t) => ({ coefficient: t.coefficient, tree: r(t.tree) })) };
    case 'apply':
      return { ...tree, arg: r(tree.arg), indices: tree.indices.map(rename) };
    case 'matfn':
      return { ...tree, arg: r(tree.arg), argIndices: tree.argIndices.map(rename), indices: tree.indices.map(rename) };
    case 'sigma':
      return { kind: 'sigma', indices: tree.indices.map(rename), body: r(tree.body) };
    default:
      return assertNever(tree);
  }
}

/** Every index name the tree mentions. */
export function indicesIn(tree: IndexTree): IndexName[] {
  switch (tree.kind) {
    case 'access':
    case 'delta':
      return [...tree.indices];
    case 'number':
      return [];
    case 'product':
      return tree.factors.flatMap(indicesIn);
    case 'sum':
      return tree.terms.flatMap((t) => indicesIn(t.tree));
    case 'apply':
      return [...tree.indices, ...indicesIn(tree.arg)];
    case 'matfn':
      return [...tree.indices, ...tree.argIndices, ...indicesIn(tree.arg)];
    case 'sigma':
      return [...tree.indices, ...indicesIn(tree.body)];
    default:
      return assertNever(tree);
  }
}
