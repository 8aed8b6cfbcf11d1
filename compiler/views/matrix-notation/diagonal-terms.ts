import { isScalar, productOf, sumOf, transposeOf, unitSides, type MatrixExpr, type MatrixTerm } from './matrix-expr.js';
import { signFreeKey } from './negated-sums.js';
import { hadamardFactors, orderTerms, same, split } from './term-parts.js';

/**
 * Diagonal terms of a symmetric variable's gradient (the convention's G + Gᵀ − diag(G)): those that
 * are one square merge, and a diagonal that is half the rest's reads as diag(diagvec(·)).
 */

/**
 * Diagonal terms that together are one square, Σ c_uv diag(u ⊙ v) = λ diag(w ⊙ w) with w = Σ w_u u
 * (the coefficients a rank-one form λ w wᵀ): 0.5 diag(a ⊙ a) + 0.5 diag(b ⊙ b) − diag(a ⊙ b) →
 * 0.5 diag((a − b) ⊙ (a − b)) — a symmetric S's Gaussian without a name for x − m, whose diagonal
 * correction then merges (halvedDiagonal). Undefined unless two or more terms become one.
 */
export function squareDiagonals(terms: readonly MatrixTerm[]): MatrixTerm[] | undefined {
  const atoms: MatrixExpr[] = [];
  const atom = (e: MatrixExpr): number => {
    const k = atoms.findIndex((a) => same(a, e));
    return k >= 0 ? k : atoms.push(e) - 1;
  };
  const products: { term: MatrixTerm; u: number; v: number; c: number }[] = [];
  for (const t of terms) {
    const p = split(t);
    const arg = p.scalars.length === 0 && p.wide.length === 1 && p.wide[0]!.kind === 'diag' ? p.wide[0]!.arg : undefined;
    if (arg?.kind === 'hadamard' && arg.factors.length === 2) products.push({ term: t, u: atom(arg.factors[0]!), v: atom(arg.factors[1]!), c: p.number });
  }
  if (products.length < 2 || atoms.length < 2) return undefined;
  const form = atoms.map(() => atoms.map(() => 0));
  for (const { u, v, c } of products) {
    form[u]![v]! += u === v ? c : c / 2;
    if (u !== v) form[v]![u]! += c / 2;
  }
  const pivot = form.findIndex((row, k) => row[k] !== 0);
  if (pivot < 0) return undefined;
  const lambda = form[pivot]![pivot]!;
  const w = form[pivot]!.map((x) => x / lambda);
  const tolerance = 1e-12 * Math.max(...form.flat().map(Math.abs));
  if (form.some((row, i) => row.some((x, j) => Math.abs(x - lambda * w[i]! * w[j]!) > tolerance))) return undefined;
  const vector = sumOf(atoms.flatMap((a, k) => (w[k] === 0 ? [] : [{ coefficient: w[k]!, expr: a }])));
  const merged: MatrixTerm = { coefficient: lambda, expr: { kind: 'diag', arg: { kind: 'hadamard', factors: [vector, vector] } } };
  const used = new Set(products.map((q) => q.term));
  const first = terms.findIndex((t) => used.has(t));
  return terms.flatMap((t, k) => (k === first ? [merged] : used.has(t) ? [] : [t]));
}

/**
 * The symmetric-variable convention's G + Gᵀ − diag(G) with G symmetric is 2G − diag(G): when the
 * diagonal terms are, together, α diag(diagvec(N)) for the sum N of the other terms, they read so —
 *   S⁻¹ − S⁻¹ r rᵀ S⁻¹ + 0.5 diag((S⁻¹ r) ⊙ (S⁻¹ r)) − 0.5 diag(diagvec(S⁻¹))
 *     → S⁻¹ − S⁻¹ r rᵀ S⁻¹ − 0.5 diag(diagvec(S⁻¹ − S⁻¹ r rᵀ S⁻¹))
 * (diag(u ⊙ v) = diag(diagvec(u vᵀ))). Only for two or more diagonal terms, which it merges.
 */
export function halvedDiagonal(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  const diagonals: MatrixTerm[] = [];
  const rest: MatrixTerm[] = [];
  for (const t of terms) {
    const { number, scalars, wide } = split(t);
    const m = scalars.length === 0 && wide.length === 1 && wide[0]!.kind === 'diag' ? diagonalSource(wide[0]!.arg) : undefined;
    if (m) diagonals.push({ coefficient: number, expr: m });
    else rest.push(t);
  }
  const weights = (ts: readonly MatrixTerm[]): Map<string, number> => {
    const byKey = new Map<string, number>();
    for (const u of ts) {
      const { number, scalars, wide } = split(u);
      const { key, sign } = signFreeKey([...scalars, ...wide]);
      byKey.set(key, (byKey.get(key) ?? 0) + sign * number);
    }
    return new Map([...byKey].filter(([, c]) => c !== 0));
  };
  const [d, n] = [weights(diagonals), weights(rest)];
  const [key, first] = [...n][0] ?? [];
  const alpha = (d.get(key!) ?? 0) / first!;
  if (diagonals.length < 2 || d.size !== n.size || !alpha || [...n].some(([k, c]) => Math.abs((d.get(k) ?? 0) / c - alpha) > 1e-12 * Math.abs(alpha))) return undefined;
  // a scale every other term has comes out of both: 4 (S − S⁻¹) − 2 diag(diagvec(S − S⁻¹))
  const numbers = rest.map((t) => Math.abs(split(t).number));
  const common = numbers.every((c) => c === numbers[0]) ? numbers[0]! : 1;
  const inner = sumOf(orderTerms(rest.map((t) => ({ coefficient: t.coefficient / common, expr: t.expr }))));
  return sumOf([{ coefficient: common, expr: inner }, { coefficient: alpha * common, expr: { kind: 'diag', arg: { kind: 'diagonal', arg: inner } } }]);
}

/**
 * M with diag(v) = diag(diagvec(M)): v = diagvec(M) itself, u ⊙ w for column vectors (M = u wᵀ),
 * (A ⊙ B) 𝟏 (M = A Bᵀ); a row (the row reading's orientation) as its column; scalars in front stay.
 */
function diagonalSource(v: MatrixExpr): MatrixExpr | undefined {
  if (unitSides(v)[0] && !unitSides(v)[1]) return diagonalSource(transposeOf(v));
  if (v.kind === 'diagonal') return v.arg;
  if (v.kind === 'transpose' && v.arg.kind === 'diagonal') return v.arg.arg;
  const pair = v.kind === 'hadamard' ? v.factors : v.kind === 'product' && v.factors.length === 2 && v.factors[1]!.kind === 'ones' ? hadamardFactors(v.factors[0]!) : [];
  if (pair.length === 2) return productOf([pair[0]!, transposeOf(pair[1]!)]);
  if (v.kind !== 'product' || !v.factors.slice(0, -1).every(isScalar)) return undefined;
  const inner = diagonalSource(v.factors[v.factors.length - 1]!);
  return inner && productOf([...v.factors.slice(0, -1), inner]);
}
