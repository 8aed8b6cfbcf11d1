import { isScalar, productOf, sumOf, transposeCount, transposeOf, type MatrixExpr, type MatrixTerm } from './matrix-expr.js';

/**
 * What the display rewrites (tidy.ts, diagonal-terms.ts, negated-sums.ts) ask of a form: equality,
 * a term split into its number, scalar factors and matrix factors, the order terms print in.
 */
export const same = (a: MatrixExpr, b: MatrixExpr): boolean => JSON.stringify(a) === JSON.stringify(b);

export const isSum = (f: MatrixExpr): boolean => f.kind === 'sum' || (f.kind === 'transpose' && f.arg.kind === 'sum');

/** Equal forms, a sum's terms in any order and a transposed sum's transpose pushed to its terms. */
export function sameTerms(p: MatrixExpr, q: MatrixExpr): boolean {
  const key = (e: MatrixExpr): string => (e.kind === 'transpose' && e.arg.kind === 'sum' ? key(transposeOf(e.arg))
    : JSON.stringify(e.kind === 'sum' ? e.terms.map((t) => t.coefficient + key(t.expr)).sort() : e));
  return key(p) === key(q);
}

/** x ⊙ (y ⊙ z) is x ⊙ y ⊙ z; (y ⊙ z)ᵀ inside is yᵀ ⊙ zᵀ. */
export const hadamardFactors = (f: MatrixExpr): readonly MatrixExpr[] => {
  if (f.kind === 'hadamard') return f.factors;
  return f.kind === 'transpose' && f.arg.kind === 'hadamard' ? f.arg.factors.map(transposeOf) : [f];
};

export interface Split { readonly number: number; readonly scalars: MatrixExpr[]; readonly wide: MatrixExpr[] }

export function split(t: MatrixTerm): Split {
  // a scalar product inside ((xᵀx)⁻¹ (gᵀ𝟏)) 𝟏 gives up its factors, so common ones can come out
  const factors = (t.expr.kind === 'product' ? t.expr.factors : [t.expr])
    .flatMap((f) => (f.kind === 'product' && f.factors.every(isScalar) ? f.factors : [f]));
  const number = factors.reduce((v, f) => (f.kind === 'number' ? v * f.value : v), t.coefficient);
  return { number, scalars: factors.filter((f) => f.kind !== 'number' && isScalar(f)), wide: factors.filter((f) => !isScalar(f)) };
}

/**
 * Positive terms first; a term and its transposed mirror keep the sum's order but read the plain
 * one first (Aᵀ + A → A + Aᵀ); unrelated terms keep their order.
 */
export function orderTerms(terms: readonly MatrixTerm[]): MatrixTerm[] {
  const skeleton = (e: MatrixExpr): string => JSON.stringify(e, (_, v: unknown) =>
    (typeof v === 'object' && v !== null && (v as MatrixExpr).kind === 'transpose' ? (v as { arg: unknown }).arg : v));
  const groups = [...new Set(terms.map((t) => skeleton(t.expr)))];
  const key = (t: MatrixTerm): number[] => [Number(split(t).number < 0), groups.indexOf(skeleton(t.expr)), transposeCount(t.expr)];
  return [...terms].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    return ka[0]! - kb[0]! || ka[1]! - kb[1]! || ka[2]! - kb[2]!;
  });
}

/** The term with its expression's leading number moved into its coefficient: (1, −1·S⁻¹ r rᵀ S⁻¹) → (−1, S⁻¹ r rᵀ S⁻¹). */
export function leadingNumberOut(t: MatrixTerm): MatrixTerm {
  if (t.expr.kind !== 'product' || t.expr.factors[0]?.kind !== 'number') return t;
  return { coefficient: t.coefficient * t.expr.factors[0].value, expr: productOf(t.expr.factors.slice(1)) };
}
