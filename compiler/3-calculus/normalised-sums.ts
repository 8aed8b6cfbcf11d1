import type { Atom, Monomial, SumOfProducts } from '../2-network/canonical-terms.js';
import type { IndexName, Node } from '../2-network/network.js';
import type { Canonicaliser } from './canonical-form.js';

/**
 * Facts that definitions imply about sums along one index (read from canonical forms, so any
 * spelling of the definition):
 * - a normalisation sums to 1: a kept p[a,c] = f[a,c] (Σ_c f[a,c])^(-1) (any normalised weight) or
 *   exp(f − logsumexp_c f) (the stable softmax) summed over c alone is 1 — softmax entropy loses (pᵀ𝟏) p;
 * - a centred quantity sums to 0: c[i] = x[i] − mean[i](x), or a product whose one factor along i
 *   is such a c (y = c / sqrt(v + ε)), summed over i alone makes its term 0 — the layer-norm
 *   backward pass reads σ⁻¹ (g − n⁻¹ (gᵀ𝟏) 𝟏 − n⁻¹ (gᵀy) y).
 * - an input declared `distribution` sums to 1 along its last index (y: [k], each row of Y: [n, k];
 *   its values are checked where they enter, 2-network/distribution-inputs.ts) — softmax
 *   cross-entropy gives (p − y) xᵀ.
 * Only what a definition or declaration implies: Σ_c y[c] for an undeclared input y is not 1
 * (softmax cross-entropy stays ((yᵀ𝟏) p − y) xᵀ). Each identity holds exactly wherever the
 * definition is defined (for a declared input: at every value the checks accept).
 */
export function sumNormalised(canonical: Canonicaliser, sop: SumOfProducts): SumOfProducts {
  const axes = new Map<Node, readonly number[]>();
  const normalisedAxes = (node: Node): readonly number[] => {
    let found = axes.get(node);
    if (!found) { found = quotientAxes(canonical, node); axes.set(node, found); }
    return found;
  };
  const ones = new Map<Node, boolean>();
  const isOne = (node: Node): boolean => {
    let found = ones.get(node);
    if (found === undefined) { found = sumsOfNormalised(canonical, node, normalisedAxes); ones.set(node, found); }
    return found;
  };
  const zeroAxes = new Map<Node, readonly number[]>();
  const centred = (node: Node): readonly number[] => {
    let found = zeroAxes.get(node);
    if (!found) { zeroAxes.set(node, []); found = zeroSumAxes(canonical, node, centred); zeroAxes.set(node, found); }
    return found;
  };
  let changed = false;
  const terms = sop.terms.flatMap((m) => {
    if (sumsToZero(m, sop.out, centred)) { changed = true; return []; }
    const next = dropNormalisedSums(m, sop.out, normalisedAxes, isOne);
    if (next !== m) changed = true;
    return [next];
  });
  return changed ? { ...sop, terms } : sop;
}

/** A term holding Σ_i c[…, i, …] with i nowhere else, c centred along i (c = x − mean(x)): it is 0. */
function sumsToZero(m: Monomial, out: readonly IndexName[], centred: (node: Node) => readonly number[]): boolean {
  return m.factors.some((a, k) => {
    const lone = (i: IndexName): boolean => !out.includes(i) && a.indices.filter((j) => j === i).length === 1
      && !m.factors.some((f, j) => j !== k && f.indices.includes(i));
    return centred(a.node).some((axis) => lone(a.indices[axis]!)) || sumsOfCentred(a.node, centred);
  });
}

/**
 * The axes along which a node sums to zero: x[…,i,…] − mean over i of x (an Add), or a product
 * whose one factor carrying that axis does (y = c / sqrt(v + ε) for a centred c).
 */
