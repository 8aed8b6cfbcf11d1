import type { Graph } from './graph.js';
import type { Factor, IndexName, Node } from './network.js';

/**
 * The logistic functions written out are built as themselves: the same functions, but evaluated as
 * written they overflow where exp does (u > 709: log(∞), ∞/∞ in a derivative) and lose small values
 * (log(1 + exp(u)) is 0 for u < −37). softplus and sigmoid are evaluated stably, and their
 * derivatives read sigmoid(u) and sigmoid(u)(1 − sigmoid(u)), as a textbook writes them.
 *   log(1 + exp(u))  → softplus(u)        (1 + exp(u))^(-1), 1 / (1 + exp(u))  → sigmoid(−u)
 *   log(sum[i](exp(u[…,i,…])))  → logsumexp[i](u[…,i,…])   (its derivative reads softmax)
 *   exp(u[…,i,…]) / sum[i](exp(u[…,i,…]))  → exp(u − logsumexp[i](u))   (softmax[i](u), as the sugar builds it)
 */
type Named = { readonly node: Node; readonly indices: readonly IndexName[] };

/** log of `arg` as softplus, or undefined when `arg` is not 1 + exp(u). */
export function softplusOf(g: Graph, arg: Named): Named | undefined {
  const u = onePlusExp(arg);
  return u && { node: g.map({ name: 'softplus' }, u.node), indices: u.indices };
}

/** The reciprocal of `arg` as a sigmoid, or undefined when `arg` is not 1 + exp(u). */
export function sigmoidOf(g: Graph, arg: Named): Named | undefined {
  const u = onePlusExp(arg);
  return u && { node: g.map({ name: 'sigmoid' }, negated(g, u.node)), indices: u.indices };
}

/** log of `arg` as a log-sum-exp over the indices its sum takes, or undefined when `arg` is not Σ exp(u). */
export function logsumexpOf(g: Graph, arg: Named): Named | undefined {
  const sum = arg.node;
  if (sum.kind !== 'contract' || sum.factors.length !== 1) return undefined;
  const f = sum.factors[0]!;
  if (f.node.kind !== 'map' || f.node.fn.name !== 'exp') return undefined;
  // each axis of u named once (no diagonal), the kept ones among the sum's
  const names = f.indices;
  if (new Set(names).size !== names.length || !sum.out.every((i) => names.includes(i))) return undefined;
  const axes = names.flatMap((i, k) => (sum.out.includes(i) ? [] : [k]));
  if (axes.length === 0) return undefined;
  const kept = names.filter((i) => sum.out.includes(i));
  return { node: g.reduce('logsumexp', f.node.arg, axes), indices: kept.map((i) => arg.indices[sum.out.indexOf(i)]!) };
}

/** u (with its index names) when `arg` is 1 + exp(u), the exp term spanning every axis once. */
function onePlusExp(arg: Named): Named | undefined {
  const sum = arg.node;
  if (sum.kind !== 'add' || sum.terms.length !== 2) return undefined;
  const one = sum.terms.find((t) => t.node.kind === 'const' && t.indices.length === 0 && t.node.value * t.coefficient === 1);
  const exp = sum.terms.find((t) => t !== one && t.coefficient === 1 && t.node.kind === 'map' && t.node.fn.name === 'exp');
  if (one === undefined || exp === undefined || exp.node.kind !== 'map') return undefined;
  const names = exp.indices;
  if (names.length !== sum.out.length || new Set(names).size !== names.length || !names.every((i) => sum.out.includes(i))) return undefined;
  return { node: exp.node.arg, indices: names.map((i) => arg.indices[sum.out.indexOf(i)]!) };
}

/** −u, a negation undone rather than doubled (−(−u) is u, −(−2 u) is 2 u). */
function negated(g: Graph, u: Node): Node {
  const axes = u.shape.map((_, k) => `a${k}`);
  if (u.kind === 'add' && u.terms.length === 1 && sameOrder(u.terms[0]!.indices, u.out)) {
    const [t] = u.terms;
    return t!.coefficient === -1 ? t!.node : g.add([{ node: t!.node, indices: [...u.out], coefficient: -t!.coefficient }], [...u.out]);
  }
  if (u.kind === 'contract') {
    const constants = u.factors.filter((f) => f.node.kind === 'const');
    if (constants.length === 1) {
      const c = constants[0]!.node.kind === 'const' ? constants[0]!.node.value : 1;
      const rest = u.factors.filter((f) => f !== constants[0]);
      return g.contract(c === -1 ? rest : [{ node: g.constant(-c), indices: [] }, ...rest], u.out);
    }
  }
  return g.add([{ node: u, indices: axes, coefficient: -1 }], axes);
}

const sameOrder = (a: readonly IndexName[], b: readonly IndexName[]): boolean => a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * A product's factors with exp(u) times the reciprocal of its own sum along some axes, (Σ exp(u))^(-1),
 * made one factor exp(u − logsumexp(u)): the softmax along those axes, with exp(u)'s index names
 * (the sum's kept axes named as exp(u)'s, its summed ones free in exp(u) alone, so the two
 * factors together carry exactly exp(u)'s names). `at` is the exp factor's position among `factors`. Undefined
 * when the product has no such pair.
 */
export function softmaxOf(g: Graph, factors: readonly Factor[]): { readonly factors: Factor[]; readonly softmax: Node; readonly at: number } | undefined {
  for (const [at, a] of factors.entries()) {
    if (a.node.kind !== 'map' || a.node.fn.name !== 'exp') continue;
    for (const [b, f] of factors.entries()) {
      const summed = normaliser(f, a);
      if (!summed) continue;
      const u = a.node.arg;
      const kept = a.indices.filter((_, k) => !summed.includes(k));
      const shifted = g.add([{ node: u, indices: a.indices, coefficient: 1 }, { node: g.reduce('logsumexp', u, summed), indices: kept, coefficient: -1 }], a.indices);
      const softmax: Factor = { node: g.map({ name: 'exp' }, shifted), indices: a.indices };
      return { factors: factors.flatMap((x, k) => (k === at ? [softmax] : k === b ? [] : [x])), softmax: softmax.node, at };
    }
  }
  return undefined;
}

/** The axes of exp(u) that `f` = (Σ exp(u))^(-1) sums, when it is that with names matching `exp`'s; else undefined. */
function normaliser(f: Factor, exp: Factor): number[] | undefined {
  if (f.node.kind !== 'map' || f.node.fn.name !== 'pow' || f.node.fn.exponent !== -1) return undefined;
  const sum = f.node.arg;
  if (sum.kind !== 'contract' || sum.factors.length !== 1 || sum.factors[0]!.node !== exp.node) return undefined;
  const inner = sum.factors[0]!.indices;
  if (new Set(inner).size !== inner.length) return undefined;
  const summed = inner.flatMap((i, k) => (sum.out.includes(i) ? [] : [k]));
  const aligned = inner.every((i, k) => summed.includes(k)
    ? !f.indices.includes(exp.indices[k]!)
    : f.indices[sum.out.indexOf(i)] === exp.indices[k]);
  return summed.length > 0 && aligned ? summed : undefined;
}
