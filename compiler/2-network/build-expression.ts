import type { Expr, Identifier, ProductFactor, Term } from '../1-parse/ricci-ast.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Span } from '../diagnostics/span.js';
import type { Graph } from './graph.js';
import { createNameSupply } from './name-supply.js';
import { logsumexpOf, sigmoidOf, softmaxOf, softplusOf } from './stable-forms.js';
import { type Factor, type IndexName, type Node, type Size } from './network.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * An expression built so far: `node`'s axis k is named `indices[k]` (distinct names). `local`
 * marks a Contract made for this very expression, which `sumAndOrder` may rewrite in place.
 */
export interface Named {
  readonly node: Node;
  readonly indices: readonly IndexName[];
  readonly local: boolean;
}

export interface BuildContext {
  readonly graph: Graph;
  readonly source: string;
  /** The node of an input or an earlier definition. */
  readonly nodeOf: (name: string) => Node;
  /** The size of an index of the definition being built (for δ). */
  readonly sizeOfIndex: (name: string) => Size;
  /** Where each function's Map was first written (ProgramNetwork.functionCalls), filled as they are built. */
  readonly functionCalls: Map<Node, Span>;
}

/** `node`, its first writing recorded (ctx.functionCalls). */
function written(ctx: BuildContext, node: Node, span: Span): Node {
  if (!ctx.functionCalls.has(node)) ctx.functionCalls.set(node, span);
  return node;
}

/**
 * Where an expression sits, for Einstein's convention per term. The implied sum over an index that
 * is not kept goes as far in as it can without changing the meaning: through `+ -`, unary minus,
 * `sum[…]` and into the one factor of a product that carries the index — a `linear` position.
 * `shared` holds the indices that an enclosing product's other factors carry: that product
 * contracts them, so they stay free. Under a function, a power or a divisor the position is
 * `elementwise`: terms align by index name and broadcast, and the implied sum stays outside.
 */
export type Position =
  | { readonly kind: 'linear'; readonly shared: ReadonlySet<IndexName> }
  | { readonly kind: 'elementwise' };

/** The right-hand side of a definition. */
export function rightHandSide(): Position {
  return { kind: 'linear', shared: new Set() };
}
const elementwise: Position = { kind: 'elementwise' };

/**
 * Builds `e` with the Einstein rule: inside a product, an index in two or more factors is summed
 * unless it is in `keep` (the left-hand side, and the indices of an enclosing `sum[…]`); in a sum
 * at a linear position, an index that is not kept and that only some terms carry is summed
 * within those terms, so a term never broadcasts along an index that is then summed.
 *   keep = {}:  x[i] W[i,j]  →  Contract(x[i] W[i,j] → [j]);   keep = {i}:  x[i] y[i] → [i]
 *   L = r[n]^2 + lam w[j]^2  →  Σₙ r[n]^2 + lam Σⱼ w[j]^2
 */
export function buildExpression(ctx: BuildContext, e: Expr, keep: ReadonlySet<IndexName>, position: Position): Named {
  const g = ctx.graph;
  switch (e.kind) {
    case 'number':
      return plain(g.constant(e.value), []);
    case 'access':
      return withDiagonals(ctx, ctx.nodeOf(e.tensor.text), names(e.indices));
    case 'negate': {
      if (e.operand.kind === 'number') return plain(g.constant(-e.operand.value), []);
      const operand = buildExpression(ctx, e.operand, keep, position);
      return plain(g.add([{ node: operand.node, indices: operand.indices, coefficient: -1 }], operand.indices), operand.indices);
    }
    case 'add':
      return buildAdd(ctx, e.terms, keep, position);
    case 'multiply':
      return buildProduct(ctx, e.factors, e.hadamard === true, keep, position);
    case 'power': {
      if (e.base.kind === 'number') return plain(g.constant(finite(ctx, Math.pow(e.base.value, e.exponent), e.span)), []);
      const base = buildExpression(ctx, e.base, keep, elementwise);
      const stable = e.exponent === -1 ? sigmoidOf(g, base) : undefined;
      if (stable) return plain(written(ctx, stable.node, e.span), stable.indices);
      return plain(written(ctx, g.map({ name: 'pow', exponent: e.exponent }, base.node), e.span), base.indices);
    }
    case 'call': {
      const arg = buildExpression(ctx, e.arg, keep, elementwise);
      const stable = e.fn === 'log' ? softplusOf(g, arg) ?? logsumexpOf(g, arg) : undefined;
      if (stable) return plain(written(ctx, stable.node, e.span), stable.indices);
      return plain(written(ctx, g.map({ name: e.fn }, arg.node), e.span), arg.indices);
    }
    case 'matrix': {
      const m = g.matfn(e.fn, ctx.nodeOf(e.matrix.text));
      return e.fn === 'inv' ? withDiagonals(ctx, m, names(e.indices)) : plain(m, []);
    }
    case 'sum':
      return buildSum(ctx, e.indices, e.body, keep, position);
    case 'reduce':
      return buildReduce(ctx, e, keep);
    case 'delta': {
      const [i, j] = names(e.indices) as [IndexName, IndexName];
      return withDiagonals(ctx, g.delta(ctx.sizeOfIndex(i)), [i, j]);
    }
    default:
      return assertNever(e);
  }
}

