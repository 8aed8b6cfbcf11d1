import { type IndexName } from '../../2-network/network.js';
import { assertNever } from '../../diagnostics/assert-never.js';
import type { IndexTree } from '../../2-network/index-tree.js';

/**
 * One term of a differential written out: coefficient · Π factors, exactly one factor being the
 * differential dX[…]; `sums` are indices summed explicitly (they occur once).
 *   (x[i] dW[i,j] + db[j]) y[j]  →  x[i] dW[i,j] y[j],  db[j] y[j]
 */
export interface Monomial {
  readonly coefficient: number;
  readonly factors: readonly IndexTree[];
  readonly sums: readonly IndexName[];
}

export function hasDifferential(tree: IndexTree): boolean {
  switch (tree.kind) {
    case 'access':
      return tree.differential;
    case 'delta': case 'number':
      return false;
    case 'product':
      return tree.factors.some(hasDifferential);
    case 'sum':
      return tree.terms.some((t) => hasDifferential(t.tree));
    case 'apply':
      return hasDifferential(tree.arg);
    case 'matfn':
    case 'reduce':
      return hasDifferential(tree.arg);
    case 'sigma':
      return hasDifferential(tree.body);
    default:
      return assertNever(tree);
  }
}

/** Distributes products over the sums that hold the differential, so each term is linear in it. */
export function expandDifferential(tree: IndexTree): Monomial[] {
  switch (tree.kind) {
    case 'access':
      return [{ coefficient: 1, factors: [tree], sums: [] }];
    case 'product': {
      const k = tree.factors.findIndex(hasDifferential);
      const before = tree.factors.slice(0, k);
      const after = tree.factors.slice(k + 1);
      return expandDifferential(tree.factors[k]!).map((m) => withNumbersFolded({ ...m, factors: [...before, ...m.factors, ...after] }));
    }
    case 'sum':
      return tree.terms.flatMap((t) => expandDifferential(t.tree).map((m) => ({ ...m, coefficient: m.coefficient * t.coefficient })));
    case 'sigma':
      return expandDifferential(tree.body).map((m) => ({ ...m, sums: [...tree.indices, ...m.sums] }));
    case 'delta': case 'number': case 'apply': case 'matfn': case 'reduce':
      return [{ coefficient: 1, factors: [tree], sums: [] }];
    default:
      return assertNever(tree);
  }
}

/** Numbers among the factors move into the coefficient: 2 x[i] (−1) → −2 x[i]. */
function withNumbersFolded(m: Monomial): Monomial {
  const value = m.factors.reduce((v, f) => (f.kind === 'number' ? v * f.value : v), m.coefficient);
  return { ...m, coefficient: value, factors: m.factors.filter((f) => f.kind !== 'number') };
}