function zeroSumAxes(canonical: Canonicaliser, node: Node, centred: (node: Node) => readonly number[]): readonly number[] {
  if ((node.kind !== 'add' && node.kind !== 'contract') || node.shape.length === 0) return [];
  const out = node.shape.map((_, k) => `$z${k}`);
  const terms = canonical.sum(node, out).terms;
  if (terms.length === 1) {
    const [only] = terms;
    return out.flatMap((o, axis) => {
      const carriers = only!.factors.filter((f) => f.indices.includes(o));
      const [c] = carriers;
      if (carriers.length !== 1 || c!.indices.filter((i) => i === o).length !== 1) return [];
      return centred(c!.node).includes(c!.indices.indexOf(o)) ? [axis] : [];
    });
  }
  if (terms.length !== 2) return [];
  const [x, mean] = terms[0]!.factors.length === 1 && terms[0]!.factors[0]!.indices.length === out.length ? [terms[0]!, terms[1]!] : [terms[1]!, terms[0]!];
  const [f] = x.factors;
  if (x.factors.length !== 1 || f!.indices.length !== out.length || !out.every((o) => f!.indices.includes(o))) return [];
  const body = meanBody(canonical, mean);
  if (!body) return [];
  // the mean: Σ_s f[…, s, …] · (size of s)^(-1), s in the place of one of f's indices
  const fs = body.factors.filter((a) => a.node === f!.node);
  const sizes = body.factors.filter((a) => a.node !== f!.node);
  if (fs.length !== 1 || fs[0]!.indices.length !== f!.indices.length) return [];
  const differ = f!.indices.flatMap((i, k) => (fs[0]!.indices[k] === i ? [] : [k]));
  if (differ.length !== 1) return [];
  const axis = differ[0]!;
  const summed = fs[0]!.indices[axis]!;
  if (out.includes(summed) || fs[0]!.indices.filter((i) => i === summed).length !== 1 || sizes.some((a) => a.indices.includes(summed))) return [];
  const size = node.shape[out.indexOf(f!.indices[axis]!)]!;
  const scale = x.coefficient;
  // −(Σ x) / n: the size as a reciprocal Σδ factor, or folded into the coefficient when it is a number
  const bySize = sizes.length === 1 && isReciprocalSize(sizes[0]!, size) && body.coefficient === -scale;
  const byNumber = sizes.length === 0 && typeof size === 'number' && Math.abs(body.coefficient + scale / size) < 1e-12 * Math.abs(scale);
  return bySize || byNumber ? [out.indexOf(f!.indices[axis]!)] : [];
}

/** The mean term written out: itself, or a kept mean definition (m[j] = mean[a](X[a,j])) read in its names. */
function meanBody(canonical: Canonicaliser, mean: Monomial): Monomial | undefined {
  const [m] = mean.factors;
  if (mean.factors.length !== 1 || m!.node.kind !== 'contract') return mean;
  const mOut = m!.node.shape.map((_, k) => `$m${k}`);
  const [body, ...rest] = canonical.sum(m!.node, mOut).terms;
  if (!body || rest.length > 0) return undefined;
  const rename = new Map(mOut.map((o, k) => [o, m!.indices[k]!]));
  // the body's own summed names keep a prefix no term name uses
  const named = (i: IndexName): IndexName => rename.get(i) ?? `$b${i}`;
  return { coefficient: mean.coefficient * body.coefficient, factors: body.factors.map((a) => ({ node: a.node, indices: a.indices.map(named) })) };
}

/** (Σ_j δ[j,j])^(-1) over an index of the given size. */
function isReciprocalSize(a: Atom, size: number | string): boolean {
  if (!isReciprocal(a) || a.indices.length !== 0) return false;
  const sum = (a.node as Extract<Node, { kind: 'map' }>).arg;
  if (typeof size === 'number') return constantValue(sum) === size;
  return sum.kind === 'contract' && sum.factors.length === 1 && sum.factors[0]!.node.kind === 'delta'
    && sum.factors[0]!.indices[0] === sum.factors[0]!.indices[1] && sum.factors[0]!.node.shape[0] === size;
}

/** The value of a node made of constants only (a numeric size folds to 5·1), else undefined. */
function constantValue(node: Node): number | undefined {
  if (node.kind === 'const') return node.value;
  if (node.kind !== 'add') return undefined;
  const values = node.terms.map((t) => constantValue(t.node));
  return values.every((v) => v !== undefined) ? values.reduce((s: number, v, k) => s + node.terms[k]!.coefficient * v!, 0) : undefined;
}

/** A kept sum Σ_i c[…, i, …] of c centred along i (sum[a](C[a,j]) written out): it is 0. */
function sumsOfCentred(node: Node, centred: (node: Node) => readonly number[]): boolean {
  if (node.kind !== 'contract' || node.factors.length !== 1) return false;
  const [c] = node.factors;
  const summed = c!.indices.filter((i) => !node.out.includes(i));
  return summed.length === 1 && c!.indices.filter((i) => i === summed[0]).length === 1 && centred(c!.node).includes(c!.indices.indexOf(summed[0]!));
}

function dropNormalisedSums(m: Monomial, out: readonly IndexName[], normalisedAxes: (node: Node) => readonly number[], isOne: (node: Node) => boolean): Monomial {
  for (let k = 0; k < m.factors.length; k++) {
    const a = m.factors[k]!;
    if (new Set(a.indices).size !== a.indices.length) continue;
    const others = m.factors.filter((_, j) => j !== k);
    const bound = (i: IndexName): boolean => out.includes(i) || others.some((f) => f.indices.includes(i));
    // summed over the normalised index alone, every other index of p still free or bound elsewhere;
    // or a kept sum that is such a sum (sum[c](p[c]) written out), every index free or bound
    const sumsToOne = normalisedAxes(a.node).some((axis) => !bound(a.indices[axis]!) && a.indices.every((i, j) => j === axis || bound(i)))
      || (a.indices.every(bound) && isOne(a.node));
    if (sumsToOne) return dropNormalisedSums({ coefficient: m.coefficient, factors: others }, out, normalisedAxes, isOne);
  }
  return m;
}

