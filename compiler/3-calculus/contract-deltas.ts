import type { Atom, Monomial, SumOfProducts } from '../2-network/canonical-terms.js';
import type { IndexName, Size } from '../2-network/network.js';

/**
 * Removes every δ that touches a summed index by renaming it: Σ_j δ[i,j] T[j] = T[i].
 * δ[i,i] on a free index (a ones vector) or on an index bound elsewhere drops; Σ_i δ[i,i] alone is
 * size(i), folded when the size is a number. Only δ between two free indices remains, and the
 * other factors then use the earlier of its two names: exp(x[k]) δ[j,k] = exp(x[j]) δ[j,k].
 */
export function contractDeltas(sop: SumOfProducts): SumOfProducts {
  return { ...sop, terms: sop.terms.map((m) => alignFreeDeltas(contractMonomial(m, sop.out, sop.sizes), sop.out)) };
}

function alignFreeDeltas(m: Monomial, out: readonly IndexName[]): Monomial {
  if (!m.factors.some((d) => isDelta(d) && d.indices[0] !== d.indices[1])) return m;
  let factors = m.factors;
  m.factors.forEach((_, at) => {
    const d = factors[at]!;
    if (!isDelta(d) || d.indices[0] === d.indices[1]) return;
    const [early, late] = [...d.indices].sort((a, b) => out.indexOf(a) - out.indexOf(b)) as [IndexName, IndexName];
    factors = factors.map((f, k) => (k === at ? f : { node: f.node, indices: f.indices.map((i) => (i === late ? early : i)) }));
  });
  // aligning δ[k,l] δ[l,m] δ[k,m] leaves δ[k,k]: 1 on a free index another factor carries
  const redundant = (f: Atom, at: number): boolean => isDelta(f) && f.indices[0] === f.indices[1]
    && factors.some((g, k) => k !== at && g.indices.includes(f.indices[0]!));
  return { coefficient: m.coefficient, factors: factors.filter((f, at) => !redundant(f, at)) };
}

function contractMonomial(m: Monomial, out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): Monomial {
  let current = m;
  for (;;) {
    const k = current.factors.findIndex((f, at) => removable(f, at, current, out, sizes));
    if (k < 0) return current;
    current = removeDelta(current, k, out, sizes);
  }
}

function isDelta(f: Atom): boolean {
  return f.node.kind === 'delta';
}

function boundElsewhere(m: Monomial, at: number, i: IndexName): boolean {
  return m.factors.some((f, k) => k !== at && f.indices.includes(i));
}

function removable(f: Atom, at: number, m: Monomial, out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): boolean {
  if (!isDelta(f)) return false;
  const [a, b] = f.indices as [IndexName, IndexName];
  if (a !== b) return !out.includes(a) || !out.includes(b);
  return out.includes(a) || boundElsewhere(m, at, a) || typeof sizes.get(a) === 'number';
}

function removeDelta(m: Monomial, at: number, out: readonly IndexName[], sizes: ReadonlyMap<IndexName, Size>): Monomial {
  const [a, b] = m.factors[at]!.indices as [IndexName, IndexName];
  const rest = m.factors.filter((_, k) => k !== at);
  if (a === b) {
    const alone = !out.includes(a) && !boundElsewhere(m, at, a);
    return { coefficient: alone ? m.coefficient * (sizes.get(a) as number) : m.coefficient, factors: rest };
  }
  const [gone, kept] = out.includes(b) ? [a, b] : [b, a];
  const renamed = rest.map((f) => ({ node: f.node, indices: f.indices.map((i) => (i === gone ? kept : i)) }));
  const lost = !out.includes(kept) && !renamed.some((f) => f.indices.includes(kept));
  if (!lost) return { coefficient: m.coefficient, factors: renamed };
  const size = sizes.get(kept)!;
  return typeof size === 'number'
    ? { coefficient: m.coefficient * size, factors: renamed }
    : { coefficient: m.coefficient, factors: [...renamed, { node: m.factors[at]!.node, indices: [kept, kept] }] };
}
