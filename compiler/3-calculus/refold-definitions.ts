import type { Atom, Monomial, SumOfProducts } from '../2-network/canonical-terms.js';
import type { Graph } from '../2-network/graph.js';
import type { ContractNode, IndexName, Node } from '../2-network/network.js';
import type { Canonicaliser } from './canonical-form.js';

/**
 * Facts that definitions imply: a product of factors that is, up to renaming, the body of a kept
 * definition (a factored Contract) becomes that definition, so it can cancel against its own
 * powers (combine-powers). With p[i] = softmax[i](z[i]) = exp(z[i]) / Σ exp(z), the term
 * exp(z[i]) (Σ exp z)^(-1) p[i]^(-1) y[i] becomes p[i] p[i]^(-1) y[i] = y[i]:
 * softmax cross-entropy's gradient is (p (yᵀ𝟏) − y) xᵀ. Equal factors, equal value: always exact.
 */
export function refoldDefinitions(graph: Graph, canonical: Canonicaliser, sop: SumOfProducts): SumOfProducts {
  const bodies = [...canonical.factored].flatMap((node) => body(canonical, node));
  if (bodies.length === 0) return sop;
  return {
    ...sop,
    terms: sop.terms.map((m) => {
      const split = splitPowers(graph, m);
      const folded = refoldMonomial(split, sop.out, bodies);
      return folded === split ? m : folded;
    }),
  };
}

/** u^(-n) as n factors u^(-1), u^n as n factors u (n a small integer), so one can join a body. */
function splitPowers(graph: Graph, m: Monomial): Monomial {
  const factors = m.factors.flatMap((f): Atom[] => {
    if (f.node.kind !== 'map' || f.node.fn.name !== 'pow') return [f];
    const { exponent } = f.node.fn;
    const base = f.node.arg;
    if (!Number.isInteger(exponent) || Math.abs(exponent) < 2 || Math.abs(exponent) > 4) return [f];
    if (exponent > 0 && base.kind !== 'input' && base.kind !== 'map' && base.kind !== 'matfn') return [f];
    const one: Atom = { node: exponent > 0 ? (base as Atom['node']) : graph.map({ name: 'pow', exponent: -1 }, base), indices: f.indices };
    return Array.from({ length: Math.abs(exponent) }, () => one);
  });
  return factors.length === m.factors.length ? m : { ...m, factors };
}

interface Body { readonly node: ContractNode; readonly out: readonly IndexName[]; readonly coefficient: number; readonly factors: readonly Atom[] }

/** A kept Contract whose canonical form is one product of two to four factors, one a reciprocal. */
function body(canonical: Canonicaliser, node: Node): Body[] {
  if (node.kind !== 'contract') return [];
  const out = node.shape.map((_, k) => `$d${k}`);
  const sop = canonical.sum(node, out);
  const [only] = sop.terms;
  if (sop.terms.length !== 1 || !only || only.factors.length < 2 || only.factors.length > 4 || only.coefficient === 0) return [];
  // only quotients (a normalisation like softmax's): refolding any product greedily would make
  // equal derivatives print differently depending on the order the terms arrived in
  if (!only.factors.some((f) => f.node.kind === 'map' && f.node.fn.name === 'pow' && f.node.fn.exponent < 0)) return [];
  return [{ node, out, coefficient: only.coefficient, factors: only.factors }];
}

function refoldMonomial(m: Monomial, out: readonly IndexName[], bodies: readonly Body[]): Monomial {
  for (const b of bodies) {
    const found = match(b, m, out);
    if (!found) continue;
    const rest = m.factors.filter((_, k) => !found.used.has(k));
    const folded: Atom = { node: b.node, indices: b.out.map((o) => found.names.get(o)!) };
    return refoldMonomial({ coefficient: m.coefficient / b.coefficient, factors: [...rest, folded] }, out, bodies);
  }
  return m;
}

interface Match { readonly used: ReadonlySet<number>; readonly names: ReadonlyMap<IndexName, IndexName> }

/** An injective assignment of the body's factors to equal factors of m, with consistent index names. */
function match(b: Body, m: Monomial, out: readonly IndexName[]): Match | undefined {
  const search = (k: number, used: Set<number>, names: Map<IndexName, IndexName>): Match | undefined => {
    if (k === b.factors.length) return summedStayInside(b, m, out, used, names) ? { used, names } : undefined;
    const want = b.factors[k]!;
    for (let f = 0; f < m.factors.length; f++) {
      const have = m.factors[f]!;
      if (used.has(f) || have.node !== want.node) continue;
      const next = bind(names, want.indices, have.indices);
      if (!next) continue;
      const found = search(k + 1, new Set([...used, f]), next);
      if (found) return found;
    }
    return undefined;
  };
  return search(0, new Set(), new Map());
}

/** Extends a renaming body name → monomial name, one-to-one; undefined if inconsistent. */
function bind(names: ReadonlyMap<IndexName, IndexName>, from: readonly IndexName[], to: readonly IndexName[]): Map<IndexName, IndexName> | undefined {
  const next = new Map(names);
  const taken = new Set(next.values());
  for (let a = 0; a < from.length; a++) {
    const seen = next.get(from[a]!);
    if (seen !== undefined) { if (seen !== to[a]) return undefined; continue; }
    if (taken.has(to[a]!)) return undefined;
    next.set(from[a]!, to[a]!);
    taken.add(to[a]!);
  }
  return next;
}

/** The body's summed indices must be summed in m and carried by no factor outside the match. */
function summedStayInside(b: Body, m: Monomial, out: readonly IndexName[], used: ReadonlySet<number>, names: ReadonlyMap<IndexName, IndexName>): boolean {
  for (const [from, to] of names) {
    if (b.out.includes(from)) continue;
    if (out.includes(to)) return false;
    if (m.factors.some((f, k) => !used.has(k) && f.indices.includes(to))) return false;
  }
  return b.out.every((o) => names.has(o));
}
