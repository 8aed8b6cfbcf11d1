import type { Atom, Monomial, SumOfProducts } from '../2-network/canonical-terms.js';
import type { IndexName, Node } from '../2-network/network.js';
import type { Canonicaliser } from './canonical-form.js';

/**
 * Facts that definitions imply: a normalisation sums to 1. A kept definition that is a quantity
 * divided by its own sum along one index, p[a,c] = f[a,c] (Σ_c f[a,c])^(-1) (a softmax, any
 * normalised weight), summed over that index alone in a term, is 1 wherever it is defined:
 *   softmax entropy: (pᵀ𝟏) p − p → 0;   Σ_c p[c] g = g.
 * Only what the definition implies: Σ_c y[c] for an input y is not 1 (softmax cross-entropy stays
 * ((yᵀ𝟏) p − y) xᵀ). The quotient's own sum is where it is computed, so the identity holds
 * exactly wherever p is.
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
  let changed = false;
  const terms = sop.terms.map((m) => {
    const next = dropNormalisedSums(m, sop.out, normalisedAxes, isOne);
    if (next !== m) changed = true;
    return next;
  });
  return changed ? { ...sop, terms } : sop;
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

/** The axes c along which node = f (Σ_c f)^(-1), read from canonical forms (so any spelling of it). */
function quotientAxes(canonical: Canonicaliser, node: Node): readonly number[] {
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

function isReciprocal(a: Atom): boolean {
  return a.node.kind === 'map' && a.node.fn.name === 'pow' && a.node.fn.exponent === -1;
}
