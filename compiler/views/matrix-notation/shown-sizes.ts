import type { Size } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { MatrixExpr } from './matrix-expr.js';

/**
 * Which sizes a printout names: numbers, and the symbols the program declares (`W: [m, n]`), alone
 * or multiplied (`I_mn` from I_m ⊗ I_n). A size inferred for an undeclared tensor is named after the
 * index it was first used with (`j2`), which means nothing to a reader: it is not printed — I, K
 * and shape notes go without it, as a textbook leaves a size the context fixes.
 */
export type SizeShown = (size: Size) => boolean;

export function declaredSizesShown(declared: ReadonlySet<string>): SizeShown {
  const names = [...declared].filter((d) => d !== '');
  const product = (s: string): boolean => s === '' || names.some((d) => s.startsWith(d) && product(s.slice(d.length)));
  return (size) => typeof size === 'number' || declared.has(size) || (size !== '' && product(size));
}

/** `e` for printing: identity and commutation sizes not shown become '' (I, K without subscripts). */
export function withoutHiddenSizes(e: MatrixExpr, shown: SizeShown | undefined): MatrixExpr {
  if (!shown) return e;
  const go = (x: MatrixExpr): MatrixExpr => withoutHiddenSizes(x, shown);
  switch (e.kind) {
    case 'identity':
      return shown(e.size) ? e : { kind: 'identity', size: '' };
    case 'commutation':
      return shown(e.rows) && shown(e.cols) ? e : { kind: 'commutation', rows: '', cols: '' };
    case 'symbol': case 'number': case 'ones': case 'index':
      return e;
    case 'transpose': case 'diag': case 'diagonal': case 'trace':
      return { ...e, arg: go(e.arg) };
    case 'apply': case 'matfn': case 'reduce': case 'softmax': case 'vec':
      return { ...e, arg: go(e.arg) };
    case 'product': case 'hadamard':
      return { ...e, factors: e.factors.map(go) };
    case 'sum':
      return { kind: 'sum', terms: e.terms.map((t) => ({ coefficient: t.coefficient, expr: go(t.expr) })) };
    case 'kron':
      return { kind: 'kron', left: go(e.left), right: go(e.right) };
    default:
      return assertNever(e);
  }
}
