import type { IndexName } from '../../2-network/network.js';
import { transposeOf, type MatrixExpr, type MatrixFactor } from './matrix-expr.js';

/**
 * A connected piece of a network in which every index links exactly two places, read as a
 * matrix product: A[i,j] B[k,j] x[k] → A Bᵀ x with rowEnd i and colEnd null (a column).
 * A cycle (A[i,j] B[j,i]) is read as the argument of a trace.
 */
export interface Chain {
  readonly factors: readonly MatrixExpr[];
  /** The output index the rows run over, or null when the rows are 1. */
  readonly rowEnd: IndexName | null;
  readonly colEnd: IndexName | null;
  readonly cycle: boolean;
}

/** Splits factors (each index in exactly two places, counting `out` as one) into chains. */
export function chainComponents(factors: readonly MatrixFactor[], out: readonly IndexName[]): Chain[] {
  const used = new Set<number>();
  const chains: Chain[] = [];
  const holderOf = (i: IndexName, not: number): number => factors.findIndex((f, k) => k !== not && f.indices.includes(i));
  const walk = (start: number, enter: IndexName | null): Chain => {
    const oriented: MatrixExpr[] = [];
    let k = start;
    let entering = enter;
    for (;;) {
      used.add(k);
      const f = factors[k]!;
      const { expr, exit } = orient(f, entering);
      oriented.push(expr);
      if (exit === null || out.includes(exit))
        return { factors: oriented, rowEnd: enter !== null && out.includes(enter) ? enter : null, colEnd: exit, cycle: false };
      const next = holderOf(exit, k);
      if (next === start || next < 0 || used.has(next)) return { factors: oriented, rowEnd: null, colEnd: null, cycle: true };
      k = next;
      entering = exit;
    }
  };
  const open = (k: number): IndexName | null | undefined => {
    const f = factors[k]!;
    const outIndex = f.indices.find((i) => out.includes(i));
    if (outIndex !== undefined) return outIndex;
    return f.indices.length === 1 ? null : undefined;
  };
  for (let k = 0; k < factors.length; k++) {
    const enter = open(k);
    if (!used.has(k) && enter !== undefined) chains.push(walk(k, enter));
  }
  for (let k = 0; k < factors.length; k++)
    if (!used.has(k)) chains.push(walk(k, factors[k]!.indices[0]!));
  return chains;
}

/** Orients one factor so that its rows are the entering index. */
function orient(f: MatrixFactor, entering: IndexName | null): { expr: MatrixExpr; exit: IndexName | null } {
  const [a, b] = f.indices;
  if (f.indices.length === 1) return entering === null ? { expr: transposeOf(f.expr), exit: a! } : { expr: f.expr, exit: null };
  return a === entering ? { expr: f.expr, exit: b! } : { expr: transposeOf(f.expr), exit: a! };
}