/**
 * Terms align by index name. At a linear position an index that is not kept, not shared and
 * carried by some terms but not all is summed within the terms that carry it (Einstein per term);
 * an index every term carries stays free (summing it later gives the same value).
 *   L = x[i] y[i] + x[i]  →  Σᵢ x[i] y[i] + Σᵢ x[i]          (not Σᵢ (x·y + x[i]) = n·(x·y) + Σx)
 */
function buildAdd(ctx: BuildContext, terms: readonly Term[], keep: ReadonlySet<IndexName>, position: Position): Named {
  const built = terms.map((t) => buildExpression(ctx, t.expr, keep, position));
  const perTerm = position.kind === 'linear'
    ? union(built.map((x) => x.indices)).filter((i) => !keep.has(i) && !position.shared.has(i) && !built.every((x) => x.indices.includes(i)))
    : [];
  const summed = built.map((x) => {
    const out = x.indices.filter((i) => !perTerm.includes(i));
    return { node: sumAndOrder(ctx.graph, x, out), indices: out };
  });
  const out = union(summed.map((x) => x.indices));
  return plain(ctx.graph.add(summed.map((x, k) => ({ ...x, coefficient: terms[k]!.sign })), out), out);
}

/** Division enters as b^(-1); a literal divisor is folded into a constant 1/b. */
function buildProduct(ctx: BuildContext, factors: readonly ProductFactor[], hadamard: boolean, keep: ReadonlySet<IndexName>, position: Position): Named {
  const g = ctx.graph;
  const aligned = position.kind === 'linear' ? factors.map((f) => alignedFreeIndices(f.expr, keep)) : [];
  const built: Factor[] = factors.map((f, k) => {
    if (f.divide && f.expr.kind === 'number') {
      if (f.expr.value === 0) fail('division_by_zero', { source: ctx.source, span: f.expr.span });
      const reciprocal = 1 / f.expr.value;
      if (!Number.isFinite(reciprocal)) fail('non_finite_number', { source: ctx.source, span: f.expr.span }, `1/${ctx.source.slice(f.expr.span.start, f.expr.span.end)}`);
      return { node: g.constant(reciprocal), indices: [] };
    }
    const at = f.divide || position.kind === 'elementwise' ? elementwise
      : { kind: 'linear' as const, shared: new Set([...position.shared, ...aligned.flatMap((x, other) => (other === k ? [] : x))]) };
    const x = buildExpression(ctx, f.expr, keep, at);
    const stable = f.divide ? sigmoidOf(g, x) : undefined;
    if (stable) return { node: written(ctx, stable.node, f.expr.span), indices: stable.indices };
    // a divisor's reciprocal is written where the divisor is (the caret of 0^(-1) is not finite)
    return { node: f.divide ? written(ctx, g.map({ name: 'pow', exponent: -1 }, x.node), f.expr.span) : x.node, indices: x.indices };
  });
  const out = hadamard ? union(built.map((f) => f.indices)) : productOutput(built.map((f) => f.indices), keep);
  const softmax = softmaxOf(g, built);
  if (softmax) written(ctx, softmax.softmax, factors[softmax.at]!.expr.span);
  return { node: g.contract(oneConstant(g, softmax?.factors ?? built), out), indices: out, local: true };
}

/** The product's constant factors as one (`1/3 x` is 0.333… x, not 1 · 0.333… x); a lone 1 goes. */
function oneConstant(g: BuildContext['graph'], factors: readonly Factor[]): readonly Factor[] {
  const rest = factors.filter((f) => f.node.kind !== 'const');
  const constants = factors.length - rest.length;
  const value = factors.reduce((v, f) => (f.node.kind === 'const' ? v * f.node.value : v), 1);
  if (constants === 0 || (constants === 1 && value !== 1) || !Number.isFinite(value)) return factors;
  return value === 1 && rest.length > 0 ? rest : [{ node: g.constant(value), indices: [] }, ...rest];
}

/** The product rule: an index in two or more factors is summed unless it is kept. */
function productOutput(factors: readonly (readonly IndexName[])[], keep: ReadonlySet<IndexName>): IndexName[] {
  const count = new Map<IndexName, number>();
  for (const f of factors) for (const i of f) count.set(i, (count.get(i) ?? 0) + 1);
  return [...count].filter(([i, n]) => n === 1 || keep.has(i)).map(([i]) => i);
}

/**
 * The indices `e` leaves free when its sums align their terms (no per-term summation): what an
 * enclosing product sees of a factor when it decides which indices its factors share.
 *   (a[i] + b) c[i]: the first factor carries i, so it broadcasts b and the product contracts i.
 */
