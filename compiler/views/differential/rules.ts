import { type IndexName } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import { indicesIn, product, renameIndices, type IndexTree, type SumTerm } from '../../2-network/index-tree.js';
import type { NameSupply } from '../../2-network/name-supply.js';

/**
 * The differential of an index-notation tree with respect to one tensor, as a linear map of
 * its differential (undefined: the tree does not depend on it). One line per rule:
 *   d(X[i,j]) = dX[i,j];  d(A B) = dA B + A dB;  d f(u) = f′(u) du;
 *   d inv(U)[i,j] = −inv(U)[i,p] dU[p,q] inv(U)[q,j];  d det(U) = det(U) inv(U)[q,p] dU[p,q];
 *   d logdet(U) = inv(U)[q,p] dU[p,q];  d r = Σ_R w[R] du[R] for r = op_R(u) (w: derivative-table.ts)
 */
export function differentialOf(tree: IndexTree, wrt: string, scope: NameSupply, unfold: Unfold = () => undefined): IndexTree | undefined {
  const d = (t: IndexTree): IndexTree | undefined => differentialOf(t, wrt, scope, unfold);
  switch (tree.kind) {
    case 'access': {
      if (tree.differential) return undefined;
      if (tree.name === wrt) return { ...tree, differential: true };
      // a named definition: d a1[j] = d tanh(z1[j]), its summed indices new to the whole differential
      const definition = unfold(tree.name, tree.indices);
      return definition && d(renamedApart(definition, tree.indices, scope));
    }
    case 'delta':
    case 'number':
      return undefined;
    case 'product': {
      const terms: SumTerm[] = [];
      tree.factors.forEach((f, k) => {
        const df = d(f);
        if (df) terms.push({ coefficient: 1, tree: product([...tree.factors.slice(0, k), df, ...tree.factors.slice(k + 1)]) });
      });
      return sumOf(terms);
    }
    case 'sum':
      return sumOf(tree.terms.flatMap((t) => {
        const dt = d(t.tree);
        return dt ? [{ coefficient: t.coefficient, tree: dt }] : [];
      }));
    case 'apply': {
      const du = d(tree.arg);
      return du && product([slope(tree), apart(du, tree.arg, tree.indices, scope)]);
    }
    case 'matfn':
      return matrixFunctionDifferential(tree, d, scope);
    case 'sigma': {
      const body = d(tree.body);
      return body && { kind: 'sigma', indices: tree.indices, body };
    }
    case 'reduce': {
      const du = d(tree.arg);
      return du && { kind: 'sigma', indices: tree.over, body: product([reductionWeight(tree, scope), apart(du, tree.arg, [...tree.indices, ...tree.over], scope)]) };
    }
    default:
      return assertNever(tree);
  }
}

/** A named definition unfolded at the given indices (`a1`, [j] → tanh(z1[j])); undefined: not a definition. */
export type Unfold = (name: string, indices: readonly IndexName[]) => IndexTree | undefined;

/**
 * An argument's differential with the summed indices it shares with the argument renamed apart,
 * so the copy in f′(u) and du do not share them: d exp(W[i,j] y[j]) = exp′(W[i,j] y[j]) dW[i,k] y[k],
 * while d tanh(z1[j]) = tanh′(z1[j]) dW1[j,k] x[k] keeps k.
 */
function apart(du: IndexTree, arg: IndexTree, free: readonly IndexName[], scope: NameSupply): IndexTree {
  const shared = new Set(indicesIn(arg));
  const inner = new Map<IndexName, IndexName>();
  for (const i of indicesIn(du)) if (!free.includes(i) && shared.has(i) && !inner.has(i)) inner.set(i, scope.index());
  return renameIndices(du, (i) => inner.get(i) ?? i);
}

/** A tree's summed indices renamed to names the differential has not used (each its own name when free). */
function renamedApart(tree: IndexTree, free: readonly IndexName[], scope: NameSupply): IndexTree {
  const inner = new Map<IndexName, IndexName>();
  for (const i of indicesIn(tree)) if (!free.includes(i) && !inner.has(i)) inner.set(i, scope.index(i));
  return renameIndices(tree, (i) => inner.get(i) ?? i);
}

function sumOf(terms: readonly SumTerm[]): IndexTree | undefined {
  if (terms.length === 0) return undefined;
  const only = terms[0]!;
  return terms.length === 1 && only.coefficient === 1 ? only.tree : { kind: 'sum', terms };
}

/** f′(u); for a power the rule itself: (u^e)′ = e u^(e−1). */
function slope(tree: Extract<IndexTree, { kind: 'apply' }>): IndexTree {
  const fn = tree.fn;
  if (fn.name !== 'pow' || tree.derivative > 0) return { ...tree, derivative: tree.derivative + 1 };
  const e = fn.exponent;
  const power: IndexTree = e - 1 === 1 ? tree.arg : { ...tree, fn: { name: 'pow', exponent: e - 1 } };
  return e - 1 === 0 ? { kind: 'number', value: e } : product([{ kind: 'number', value: e }, power]);
}

type MatFnTree = Extract<IndexTree, { kind: 'matfn' }>;

function matrixFunctionDifferential(tree: MatFnTree, d: (t: IndexTree) => IndexTree | undefined, scope: NameSupply): IndexTree | undefined {
  const du = d(tree.arg);
  if (!du) return undefined;
  const [p, q] = [scope.index(), scope.index()];
  const axes = new Map<IndexName, IndexName>([[tree.argIndices[0]!, p], [tree.argIndices[1]!, q]]);
  const dU = renameIndices(apart(du, tree.arg, tree.argIndices, scope), (i) => axes.get(i) ?? i);
  const inv = (indices: readonly IndexName[]): IndexTree => ({ ...tree, fn: 'inv', indices });
  switch (tree.fn) {
    case 'inv':
      return product([{ kind: 'number', value: -1 }, inv([tree.indices[0]!, p]), dU, inv([q, tree.indices[1]!])]);
    case 'det':
      return product([tree, inv([q, p]), dU]);
    case 'logdet':
      return product([inv([q, p]), dU]);
    default:
      return assertNever(tree.fn);
  }
}

/** The weight of a reduction as written: exp(u − r) for logsumexp, [u = r] / Σ [u = r] for max and min. */
function reductionWeight(tree: Extract<IndexTree, { kind: 'reduce' }>, scope: NameSupply): IndexTree {
  const free = [...tree.indices, ...tree.over];
  const shifted = (arg: IndexTree): IndexTree => ({ kind: 'sum', terms: [{ coefficient: 1, tree: arg }, { coefficient: -1, tree }] });
  const apply = (name: 'exp' | 'atZero', arg: IndexTree, indices: readonly IndexName[]): IndexTree =>
    ({ kind: 'apply', fn: { name }, derivative: 0, arg: shifted(arg), indices });
  switch (tree.op) {
    case 'logsumexp':
      return apply('exp', tree.arg, free);
    case 'max':
    case 'min': {
      const again = new Map(tree.over.map((i) => [i, scope.index(i)] as const));
      const ties: IndexTree = { kind: 'sigma', indices: [...again.values()], body: apply('atZero', renameIndices(tree.arg, (i) => again.get(i) ?? i), [...tree.indices, ...again.values()]) };
      return product([apply('atZero', tree.arg, free), { kind: 'apply', fn: { name: 'pow', exponent: -1 }, derivative: 0, arg: ties, indices: tree.indices }]);
    }
    default:
      return assertNever(tree.op);
  }
}
