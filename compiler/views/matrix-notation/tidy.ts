import type { Size } from '../../2-network/network.js';
import { preferTransposed, shownTransposes } from './orient.js';
import type { VectorConvention } from './render.js';
import {
  isScalar, productOf, unitSides, sumOf, transposeOf, type MatrixExpr, type MatrixTerm,
} from './matrix-expr.js';
import { halvedDiagonal, squareDiagonals } from './diagonal-terms.js';
import { alignNegatedEnds, alignNegatedFactors } from './negated-sums.js';
import { hadamardFactors, isSum, leadingNumberOut, orderTerms, same, sameTerms, split, type Split } from './term-parts.js';

/**
 * Display rewrites that turn an equivalent form into the textbook one (values never change):
 *   det(X) (det X)⁻¹ → 1        Aᵀ X + A X → (A + Aᵀ) X        2 Aᵀ A x − 2 Aᵀ b → 2 Aᵀ (A x − b)
 *   diag(a) diag(b) → diag(a ⊙ b)   Xᵀ diag(s) X − Xᵀ diag(s ⊙ s) X → Xᵀ diag(s ⊙ (𝟏 − s)) X
 * Read by `vectors`, a sum or Hadamard product that shows fewer ᵀ whole-transposed is written so:
 * xᵀ Aᵀ − bᵀ → (A x − b)ᵀ. A Kronecker J ('kronecker') is never re-oriented.
 */
export function tidyMatrix(e: MatrixExpr, reading: VectorConvention | 'kronecker'): MatrixExpr {
  const t = (x: MatrixExpr): MatrixExpr => tidyMatrix(x, reading);
  const oriented = (x: MatrixExpr): MatrixExpr => {
    const o = reading === 'kronecker' ? x : preferTransposed(x, reading);
    // (A X B + Aᵀ X Bᵀ)ᵀ: the flipped terms keep the plain-before-mirror order
    return o.kind === 'transpose' && o.arg.kind === 'sum' ? { kind: 'transpose', arg: sumOf(orderTerms(o.arg.terms)) } : o;
  };
  switch (e.kind) {
    case 'product': return tidyProduct(e.factors.map(t));
    // a sum factor last, as books write σ ⊙ (𝟏 − σ)
    case 'hadamard': return oriented({ kind: 'hadamard', factors: sumsLast(e.factors.map(t).flatMap(hadamardFactors)) });
    case 'sum': return oriented(tidySum(e.terms.map((u) => ({ coefficient: u.coefficient, expr: t(u.expr) })), reading));
    case 'diag': return scaledIdentity(t(e.arg)) ?? { kind: 'diag', arg: diagonalEntries(t(e.arg), reading) };
    case 'diagonal': case 'trace': case 'transpose': return { ...e, arg: t(e.arg) };
    case 'apply': {
      const arg = t(e.arg);
      return (e.fn.name === 'exp' ? softmaxOf(arg) : undefined) ?? { ...e, arg };
    }
    case 'matfn': case 'reduce': case 'softmax': case 'vec': return { ...e, arg: t(e.arg) };
    case 'kron': return { kind: 'kron', left: t(e.left), right: t(e.right) };
    default: return e;
  }
}

/**
 * exp of X less its log-sum-exp is a softmax: exp(z − logsumexp(z) 𝟏) → softmax(z),
 * exp(E − logsumexp_rows(E) 𝟏ᵀ) → softmax_rows(E), and the transposed forms (exp(Eᵀ − 𝟏
 * logsumexp_rows(E)ᵀ) → softmax_rows(E)ᵀ). `arg` is the tidied argument of exp.
 */
