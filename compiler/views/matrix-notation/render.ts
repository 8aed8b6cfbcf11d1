import { type ElementwiseFn, type MatrixFnName, type ReduceOp, type Size } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { IndexTree } from '../../2-network/index-tree.js';
import type { DisplayNames } from '../../2-network/index-text.js';
import { isScalar, productOf, type MatrixExpr, type MatrixTerm } from './matrix-expr.js';

/** How rank-1 tensors read: column vectors (x yᵀ) or row vectors (xᵀ y). */
export type VectorConvention = 'column' | 'row';

/** The symbols of one output language (plain text or LaTeX); the renderer owns the structure. */
export interface MatrixNotation {
  symbol(name: string): string;
  number(value: number): string;
  identity(size: Size): string;
  /** A size as a value (tr(I_n) = n). */
  size(size: Size): string;
  ones(size: Size): string;
  commutation(rows: Size, cols: Size): string;
  transposed(atom: string): string;
  inverse(atom: string, transposed: boolean): string;
  paren(body: string): string;
  call(name: 'diag' | 'diagvec' | 'tr' | 'vec' | 'vecᵣ', body: string): string;
  /**
   * f applied elementwise; `scalar` when the argument is 1×1 (a power then reads u^e, not u^∘e),
   * `bare` when the argument is a plain symbol (a power then needs no parentheses: a^∘2).
   */
  apply(fn: ElementwiseFn, body: string, scalar: boolean, bare: boolean): string;
  /** u^∘v with a tensor exponent, from the rendered base and exponent (each parenthesized unless a plain symbol). */
  power(base: string, exponent: string, scalar: boolean): string;
  matfn(fn: Exclude<MatrixFnName, 'inv'>, body: string): string;
  /** max/min/logsumexp of all entries, or of each row (a column vector): logsumexp_rows(S). */
  reduce(op: ReduceOp | 'softmax', along: 'all' | 'rows', body: string): string;
  index(tree: IndexTree, indices: readonly string[]): string;
  readonly times: string;
  readonly hadamard: string;
  readonly kron: string;
  readonly minus: string;
}

export interface RenderContext {
  readonly notation: MatrixNotation;
  readonly vectors: VectorConvention;
  readonly names: DisplayNames;
}

export function renderMatrix(e: MatrixExpr, ctx: RenderContext): string {
  const n = ctx.notation;
  switch (e.kind) {
    case 'symbol': case 'ones': case 'transpose':
      return renderLeaf(e, ctx);
    case 'number':
      return n.number(e.value);
    case 'identity':
      return n.identity(e.size);
    case 'commutation':
      return n.commutation(e.rows, e.cols);
    case 'product':
      return renderProduct(e.factors, ctx);
    case 'hadamard':
      return e.factors.map((f) => wrapUnless(f, ctx, ['product', 'sum', 'hadamard', 'kron'])).join(n.hadamard);
    case 'kron':
      return [e.left, e.right].map((f) => wrapUnless(f, ctx, ['sum', 'hadamard', 'kron'])).join(n.kron);
    case 'sum':
      return renderSum(e.terms, ctx);
    case 'diag':
      return n.call('diag', renderMatrix(e.arg, ctx));
    case 'diagonal':
      return n.call('diagvec', renderMatrix(e.arg, ctx));
    case 'trace':
      // tr(I_n) = n; a size not shown (shown-sizes.ts) stays tr(I)
      return e.arg.kind === 'identity' && e.arg.size !== '' ? n.size(e.arg.size) : n.call('tr', renderMatrix(e.arg, ctx));
    case 'apply': {
      const power = tensorPower(e);
      if (power) return n.power(bareOrParen(power.base, ctx), bareOrParen(power.exponent, ctx), isScalar(e.arg));
      return n.apply(e.fn, renderMatrix(e.arg, ctx), isScalar(e.arg), isBareSymbol(e.arg, ctx));
    }
    case 'matfn':
      return e.fn === 'inv' ? inverseOf(e.arg, false, ctx) : n.matfn(e.fn, renderMatrix(e.arg, ctx));
    case 'reduce':
      return n.reduce(e.op, e.along, renderMatrix(e.arg, ctx));
    case 'softmax':
      return n.reduce('softmax', e.along, renderMatrix(e.arg, ctx));
    case 'vec':
      return n.call(e.order === 'column' ? 'vec' : 'vecᵣ', renderMatrix(e.arg, ctx));
    case 'index':
      return n.index(e.tree, e.indices);
    default:
      return assertNever(e);
  }
}

/** Vectors and their transposes: in the row convention a bare vector symbol reads as a row. */
function renderLeaf(e: Extract<MatrixExpr, { kind: 'symbol' | 'ones' | 'transpose' }>, ctx: RenderContext): string {
  const n = ctx.notation;
  const flipped = ctx.vectors === 'row';
  switch (e.kind) {
    case 'symbol': {
      const s = n.symbol(Object.prototype.hasOwnProperty.call(ctx.names, e.name) ? ctx.names[e.name]! : e.name);
      return e.rank === 1 && flipped ? n.transposed(s) : s;
    }
    case 'ones':
      return flipped ? n.transposed(n.ones(e.size)) : n.ones(e.size);
    case 'transpose': {
      const a = e.arg;
      if ((a.kind === 'symbol' && a.rank === 1) || a.kind === 'ones') return flipped ? renderMatrix(a, { ...ctx, vectors: 'column' }) : n.transposed(atom(a, ctx));
      if (a.kind === 'matfn' && a.fn === 'inv') return inverseOf(a.arg, true, ctx);
      if (a.kind === 'transpose') return renderMatrix(a.arg, ctx);
      return n.transposed(atom(a, ctx));
    }
    default:
      return assertNever(e);
  }
}

