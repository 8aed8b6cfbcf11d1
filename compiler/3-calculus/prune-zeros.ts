import type { SumOfProducts } from '../2-network/canonical-terms.js';

/** Drops every monomial whose coefficient is zero: 0 · T = 0. */
export function pruneZeros(sop: SumOfProducts): SumOfProducts {
  return { ...sop, terms: sop.terms.filter((m) => m.coefficient !== 0) };
}