function softmaxOf(arg: MatrixExpr): MatrixExpr | undefined {
  const flipped = arg.kind === 'transpose';
  const inner = flipped ? arg.arg : arg;
  if (inner.kind !== 'sum') return undefined;
  for (const t of inner.terms) {
    // −logsumexp(X) 𝟏 (𝟏ᵀ, 𝟏 𝟏ᵀ), −logsumexp_rows(X) 𝟏ᵀ, or laid out transposed −𝟏 logsumexp_rows(X)ᵀ
    const { number, scalars, wide } = split(t);
    const parts = [...scalars, ...wide];
    const shift = parts.find((f) => f.kind === 'reduce' || (f.kind === 'transpose' && f.arg.kind === 'reduce'));
    const r = shift?.kind === 'transpose' ? shift.arg : shift;
    if (number !== -1 || r?.kind !== 'reduce' || r.op !== 'logsumexp' || !parts.every((f) => f === shift || isOnes(f))) continue;
    const rest = sumOf(inner.terms.filter((u) => u !== t));
    // a shift by one number fits X either way round; a row's shift fits X or Xᵀ as it is laid out
    const plain = sameTerms(rest, r.arg) && (r.along === 'all' || shift === r);
    if (!plain && !(sameTerms(rest, transposeOf(r.arg)) && (r.along === 'all' || shift !== r))) continue;
    const soft: MatrixExpr = { kind: 'softmax', arg: r.arg, along: r.along };
    return plain !== flipped ? soft : { kind: 'transpose', arg: soft };
  }
  return undefined;
}

const isOnes = (f: MatrixExpr): boolean => f.kind === 'ones' || (f.kind === 'transpose' && f.arg.kind === 'ones');

/** diag(s 𝟏) is s I: a diagonal of one repeated scalar (diag(𝟏) = I). */
function scaledIdentity(v: MatrixExpr): MatrixExpr | undefined {
  const factors = v.kind === 'product' ? v.factors : [v];
  const last = factors[factors.length - 1];
  const ones = last?.kind === 'ones' ? last : last?.kind === 'transpose' && last.arg.kind === 'ones' ? last.arg : undefined;
  if (!ones || !factors.slice(0, -1).every(isScalar)) return undefined;
  return productOf([...factors.slice(0, -1), { kind: 'identity', size: ones.size }]);
}

/** diag(v) = diag(vᵀ): the orientation that prints fewer ᵀ (with row vectors, a row). */
function diagonalEntries(v: MatrixExpr, reading: VectorConvention | 'kronecker'): MatrixExpr {
  if (reading === 'kronecker') return v;
  const flipped = tidyMatrix(transposeOf(v), reading);
  return shownTransposes(flipped, reading) < shownTransposes(v, reading) ? flipped : v;
}

const sumsLast = (factors: readonly MatrixExpr[]): MatrixExpr[] =>
  [...factors.filter((f) => !isSum(f)), ...factors.filter(isSum)];

/** A scalar as base^exponent, a square root read as the power ½: (sqrt u)⁻¹ and u^-0.5 are one factor. */
function scalarPower(f: MatrixExpr): { base: MatrixExpr; exponent: number } | undefined {
  if (f.kind === 'apply' && f.fn.name === 'pow' && isScalar(f.arg)) {
    const inner = scalarPower(f.arg);
    return inner && inner.exponent !== 1 ? { base: inner.base, exponent: inner.exponent * f.fn.exponent } : { base: f.arg, exponent: f.fn.exponent };
  }
  if (f.kind === 'apply' && f.fn.name === 'sqrt' && isScalar(f.arg)) return { base: f.arg, exponent: 0.5 };
  return isScalar(f) && f.kind !== 'number' ? { base: f, exponent: 1 } : undefined;
}

/** (a b)^e = a^e b^e for scalars a, b: (sqrt(xᵀx) sqrt(yᵀy))⁻¹ → (xᵀx)^-0.5 (yᵀy)^-0.5. */
function distributePower(f: MatrixExpr): readonly MatrixExpr[] {
  if (f.kind !== 'apply' || f.fn.name !== 'pow' || f.arg.kind !== 'product' || !f.arg.factors.every(isScalar)) return [f];
  const exponent = f.fn.exponent;
  return f.arg.factors.map((g): MatrixExpr => (g.kind === 'number' ? { kind: 'number', value: g.value ** exponent } : { kind: 'apply', fn: { name: 'pow', exponent }, arg: g }));
}