/** U⁻¹ or U⁻ᵀ, one spelling however it arrived: (Xᵀ)⁻¹ = (X⁻¹)ᵀ = X⁻ᵀ and (Xᵀ)⁻ᵀ = X⁻¹. */
function inverseOf(u: MatrixExpr, transposed: boolean, ctx: RenderContext): string {
  if (u.kind === 'transpose' && u.arg.kind !== 'ones' && !(u.arg.kind === 'symbol' && u.arg.rank === 1)) return inverseOf(u.arg, !transposed, ctx);
  return ctx.notation.inverse(atom(u, ctx), transposed);
}

/** A symbol printed without any mark: x, or in the row convention a transposed column xᵀ (printed x). */
function isBareSymbol(e: MatrixExpr, ctx: RenderContext): boolean {
  if (e.kind === 'trace' && e.arg.kind === 'identity') return true;
  if (e.kind === 'symbol') return !(e.rank === 1 && ctx.vectors === 'row');
  return e.kind === 'transpose' && e.arg.kind === 'symbol' && e.arg.rank === 1 && ctx.vectors === 'row';
}

/**
 * exp(log(u) ⊙ v), which is how `u^v` with a tensor exponent is built (1-parse/ricci-sugar.ts), as
 * its base and exponent, so it prints u^∘v as written; undefined for any other expression.
 */
function tensorPower(e: MatrixExpr): { readonly base: MatrixExpr; readonly exponent: MatrixExpr } | undefined {
  if (e.kind !== 'apply' || e.fn.name !== 'exp' || (e.arg.kind !== 'hadamard' && e.arg.kind !== 'product')) return undefined;
  const logs = e.arg.factors.filter((f) => f.kind === 'apply' && f.fn.name === 'log');
  const rest = e.arg.factors.filter((f) => !logs.includes(f));
  if (logs.length !== 1 || logs[0]!.kind !== 'apply' || (e.arg.kind === 'product' && !rest.every(isScalar))) return undefined;
  return { base: logs[0]!.arg, exponent: rest.length === 1 ? rest[0]! : { kind: e.arg.kind, factors: rest } };
}

function bareOrParen(e: MatrixExpr, ctx: RenderContext): string {
  return isBareSymbol(e, ctx) ? renderMatrix(e, ctx) : ctx.notation.paren(renderMatrix(e, ctx));
}

const atomic: ReadonlySet<MatrixExpr['kind']> = new Set(['symbol', 'number', 'identity', 'ones', 'diag', 'diagonal', 'trace', 'apply', 'index', 'commutation', 'reduce', 'softmax', 'vec']);

/** Renders e so a postfix (ᵀ, ⁻¹) binds to all of it. */
function atom(e: MatrixExpr, ctx: RenderContext): string {
  const body = renderMatrix(e, ctx);
  const plain = atomic.has(e.kind) && !(e.kind === 'number' && e.value < 0) && tensorPower(e) === undefined &&
    !(e.kind === 'symbol' && e.rank === 1 && ctx.vectors === 'row');
  return plain ? body : ctx.notation.paren(body);
}

function wrapUnless(e: MatrixExpr, ctx: RenderContext, wrapped: readonly MatrixExpr['kind'][]): string {
  const body = renderMatrix(e, ctx);
  return wrapped.includes(e.kind) ? ctx.notation.paren(body) : body;
}

function renderProduct(factors: readonly MatrixExpr[], ctx: RenderContext): string {
  const first = factors[0];
  // a zero vector or matrix (0 𝟏, 0 I) reads 0, as books write it; the form keeps its shape
  if (first?.kind === 'number' && first.value === 0) return ctx.notation.number(0);
  const parts = factors.map((f) => wrapUnless(f, ctx, ['sum', 'hadamard', 'kron', 'product']));
  if (first?.kind === 'number' && first.value === -1 && factors.length === 2 && factors[1]!.kind === 'kron')
    return ctx.notation.minus + renderMatrix(factors[1]!, ctx);
  if (first?.kind === 'number' && first.value === -1 && factors.length > 1) return ctx.notation.minus + parts.slice(1).join(ctx.notation.times);
  return parts.join(ctx.notation.times);
}

function renderSum(terms: readonly MatrixTerm[], ctx: RenderContext): string {
  const n = ctx.notation;
  return terms.map((t, k) => {
    const c = t.coefficient;
    const scaled = Math.abs(c) === 1 ? t.expr : productOf([{ kind: 'number', value: Math.abs(c) }, t.expr]);
    const body = wrapUnless(scaled, ctx, ['sum']);
    const sign = c < 0 ? (k === 0 ? n.minus : ` ${n.minus} `) : k === 0 ? '' : ' + ';
    return `${sign}${body}`;
  }).join('');
}