function alignedFreeIndices(e: Expr, keep: ReadonlySet<IndexName>): readonly IndexName[] {
  switch (e.kind) {
    case 'number': return [];
    case 'access': case 'delta': case 'matrix': return union([names(e.indices)]);
    case 'negate': return alignedFreeIndices(e.operand, keep);
    case 'power': return alignedFreeIndices(e.base, keep);
    case 'call': return alignedFreeIndices(e.arg, keep);
    case 'add': return union(e.terms.map((t) => alignedFreeIndices(t.expr, keep)));
    case 'multiply': {
      const perFactor = e.factors.map((f) => alignedFreeIndices(f.expr, keep));
      return e.hadamard === true ? union(perFactor) : productOutput(perFactor, keep);
    }
    case 'sum': case 'reduce': {
      const bound = names(e.indices);
      return alignedFreeIndices(e.body, new Set([...keep, ...bound])).filter((i) => !bound.includes(i));
    }
    default: return assertNever(e);
  }
}

/** `sum[i](body)`: i is kept free inside the body, then summed. */
function buildSum(ctx: BuildContext, indices: readonly Identifier[], body: Expr, keep: ReadonlySet<IndexName>, position: Position): Named {
  const inner = buildExpression(ctx, body, new Set([...keep, ...names(indices)]), position);
  for (const index of indices)
    if (!inner.indices.includes(index.text)) fail('sum_index_not_free', { source: ctx.source, span: index.span }, index.text);
  const out = inner.indices.filter((i) => !indices.some((index) => index.text === i));
  return { node: sumAndOrder(ctx.graph, inner, out), indices: out, local: true };
}

/**
 * `max[j](body)`, `logsumexp[j](body)`: j kept free inside the body (an elementwise position: the
 * body's own sums stay inside), then reduced by a Reduce node; the other indices stay in order.
 */
function buildReduce(ctx: BuildContext, e: Extract<Expr, { kind: 'reduce' }>, keep: ReadonlySet<IndexName>): Named {
  const inner = buildExpression(ctx, e.body, new Set([...keep, ...names(e.indices)]), elementwise);
  for (const index of e.indices)
    if (!inner.indices.includes(index.text)) fail('reduction_index_not_free', { source: ctx.source, span: index.span }, e.op, index.text);
  const axes = inner.indices.flatMap((i, k) => (e.indices.some((index) => index.text === i) ? [k] : []));
  return plain(ctx.graph.reduce(e.op, inner.node, axes), inner.indices.filter((_, k) => !axes.includes(k)));
}

/**
 * Sums the axes of `e` not in `out` and orders the rest as `out`. A local Contract is rebuilt
 * with the new output (its summed names renamed apart) rather than wrapped in another Contract.
 *   Contract(A[i,j] B[j,k] → [i,k]) summed to [k]  →  Contract(A[i,j] B[j,k] → [k])
 */
export function sumAndOrder(g: Graph, e: Named, out: readonly IndexName[]): Node {
  if (e.indices.length === out.length && e.indices.every((i, k) => i === out[k])) return e.node;
  if (!e.local || e.node.kind !== 'contract') return g.contract([{ node: e.node, indices: e.indices }], out);
  const inner = e.node;
  const outer = new Map(inner.out.map((local, k) => [local, e.indices[k]!]));
  const supply = createNameSupply([...e.indices, ...inner.factors.flatMap((f) => f.indices)]);
  const renamed = new Map<IndexName, IndexName>();
  const rename = (local: IndexName): IndexName => {
    const mapped = outer.get(local);
    if (mapped !== undefined) return mapped;
    if (!e.indices.includes(local)) return local;
    if (!renamed.has(local)) renamed.set(local, supply.fresh(local));
    return renamed.get(local)!;
  };
  return g.contract(inner.factors.map((f) => ({ node: f.node, indices: f.indices.map(rename) })), out);
}

/** `M[i,i]` is the diagonal of M (a one-factor Contract); distinct indices need no node. */
function withDiagonals(ctx: BuildContext, node: Node, indices: readonly IndexName[]): Named {
  const unique = union([indices]);
  if (unique.length === indices.length) return plain(node, indices);
  return { node: ctx.graph.contract([{ node, indices }], unique), indices: unique, local: true };
}

function plain(node: Node, indices: readonly IndexName[]): Named {
  return { node, indices, local: false };
}

function names(ids: readonly Identifier[]): IndexName[] {
  return ids.map((id) => id.text);
}

/** Index names in order of first appearance. */
function union(lists: readonly (readonly IndexName[])[]): IndexName[] {
  return [...new Set(lists.flat())];
}

function finite(ctx: BuildContext, value: number, span: Span): number {
  if (!Number.isFinite(value)) fail('non_finite_number', { source: ctx.source, span }, ctx.source.slice(span.start, span.end));
  return value;
}