/** (xᵀ)^∘2 𝟏 and 𝟏ᵀ x^∘2 are xᵀ x (a squared norm), also under sqrt and powers. */
function squaredNorm(f: MatrixExpr): readonly MatrixExpr[] {
  const squared = (e: MatrixExpr): MatrixExpr | undefined => (e.kind === 'apply' && e.fn.name === 'pow' && e.fn.exponent === 2 ? e.arg : undefined);
  if (f.kind === 'product' && f.factors.length === 2) {
    const [a, b] = f.factors as [MatrixExpr, MatrixExpr];
    const row = squared(a);
    // any vector: 𝟏ᵀ (A x − b)^∘2 is (A x − b)ᵀ (A x − b)
    const isRow = (v: MatrixExpr): boolean => unitSides(v)[0] && !unitSides(v)[1];
    const isColumn = (v: MatrixExpr): boolean => unitSides(v)[1] && !unitSides(v)[0];
    if (row && isRow(row) && b.kind === 'ones') return [{ kind: 'product', factors: [row, transposeOf(row)] }];
    const column = squared(b);
    if (a.kind === 'transpose' && a.arg.kind === 'ones' && column && isColumn(column)) return [{ kind: 'product', factors: [transposeOf(column), column] }];
  }
  if (f.kind === 'apply' && isScalar(f.arg)) {
    const inner = squaredNorm(f.arg);
    if (inner.length === 1 && inner[0] !== f.arg) return [{ ...f, arg: inner[0]! }];
  }
  return [f];
}

const powerExpr = (base: MatrixExpr, exponent: number): MatrixExpr => (exponent === 1 ? base
  : exponent === 0.5 ? { kind: 'apply', fn: { name: 'sqrt' }, arg: base } : { kind: 'apply', fn: { name: 'pow', exponent }, arg: base });

/** Scalar powers of one base add up (u · u⁻¹ = 1); adjacent diagonals merge into one. */
function tidyProduct(factors: readonly MatrixExpr[]): MatrixExpr {
  const powers: { base: MatrixExpr; exponent: number }[] = [];
  const rest: MatrixExpr[] = [];
  // a product of scalars inside a product gives up its factors: (n⁻¹ (gᵀ𝟏)) 𝟏 → n⁻¹ (gᵀ𝟏) 𝟏
  const flat = factors.flatMap((f) => (f.kind === 'product' && f.factors.every(isScalar) ? f.factors : [f]));
  for (const f of flat.flatMap(distributePower).flatMap(squaredNorm)) {
    const power = scalarPower(f);
    if (!power) { rest.push(f); continue; }
    const known = powers.find((p) => same(p.base, power.base));
    if (known) known.exponent += power.exponent;
    else powers.push({ ...power });
  }
  const scalars = powers.filter((p) => p.exponent !== 0).map((p) => powerExpr(p.base, p.exponent));
  return productOf([...scalars, ...alignNegatedFactors(mergeDiagonals(rest))]);
}

function mergeDiagonals(factors: readonly MatrixExpr[]): MatrixExpr[] {
  const out: MatrixExpr[] = [];
  for (const f of factors) {
    const last = out[out.length - 1];
    if (f.kind === 'diag' && last?.kind === 'diag') out[out.length - 1] = { kind: 'diag', arg: hadamardOf([last.arg, f.arg]) };
    else out.push(f);
  }
  return out;
}

function hadamardOf(factors: readonly MatrixExpr[]): MatrixExpr {
  const flat = sumsLast(factors.flatMap((f) => (f.kind === 'hadamard' ? f.factors : [f])));
  return flat.length === 1 ? flat[0]! : { kind: 'hadamard', factors: flat };
}

function tidySum(given: readonly MatrixTerm[], reading: VectorConvention | 'kronecker'): MatrixExpr {
  // a term's leading number is its coefficient (a tidied product may lead with −1: S⁻¹ − S⁻¹ r rᵀ S⁻¹, not S⁻¹ + −S⁻¹ …)
  const terms = given.map(leadingNumberOut);
  // a transposed sum among the terms gives up its terms, so (a − b)ᵀ − (a − c)ᵀ collects to cᵀ − bᵀ
  const opened = terms.flatMap((t) => (t.expr.kind === 'transpose' && t.expr.arg.kind === 'sum'
    ? t.expr.arg.terms.map((u) => ({ coefficient: t.coefficient * u.coefficient, expr: transposeOf(u.expr) })) : [t]));
  const summed = sumOf(opened.length > terms.length && collectEqual(opened).length < opened.length ? opened : terms);
  const flat = summed.kind === 'sum' ? summed.terms : terms;
  const collected = collectEqual(flat);
  // terms that all cancel leave a zero of their shape (it prints 0)
  if (collected.length < flat.length) return collected.length === 0 ? productOf([{ kind: 'number', value: 0 }, flat[0]!.expr]) : tidyMatrix(sumOf(collected), reading);
  const squared = squareDiagonals(flat);
  if (squared) return tidyMatrix(sumOf(squared), reading);
  const halved = halvedDiagonal(flat);
  if (halved) return halved;
  const factor = (ts: readonly MatrixTerm[]): MatrixExpr | undefined =>
    factorKronecker(ts) ?? factorEnds(ts) ?? factorDiagonals(ts) ?? factorHadamard(ts) ?? factorSome(ts) ?? factorHadamardSome(ts);
  const aligned = alignNegatedEnds(flat);
  const factored = factor(flat) ?? (aligned ? factor(aligned) : undefined);
  if (factored) return tidyMatrix(factored, reading);
  return sumOf(orderTerms(flat));
}

