import type { Atom, AtomNode, Monomial, SumOfProducts } from '../2-network/canonical-terms.js';
import type { Graph } from '../2-network/graph.js';
import type { Node } from '../2-network/network.js';
import type { Canonicaliser } from './canonical-form.js';

/**
 * Combines a factor with a reciprocal power of itself on the same indices, u^a · u^b = u^(a+b)
 * when a or b is negative — on the domain where the left side is defined, the right side equals it:
 *   det(X) det(X)^(-1) inv(X)[j,i] → inv(X)[j,i]  (∂ log det X);   x^(-2) x → x^(-1);   sqrt(s) s^(-0.5) → 1
 *   sqrt(u)^(-2) sqrt(u)^(-1) → sqrt(u)^(-3)  (∂ of x / sqrt(u): a sqrt the program wrote stays one)
 * Positive powers stay separate factors (x x is x x, as every other product). Bases are compared
 * by their canonical node: a refolded definition (P) and the canonical form of its body under a
 * power (P^(-1) from ∂ log P) are one base, so the batched softmax cross-entropy's P ⊙ Y ⊙ P^∘-1 is Y.
 */
export function combinePowers(graph: Graph, canonical: Canonicaliser, sop: SumOfProducts): SumOfProducts {
  const same = (a: AtomNode, b: AtomNode): boolean => a === b || canonical.node(a) === canonical.node(b);
  return { ...sop, terms: sop.terms.map((m) => combineMonomial(graph, m, same)) };
}

function combineMonomial(graph: Graph, m: Monomial, same: (a: AtomNode, b: AtomNode) => boolean): Monomial {
  if (!m.factors.some((f) => power(f).exponent < 0)) return m;
  let factors = m.factors;
  for (;;) {
    const pair = reciprocalPair(factors, same);
    if (!pair) return { coefficient: m.coefficient, factors };
    const [a, b] = pair;
    const [p, q] = [power(factors[a]!), power(factors[b]!)];
    const exponent = p.exponent + q.exponent;
    const node = p.sqrt || q.sqrt ? powerOf(graph, graph.map({ name: 'sqrt' }, p.base), 2 * exponent) : powerOf(graph, p.base, exponent);
    const merged: Atom[] = exponent === 0 ? [] : [{ node, indices: factors[a]!.indices }];
    factors = [...factors.filter((_, k) => k !== a && k !== b), ...merged];
  }
}

function reciprocalPair(factors: readonly Atom[], same: (a: AtomNode, b: AtomNode) => boolean): readonly [number, number] | undefined {
  for (let a = 0; a < factors.length; a++)
    for (let b = a + 1; b < factors.length; b++) {
      const [p, q] = [power(factors[a]!), power(factors[b]!)];
      if ((p.exponent < 0 || q.exponent < 0) && same(p.base, q.base) && (p.exponent < 0 || q.exponent < 0) && sameIndices(factors[a]!, factors[b]!)) return [a, b];
    }
  return undefined;
}

/**
 * A factor as a power of its base: u^p is (u, p); sqrt(u) is (u, 0.5) and sqrt(u)^p is (u, p/2),
 * marked `sqrt` so that a merge keeps the form the program wrote (sqrt(u)^(-2) sqrt(u)^(-1) is
 * sqrt(u)^(-3), not u^(-1.5)).
 */
function power(a: Atom): { readonly base: AtomNode; readonly exponent: number; readonly sqrt: boolean } {
  const n = a.node;
  if (n.kind === 'map' && n.fn.name === 'pow' && isAtomNode(n.arg)) {
    const inner = n.arg;
    if (inner.kind === 'map' && inner.fn.name === 'sqrt' && isAtomNode(inner.arg)) return { base: inner.arg, exponent: n.fn.exponent / 2, sqrt: true };
    return { base: n.arg, exponent: n.fn.exponent, sqrt: false };
  }
  // sqrt(u) is u^0.5: ∂‖x‖² leaves sqrt(s) s^(-0.5), which is 1
  if (n.kind === 'map' && n.fn.name === 'sqrt' && isAtomNode(n.arg)) return { base: n.arg, exponent: 0.5, sqrt: true };
  return { base: n, exponent: 1, sqrt: false };
}

function powerOf(graph: Graph, base: AtomNode, exponent: number): AtomNode {
  return exponent === 1 ? base : graph.map({ name: 'pow', exponent }, base);
}

function isAtomNode(n: Node): n is AtomNode {
  return n.kind !== 'const';
}

function sameIndices(a: Atom, b: Atom): boolean {
  return a.indices.length === b.indices.length && a.indices.every((i, k) => i === b.indices[k]);
}
