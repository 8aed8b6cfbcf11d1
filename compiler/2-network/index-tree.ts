import { type ElementwiseFn, type IndexName, type MatrixFnName, type ReduceOp } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * Index notation as a tree, the one form every printout renders: print-network.ts builds it from
 * the IR, index-text.ts renders it as text and the views as LaTeX; the differential view derives on it.
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
  | { readonly kind: 'sigma'; readonly indices: readonly IndexName[]; readonly body: IndexTree }
  /** max[j](u), min[j](u), logsumexp[j](u): `over` are the reduced indices, `indices` u's free ones. */
  | { readonly kind: 'reduce'; readonly op: ReduceOp; readonly over: readonly IndexName[]; readonly arg: IndexTree; readonly indices: readonly IndexName[] };

export interface SumTerm {
  readonly coefficient: number;
  readonly tree: IndexTree;
}

/** A product with nested products flattened and a single factor unwrapped. */
export function product(factors: readonly IndexTree[]): IndexTree {
  const flat = factors.flatMap((f) => (f.kind === 'product' ? f.factors : [f]));
  return flat.length === 1 ? flat[0]! : { kind: 'product', factors: flat };
}

/**
 * exp(log(u) v), which is how `u^v` with a tensor exponent is built (1-parse/ricci-sugar.ts), as
 * its base u and exponent v, so printouts read `x[i]^p[i]` as written; undefined for any other tree.
 */
export function tensorPower(tree: IndexTree): { readonly base: IndexTree; readonly exponent: IndexTree } | undefined {
  if (tree.kind !== 'apply' || tree.fn.name !== 'exp' || tree.derivative !== 0 || tree.arg.kind !== 'product') return undefined;
  const logs = tree.arg.factors.filter((f) => f.kind === 'apply' && f.fn.name === 'log' && f.derivative === 0);
  if (logs.length !== 1 || logs[0]!.kind !== 'apply') return undefined;
  return { base: logs[0]!.arg, exponent: product(tree.arg.factors.filter((f) => f !== logs[0])) };
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
    case 'reduce':
      return { ...tree, over: tree.over.map(rename), arg: r(tree.arg), indices: tree.indices.map(rename) };
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
    case 'reduce':
      return [...tree.indices, ...tree.over, ...indicesIn(tree.arg)];
    default:
      return assertNever(tree);
  }
}
