import { productOf, sumOf, transposeOf, type MatrixExpr, type MatrixTerm } from './matrix-expr.js';
import { isSum, sameTerms, split } from './term-parts.js';

/**
 * Sums that are each other's negation (x − m and m − x) read as one, the sign moved to the term:
 * so ends factor, outer products read (x − m) (x − m)ᵀ, and terms that differ only so compare equal.
 */

/** −e for a sum e (or a transposed sum): m − x → x − m. */
function negatedSum(e: MatrixExpr): MatrixExpr | undefined {
  if (e.kind === 'transpose') {
    const inner = negatedSum(e.arg);
    return inner && transposeOf(inner);
  }
  return e.kind === 'sum' ? sumOf(e.terms.map((t) => ({ coefficient: -t.coefficient, expr: t.expr }))) : undefined;
}

/** Whether the sums `a` and `b` are each other's negation (terms in any order), as they stand or with `b` transposed. */
function negation(a: MatrixExpr, b: MatrixExpr): 'as-is' | 'transposed' | undefined {
  const minus = negatedSum(a);
  if (minus === undefined || !isSum(b)) return undefined;
  return sameTerms(minus, b) ? 'as-is' : sameTerms(minus, transposeOf(b)) ? 'transposed' : undefined;
}

const negates = (a: MatrixExpr, b: MatrixExpr): boolean => negation(a, b) !== undefined;

/** `b` oriented as `a` stands, for a negation `a` of it: a transposed sum stays one ((m − x)ᵀ, not mᵀ − xᵀ). */
const orientedAs = (a: MatrixExpr, b: MatrixExpr): MatrixExpr => {
  if (negation(a, b) === 'as-is') return b;
  return b.kind === 'transpose' ? b.arg : { kind: 'transpose', arg: b };
};

/**
 * A term whose first or last factor is the negation of an earlier term's (x − m against m − x)
 * takes the earlier one, its sign flipped, so the ends can factor (a Gaussian's S⁻¹ without a name
 * for x − m): (m − x) xᵀ + (x − m) mᵀ → (m − x) xᵀ − (m − x) mᵀ → (m − x) (x − m)ᵀ. Undefined when
 * no term changes.
 */
export function alignNegatedEnds(terms: readonly MatrixTerm[]): MatrixTerm[] | undefined {
  const out: MatrixTerm[] = [];
  let changed = false;
  for (const t of terms) {
    const p = split(t);
    const ends = out.flatMap((u) => { const q = split(u); return [q.wide[0], q.wide[q.wide.length - 1]]; });
    const at = [0, p.wide.length - 1].find((k) => p.wide[k] !== undefined && ends.some((g) => g !== undefined && negates(p.wide[k]!, g)));
    if (at === undefined) { out.push(t); continue; }
    const wide = [...p.wide];
    wide[at] = orientedAs(p.wide[at]!, ends.find((g) => g !== undefined && negates(p.wide[at]!, g))!);
    out.push({ coefficient: -p.number, expr: productOf([...p.scalars, ...wide]) });
    changed = true;
  }
  return changed ? out : undefined;
}

/** A sum factor that is the negation of an earlier one reads as it, the sign in front: (x − m) (m − x)ᵀ → −(x − m) (x − m)ᵀ. */
export function alignNegatedFactors(factors: readonly MatrixExpr[]): MatrixExpr[] {
  const out = [...factors];
  let sign = 1;
  for (let k = 1; k < out.length; k++) {
    const earlier = out.slice(0, k).find((g) => negates(out[k]!, g));
    if (earlier === undefined) continue;
    out[k] = orientedAs(out[k]!, earlier);
    sign = -sign;
  }
  return sign === 1 ? out : [{ kind: 'number', value: -1 }, ...out];
}

/**
 * A product's key with each sum factor written one way — a sum of transposed terms as a transposed
 * sum, the sign chosen so its first term (by key) is positive — and the sign that took:
 * S⁻¹ (m − x) (mᵀ − xᵀ) S⁻¹ and S⁻¹ (x − m) (x − m)ᵀ S⁻¹ have one key, sign 1.
 */
export function signFreeKey(factors: readonly MatrixExpr[]): { key: string; sign: number } {
  let sign = 1;
  const written = factors.map((f): MatrixExpr => {
    const transposed = f.kind === 'transpose' && f.arg.kind === 'sum';
    const sum = transposed ? (f as { arg: MatrixExpr }).arg
      : f.kind === 'sum' && f.terms.every((t) => t.expr.kind === 'transpose') ? transposeOf(f) : f;
    if (sum.kind !== 'sum') return f;
    const terms = [...sum.terms].sort((a, b) => (JSON.stringify(a.expr) < JSON.stringify(b.expr) ? -1 : 1));
    const flip = terms[0]!.coefficient < 0 ? -1 : 1;
    sign *= flip;
    const inner: MatrixExpr = { kind: 'sum', terms: terms.map((t) => ({ coefficient: flip * t.coefficient, expr: t.expr })) };
    return transposed || sum !== f ? { kind: 'transpose', arg: inner } : inner;
  });
  return { key: JSON.stringify(written), sign };
}
