import { canonicalMonomial, type AtomKeys } from '../2-network/canonical-order.js';
import type { Monomial, SumOfProducts } from '../2-network/canonical-terms.js';

/**
 * Merges isomorphic monomials (equal canonical keys) by adding their coefficients, and leaves the
 * sum in canonical order:  A[k,l] + A[l,k] → 2 A[k,l] when A is symmetric and `keys` says so.
 */
export function mergeTerms(keys: AtomKeys, sop: SumOfProducts): SumOfProducts {
  const merged = new Map<string, Monomial>();
  for (const m of sop.terms) {
    const c = canonicalMonomial(keys, m, sop.out);
    const seen = merged.get(c.key);
    merged.set(c.key, seen ? { ...seen, coefficient: seen.coefficient + m.coefficient } : c.monomial);
  }
  const terms = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, m]) => m);
  return { ...sop, terms };
}
