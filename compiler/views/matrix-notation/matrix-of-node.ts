import { indexSizes, type IndexName, type Node, type Size } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import { indexNotation } from '../../2-network/print-network.js';
import { contractToMatrix } from './contract.js';
import { sumOf, transposeOf, type MatrixExpr, type MatrixFactor, type MatrixTerm } from './matrix-expr.js';

/**
 * Matrix forms already found, by node id; one per view request (passed explicitly). `named`: the
 * definitions by node, which a part printed in index notation also reads by name.
 */
export type MatrixMemo = Map<number, MatrixExpr> & { readonly named?: ReadonlyMap<Node, string> };

/** A memo that reads the named definitions (rank ≤ 2) as symbols: e[i] s^-1 with p = e/s stays `e`, not exp(z). */
export function memoWithNames(named: ReadonlyMap<Node, string>): MatrixMemo {
  const memo: MatrixMemo = Object.assign(new Map<number, MatrixExpr>(), { named });
  for (const [node, name] of named)
    if (node.shape.length <= 2 && node.kind !== 'input' && node.kind !== 'matfn')
      memo.set(node.id, { kind: 'symbol', name, rank: node.shape.length as 0 | 1 | 2, symmetric: false, shape: node.shape });
  return memo;
}

/**
 * A node in matrix notation, rows = axis 0 and cols = axis 1 (a rank-1 node is a column).
 * A node without a matrix form (rank > 2, or a network the pattern table cannot read) becomes an
 * `index` part: printed in index notation, labelled, never dropped.
 */
export function matrixOfNode(node: Node, memo: MatrixMemo): MatrixExpr {
  const known = memo.get(node.id);
  if (known) return known;
  const found = node.shape.length > 2 ? undefined : matrixForm(node, memo);
  const expr = found ?? indexPart(node, memo.named);
  memo.set(node.id, expr);
  return expr;
}

function matrixForm(node: Node, memo: MatrixMemo): MatrixExpr | undefined {
  switch (node.kind) {
    case 'input':
      return { kind: 'symbol', name: node.name, rank: node.shape.length as 0 | 1 | 2, symmetric: node.symmetric, shape: node.shape };
    case 'const':
      return { kind: 'number', value: node.value };
    case 'delta':
      return { kind: 'identity', size: node.shape[0]! };
    case 'contract': {
      const direct = contractToMatrix(node.factors.map((f) => ({ expr: matrixOfNode(f.node, memo), indices: f.indices })), node.out, indexSizes(node.factors));
      return direct ?? distributed(node, memo);
    }
    case 'add': {
      const sizes = new Map<IndexName, Size>(node.out.map((o, k) => [o, node.shape[k]!]));
      const terms = node.terms.map((t) => {
        const factor: MatrixFactor = { expr: matrixOfNode(t.node, memo), indices: t.indices };
        return { coefficient: t.coefficient, expr: aligned(factor, node.out, sizes) };
      });
      return terms.some((t) => t.expr === undefined) ? undefined
        : sumOf(terms.map((t) => ({ coefficient: t.coefficient, expr: t.expr! })));
    }
    case 'map': {
      const arg = matrixOfNode(node.arg, memo);
      return arg.kind === 'index' ? undefined : { kind: 'apply', fn: node.fn, arg };
    }
    case 'matfn': {
      const arg = matrixOfNode(node.arg, memo);
      return arg.kind === 'index' ? undefined : { kind: 'matfn', fn: node.fn, arg };
    }
    case 'reduce': {
      // logsumexp[j](z[j]) → logsumexp(z); along a matrix's columns index, each row's: logsumexp_rows(S)
      const arg = matrixOfNode(node.arg, memo);
      const rank = node.arg.shape.length;
      if (arg.kind === 'index' || rank > 2) return undefined;
      if (node.axes.length === rank) return { kind: 'reduce', op: node.op, arg, along: 'all' };
      return { kind: 'reduce', op: node.op, arg: node.axes[0] === 1 ? arg : transposeOf(arg), along: 'rows' };
    }
    default:
      return assertNever(node);
  }
}

/**
 * A product with a sum of more than two indices among its factors, R[i,c] (X[i,s] − Mu[c,s]), has no
 * matrix form as written; multiplied out, each term may: Rᵀ X − diag(Rᵀ 𝟏) Mu. Undefined when a
 * term would drop an index only the sum carries (its sum over that index would be lost).
 */
function distributed(node: Extract<Node, { kind: 'contract' }>, memo: MatrixMemo): MatrixExpr | undefined {
  const k = node.factors.findIndex((f) => f.node.kind === 'add' && f.node.shape.length > 2);
  const wide = node.factors[k];
  if (!wide || wide.node.kind !== 'add') return undefined;
  const sum = wide.node;
  const rename = new Map(sum.out.map((o, p) => [o, wide.indices[p]!]));
  const others = node.factors.filter((_, j) => j !== k);
  const elsewhere = new Set([...node.out, ...others.flatMap((f) => f.indices)]);
  const sizes = indexSizes(node.factors);
  const terms: MatrixTerm[] = [];
  for (const t of sum.terms) {
    const indices = t.indices.map((i) => rename.get(i)!);
    if (wide.indices.some((i) => !indices.includes(i) && !elsewhere.has(i))) return undefined;
    const factors: MatrixFactor[] = [...others, { node: t.node, indices }].map((f) => ({ expr: matrixOfNode(f.node, memo), indices: f.indices }));
    const expr = contractToMatrix(factors, node.out, sizes);
    if (expr === undefined) return undefined;
    terms.push({ coefficient: t.coefficient, expr });
  }
  return sumOf(terms);
}

/** An addend read in the sum's index order: as is, transposed, or broadcast (b[j] → 𝟏 bᵀ). */
function aligned(factor: MatrixFactor, out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): MatrixExpr | undefined {
  const same = factor.indices.length === out.length && factor.indices.every((i, k) => i === out[k]);
  if (same) return factor.expr;
  const swapped = out.length === 2 && factor.indices.length === 2 && factor.indices[0] === out[1] && factor.indices[1] === out[0];
  if (swapped) return transposeOf(factor.expr);
  return contractToMatrix([factor], out, sizes);
}

function indexPart(node: Node, named: ReadonlyMap<Node, string> = new Map()): MatrixExpr {
  const indices = node.kind === 'contract' || node.kind === 'add' ? node.out : node.shape.map((_, k) => `i${k + 1}`);
  return { kind: 'index', tree: indexNotation({ node, indices }, { names: named }), indices };
}