/**
 * Terms that share an end factor are factored among themselves when not every term does:
 * 0.5 A x + 0.5 Aᵀ x − b → 0.5 (A + Aᵀ) x − b;  Xᵀ σ(z) + lam w − Xᵀ y → Xᵀ (σ(z) − y) + lam w.
 */
function factorSome(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  if (terms.length < 3) return undefined;
  const parts = terms.map(split);
  const ends = [(p: Split) => p.wide[0], (p: Split) => p.wide[p.wide.length - 1]];
  for (const end of ends)
    for (const t of parts) {
      const e = end(t);
      if (e === undefined || t.wide.length < 2) continue;
      const group = terms.filter((_, k) => parts[k]!.wide.length >= 2 && same(end(parts[k]!)!, e));
      if (group.length < 2 || group.length === terms.length) continue;
      const factored = factorEnds(group);
      if (!factored) continue;
      return sumOf([{ coefficient: 1, expr: factored }, ...terms.filter((u) => !group.includes(u))]);
    }
  return undefined;
}

/** Equal terms add up: S⁻¹ + S⁻¹ − diag(…) → 2 S⁻¹ − diag(…); terms that cancel go. */
function collectEqual(terms: readonly MatrixTerm[]): MatrixTerm[] {
  const byKey = new Map<string, MatrixTerm>();
  for (const { coefficient, expr } of terms.map(leadingNumberOut)) {
    const key = JSON.stringify(expr);
    const known = byKey.get(key);
    byKey.set(key, { coefficient: (known?.coefficient ?? 0) + coefficient, expr });
  }
  return [...byKey.values()].filter((t) => t.coefficient !== 0);
}

/** Σ c_k L M_k R → c L (Σ M_k) R for common left factors L, right factors R and a common |c|. */
function factorEnds(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  if (terms.length < 2) return undefined;
  const parts = terms.map(split);
  const shortest = Math.min(...parts.map((p) => p.wide.length));
  let left = 0;
  while (left < shortest - 1 && parts.every((p) => same(p.wide[left]!, parts[0]!.wide[left]!))) left++;
  let right = 0;
  const at = (p: Split, k: number): MatrixExpr => p.wide[p.wide.length - 1 - k]!;
  while (left + right < shortest - 1 && parts.every((p) => same(at(p, right), at(parts[0]!, right)))) right++;
  const scale = Math.abs(parts[0]!.number);
  const sameScale = parts.every((p) => Math.abs(p.number) === scale);
  // a common sign comes out too: 2 (−Rᵀ X − Xᵀ R) W reads −2 (Rᵀ X + Xᵀ R) W
  const common = (sameScale ? scale : 1) * (parts.every((p) => p.number < 0) ? -1 : 1);
  // scalar factors every term has ((xᵀx)⁻¹, lam) come out of the sum, each as often as every term
  // has it: d d I + d I is d (d I + I), not d² (I + I)
  const shared: MatrixExpr[] = [];
  const rests = parts.map((p) => [...p.scalars]);
  for (const f of parts[0]!.scalars) {
    const at = rests.map((rest) => rest.findIndex((g) => same(f, g)));
    if (!at.every((k) => k >= 0)) continue;
    shared.push(f);
    rests.forEach((rest, k) => rest.splice(at[k]!, 1));
  }
  if (left === 0 && right === 0 && common === 1 && shared.length === 0) return undefined;
  const middles = parts.map((p, k) => ({
    coefficient: p.number / common,
    expr: productOf([...rests[k]!, ...p.wide.slice(left, p.wide.length - right)]),
  }));
  const first = parts[0]!.wide;
  return productOf([{ kind: 'number', value: common }, ...shared, ...first.slice(0, left), sumOf(middles), ...first.slice(first.length - right)]);
}