/** A kept Contract Σ_c p[…, c, …] of a normalisation along c, keeping p's other indices: it is 1. */
function sumsOfNormalised(canonical: Canonicaliser, node: Node, normalisedAxes: (node: Node) => readonly number[]): boolean {
  if (node.kind !== 'contract') return false;
  const out = node.shape.map((_, k) => `$o${k}`);
  const [only, ...more] = canonical.sum(node, out).terms;
  if (!only || more.length > 0 || only.coefficient !== 1 || only.factors.length !== 1) return false;
  const p = only.factors[0]!;
  const summed = p.indices.filter((i) => !out.includes(i));
  return summed.length === 1 && new Set(p.indices).size === p.indices.length && out.every((o) => p.indices.includes(o))
    && normalisedAxes(p.node).includes(p.indices.indexOf(summed[0]!));
}

/** The axes c along which node = f (Σ_c f)^(-1) or exp(f − logsumexp_c f), read from canonical forms, or a declared distribution's last. */
function quotientAxes(canonical: Canonicaliser, node: Node): readonly number[] {
  if (node.kind === 'input') return node.distribution ? [node.shape.length - 1] : [];
  if (node.kind === 'map') return shiftedExpAxes(canonical, node);
  if (node.kind !== 'contract' || node.shape.length === 0) return [];
  const out = node.shape.map((_, k) => `$q${k}`);
  const [only, ...more] = canonical.sum(node, out).terms;
  if (!only || more.length > 0 || only.coefficient !== 1 || only.factors.length !== 2) return [];
  const [numerator, reciprocal] = only.factors[0]!.node.kind === 'map' && isReciprocal(only.factors[0]!) ? [only.factors[1]!, only.factors[0]!] : [only.factors[0]!, only.factors[1]!];
  if (!isReciprocal(reciprocal) || numerator.indices.length !== out.length || !out.every((o) => numerator.indices.includes(o))) return [];
  const sum = (reciprocal.node as Extract<Node, { kind: 'map' }>).arg;
  if (sum.kind !== 'contract') return [];
  const sumOut = sum.shape.map((_, k) => `$s${k}`);
  const [body, ...rest] = canonical.sum(sum, sumOut).terms;
  if (!body || rest.length > 0 || body.coefficient !== 1 || body.factors.length !== 1 || body.factors[0]!.node !== numerator.node) return [];
  // the sum's axes are the reciprocal's indices; its one summed index is the normalised axis
  const rename = new Map(sumOut.map((s, k) => [s, reciprocal.indices[k]!]));
  const summed = body.factors[0]!.indices.filter((i) => !rename.has(i));
  if (summed.length !== 1) return [];
  const missing = out.filter((o) => !reciprocal.indices.includes(o));
  if (missing.length !== 1) return [];
  const renamed = body.factors[0]!.indices.map((i) => rename.get(i) ?? missing[0]!);
  return renamed.every((i, k) => i === numerator.indices[k]) ? [out.indexOf(missing[0]!)] : [];
}

/** The stable softmax: exp(f[…, c, …] − logsumexp[c](f)) sums to 1 along c. */
function shiftedExpAxes(canonical: Canonicaliser, node: Extract<Node, { kind: 'map' }>): readonly number[] {
  if (node.fn.name !== 'exp' || node.shape.length === 0) return [];
  const out = node.shape.map((_, k) => `$e${k}`);
  const terms = canonical.sum(node.arg, out).terms;
  if (terms.length !== 2) return [];
  const isLse = (m: Monomial): boolean => m.factors.length === 1 && m.factors[0]!.node.kind === 'reduce';
  const [f, lse] = isLse(terms[1]!) ? [terms[0]!, terms[1]!] : [terms[1]!, terms[0]!];
  const [F] = f.factors;
  const [R] = lse.factors;
  if (f.coefficient !== 1 || lse.coefficient !== -1 || f.factors.length !== 1 || !isLse(lse)) return [];
  const reduce = R!.node as Extract<Node, { kind: 'reduce' }>;
  if (reduce.op !== 'logsumexp' || reduce.axes.length !== 1 || canonical.node(reduce.arg) !== canonical.node(F!.node)) return [];
  const missing = out.filter((o) => !R!.indices.includes(o));
  if (missing.length !== 1 || new Set(F!.indices).size !== F!.indices.length) return [];
  // the reduced arg's axes: the kept ones (R's indices, in order) with c put back at the reduced axis
  const axes = [...R!.indices];
  axes.splice(reduce.axes[0]!, 0, missing[0]!);
  return axes.length === F!.indices.length && axes.every((i, k) => i === F!.indices[k]) ? [out.indexOf(missing[0]!)] : [];
}

function isReciprocal(a: Atom): boolean {
  return a.node.kind === 'map' && a.node.fn.name === 'pow' && a.node.fn.exponent === -1;
}
