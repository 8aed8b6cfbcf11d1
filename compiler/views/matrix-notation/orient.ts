import { assertNever } from '../../diagnostics/assert-never.js';
import { transposeOf, unitSides, type MatrixExpr } from './matrix-expr.js';
import type { VectorConvention } from './render.js';

/**
 * A sum or Hadamard product read whole-transposed when that shows fewer ᵀ marks:
 *   xᵀ Aᵀ − bᵀ → (A x − b)ᵀ;  with row vectors (a2ᵀ − yᵀ) ⊙ … → ((a2 − y) ⊙ …)ᵀ.
 */
export function preferTransposed(e: MatrixExpr, vectors: VectorConvention): MatrixExpr {
  if (e.kind !== 'sum' && e.kind !== 'hadamard') return e;
  const candidate: MatrixExpr = { kind: 'transpose', arg: regroupTransposedSums(transposeOf(e)) };
  const [flipped, kept] = [shownTransposes(candidate, vectors), shownTransposes(e, vectors)];
  // a tie on a Hadamard product of matrices: one ᵀ outside reads better than several inside, ((G Wᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2))ᵀ
  return flipped < kept || (e.kind === 'hadamard' && flipped === kept && kept >= 2 && !unitSides(e).some((u) => u)) ? candidate : e;
}

/** The ᵀ marks a form prints with: with row vectors a bare column x prints xᵀ and xᵀ prints x. */
export function shownTransposes(e: MatrixExpr, vectors: VectorConvention): number {
  const row = vectors === 'row';
  const count = (x: MatrixExpr): number => shownTransposes(x, vectors);
  switch (e.kind) {
    case 'symbol': return row && e.rank === 1 ? 1 : 0;
    case 'ones': return row ? 1 : 0;
    case 'transpose': {
      const a = e.arg;
      if ((a.kind === 'symbol' && a.rank === 1) || a.kind === 'ones') return row ? 0 : 1;
      return 1 + (a.kind === 'matfn' ? count(a.arg) : count(a));
    }
    case 'product': case 'hadamard': return e.factors.reduce((n, f) => n + count(f), 0);
    case 'sum': return e.terms.reduce((n, t) => n + count(t.expr), 0);
    // (Hᵀ)^∘2 prints its ᵀ inside parentheses: one more mark than (… H^∘2 …)ᵀ
    case 'apply': return count(e.arg) + (e.arg.kind === 'transpose' && count(e.arg) > 0 ? 1 : 0);
    case 'diag': case 'diagonal': case 'trace': case 'matfn': case 'reduce': case 'softmax': case 'vec': return count(e.arg);
    case 'kron': return count(e.left) + count(e.right);
    case 'number': case 'identity': case 'index': case 'commutation': return 0;
    default: return assertNever(e);
  }
}

/**
 * Inside a product, a sum whose terms are all transposed reads as one transposed sum: transposing
 * S⁻¹ (x − m) (x − m)ᵀ S⁻¹ pushes ᵀ into (x − m), giving xᵀ − mᵀ; it prints (x − m)ᵀ.
 */
function regroupTransposedSums(e: MatrixExpr): MatrixExpr {
  if (e.kind === 'sum') return { kind: 'sum', terms: e.terms.map((t) => ({ coefficient: t.coefficient, expr: regroupTransposedSums(t.expr) })) };
  if (e.kind !== 'product') return e;
  const regrouped = (f: MatrixExpr): MatrixExpr => (f.kind === 'sum' && f.terms.every((t) => t.expr.kind === 'transpose')
    ? { kind: 'transpose', arg: transposeOf(f) } : f);
  return { kind: 'product', factors: e.factors.map(regrouped) };
}
