import type { Expr, Identifier, ProductFactor } from '../1-parse/ricci-ast.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Span } from '../diagnostics/span.js';
import type { Graph } from './graph.js';
import { createNameSupply } from './name-supply.js';
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
}

/**
 * Builds `e` with the Einstein rule: inside a product, an index in two or more factors is summed
 * unless it is in `keep` (the left-hand side, and the indices of an enclosing `sum[…]`).
 *   keep = {}:  x[i] W[i,j]  →  Contract(x[i] W[i,j] → [j]);   keep = {i}:  x[i] y[i] → [i]
 */
export function buildExpression(ctx: BuildContext, e: Expr, keep: ReadonlySet<IndexName>): Named {
  const g = ctx.graph;
  switch (e.kind) {
    case 'number':
      return plain(g.constant(e.value), []);
    case 'access':
      return withDiagonals(ctx, ctx.nodeOf(e.tensor.text), names(e.indices));
    case 'negate': {
      if (e.operand.kind === 'number') return plain(g.constant(-e.operand.value), []);
      const operand = buildExpression(ctx, e.operand, keep);
      return plain(g.add([{ node: operand.node, indices: operand.indices, coefficient: -1 }], operand.indices), operand.indices);
    }
    case 'add': {
      const terms = e.terms.map((t) => {
        const x = buildExpression(ctx, t.expr, keep);
        return { node: x.node, indices: x.indices, coefficient: t.sign };
      });
      const out = union(terms.map((t) => t.indices));
      return plain(g.add(terms, out), out);
    }
    case 'multiply':
      return buildProduct(ctx, e.factors, keep);
    case 'power': {
      if (e.base.kind === 'number') return plain(g.constant(finite(ctx, Math.pow(e.base.value, e.exponent), e.span)), []);
      const base = buildExpression(ctx, e.base, keep);
      return plain(g.map({ name: 'pow', exponent: e.exponent }, base.node), base.indices);
    }
    case 'call': {
      const arg = buildExpression(ctx, e.arg, keep);
      return plain(g.map({ name: e.fn }, arg.node), arg.indices);
    }
    case 'matrix': {
      const m = g.matfn(e.fn, ctx.nodeOf(e.matrix.text));
      return e.fn === 'inv' ? withDiagonals(ctx, m, names(e.indices)) : plain(m, []);
    }
    case 'sum':
      return buildSum(ctx, e.indices, e.body, keep);
    case 'delta': {
      const [i, j] = names(e.indices) as [IndexName, IndexName];
      return withDiagonals(ctx, g.delta(ctx.sizeOfIndex(i)), [i, j]);
    }
    default:
      return assertNever(e);
  }
}

/** Division enters as b^(-1); a literal divisor is folded into a constant 1/b. */
function buildProduct(ctx: BuildContext, factors: readonly ProductFactor[], keep: ReadonlySet<IndexName>): Named {
  const g = ctx.graph;
  const built: Factor[] = factors.map((f) => {
    if (f.divide && f.expr.kind === 'number') {
      if (f.expr.value === 0) fail('division_by_zero', { source: ctx.source, span: f.expr.span });
      return { node: g.constant(1 / f.expr.value), indices: [] };
    }
    const x = buildExpression(ctx, f.expr, keep);
    return { node: f.divide ? g.map({ name: 'pow', exponent: -1 }, x.node) : x.node, indices: x.indices };
  });
  const count = new Map<IndexName, number>();
  for (const f of built) for (const i of f.indices) count.set(i, (count.get(i) ?? 0) + 1);
  const out = [...count].filter(([i, n]) => n === 1 || keep.has(i)).map(([i]) => i);
  return { node: g.contract(built, out), indices: out, local: true };
}

/** `sum[i](body)`: i is kept free inside the body, then summed. */
function buildSum(ctx: BuildContext, indices: readonly Identifier[], body: Expr, keep: ReadonlySet<IndexName>): Named {
  const inner = buildExpression(ctx, body, new Set([...keep, ...names(indices)]));
  for (const index of indices)
    if (!inner.indices.includes(index.text)) fail('sum_index_not_free', { source: ctx.source, span: index.span }, index.text);
  const out = inner.indices.filter((i) => !indices.some((index) => index.text === i));
  return { node: sumAndOrder(ctx.graph, inner, out), indices: out, local: true };
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