/** I ⊗ A + I ⊗ Aᵀ → I ⊗ (A + Aᵀ), and the same for a common right factor. */
function factorKronecker(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  if (terms.length < 2 || !terms.every((t) => t.expr.kind === 'kron')) return undefined;
  const krons = terms.map((t) => ({ coefficient: t.coefficient, kron: t.expr as Extract<MatrixExpr, { kind: 'kron' }> }));
  const [first] = krons;
  if (krons.every((k) => same(k.kron.left, first!.kron.left)))
    return { kind: 'kron', left: first!.kron.left, right: sumOf(krons.map((k) => ({ coefficient: k.coefficient, expr: k.kron.right }))) };
  if (krons.every((k) => same(k.kron.right, first!.kron.right)))
    return { kind: 'kron', left: sumOf(krons.map((k) => ({ coefficient: k.coefficient, expr: k.kron.left }))), right: first!.kron.right };
  return undefined;
}

/** Σ c_k diag(v_k) → diag(Σ c_k v_k). */
function factorDiagonals(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  if (terms.length < 2 || !terms.every((t) => t.expr.kind === 'diag')) return undefined;
  return { kind: 'diag', arg: sumOf(terms.map((t) => ({ coefficient: t.coefficient, expr: (t.expr as Extract<MatrixExpr, { kind: 'diag' }>).arg }))) };
}

/** Σ c_k (u ⊙ r_k) → u ⊙ (Σ c_k r_k), a lone u leaving 𝟏 behind: s − s ⊙ s → s ⊙ (𝟏 − s). */
function factorHadamard(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  if (terms.length < 2) return undefined;
  const factorsOf = (e: MatrixExpr): readonly MatrixExpr[] => (e.kind === 'hadamard' ? e.factors : [e]);
  if (!terms.some((t) => t.expr.kind === 'hadamard')) return undefined;
  const common = factorsOf(terms[0]!.expr).find((u) => terms.every((t) => factorsOf(t.expr).some((f) => same(f, u))));
  const size = terms.flatMap((t) => factorsOf(t.expr)).map(vectorSize).find((s) => s !== undefined);
  if (!common || size === undefined) return undefined;
  const ones: MatrixExpr = unitSides(common)[0] ? { kind: 'transpose', arg: { kind: 'ones', size } } : { kind: 'ones', size };
  const rests = terms.map((t) => {
    const fs = [...factorsOf(t.expr)];
    fs.splice(fs.findIndex((f) => same(f, common)), 1);
    return { coefficient: t.coefficient, expr: fs.length === 0 ? ones : hadamardOf(fs) };
  });
  return hadamardOf([common, sumOf(rests)]);
}

/** Terms sharing a Hadamard factor, when not all do: a − a ⊙ y − b ⊙ y → a ⊙ (𝟏 − y) − b ⊙ y. */
function factorHadamardSome(terms: readonly MatrixTerm[]): MatrixExpr | undefined {
  if (terms.length < 3) return undefined;
  const factorsOf = (e: MatrixExpr): readonly MatrixExpr[] => (e.kind === 'hadamard' ? e.factors : [e]);
  for (const t of terms)
    for (const u of factorsOf(t.expr)) {
      const group = terms.filter((v) => factorsOf(v.expr).some((f) => same(f, u)));
      if (group.length < 2 || group.length === terms.length || !group.some((v) => v.expr.kind === 'hadamard')) continue;
      const factored = factorHadamard(group);
      if (factored) return sumOf([{ coefficient: 1, expr: factored }, ...terms.filter((v) => !group.includes(v))]);
    }
  return undefined;
}

/** A column vector's length when the form shows it (a symbol's declared shape). */
function vectorSize(e: MatrixExpr): Size | undefined {
  switch (e.kind) {
    case 'symbol': return e.rank === 1 ? e.shape?.[0] : undefined;
    case 'ones': return e.size;
    case 'apply': case 'transpose': return vectorSize(e.arg);
    case 'hadamard': return vectorSize(e.factors[0]!);
    case 'product': return e.factors.length > 0 && e.factors[0]!.kind === 'transpose' ? columnsOf(e.factors[0]!.arg) : vectorSize(e.factors[0]!);
    default: return undefined;
  }
}

function columnsOf(e: MatrixExpr): Size | undefined {
  return e.kind === 'symbol' && e.rank === 2 ? e.shape?.[1] : undefined;
}
