import type { Atom, AtomNode, Monomial, SumOfProducts } from '../2-network/canonical-terms.js';
import type { Graph } from '../2-network/graph.js';
import type { ElementwiseFn, MatrixFnName, Node } from '../2-network/network.js';

/**
 * Inverse and determinant algebra on one matrix function of a canonical argument:
 *   inv(inv(X)) = X,   det(inv(X)) = det(X)^(-1).
 * (logdet(inv(X)) = −logdet(X) follows in derivatives from the two rules here.)
 */
export function simplerMatfn(graph: Graph, fn: MatrixFnName, arg: Node): Node | undefined {
  if (arg.kind !== 'matfn' || arg.fn !== 'inv') return undefined;
  if (fn === 'inv') return arg.arg;
  if (fn === 'det') return graph.map({ name: 'pow', exponent: -1 }, graph.matfn('det', arg.arg));
  return undefined;
}

/** (u^-1)^-1 = u for an atom u: (det(X)^(-1))^(-1) = det(X). Not (u^2)^0.5, which is |u|. */
export function reciprocalOfReciprocal(fn: ElementwiseFn, arg: Node): AtomNode | undefined {
  if (fn.name !== 'pow' || fn.exponent !== -1 || arg.kind !== 'map' || arg.fn.name !== 'pow' || arg.fn.exponent !== -1) return undefined;
  const base = arg.arg;
  return base.kind === 'const' ? undefined : base;
}

/**
 * X inv(X) = I and inv(X) X = I inside a monomial: a summed index that only X[a,k] and
 * inv(X)[k,b] (or inv(X)[a,k] and X[k,b]) carry makes the pair δ[a,b], for contract-deltas.
 */
export function cancelInverses(graph: Graph, sop: SumOfProducts): SumOfProducts {
  return { ...sop, terms: sop.terms.map((m) => cancelInMonomial(graph, m, sop.out)) };
}

function cancelInMonomial(graph: Graph, m: Monomial, out: readonly string[]): Monomial {
  for (let a = 0; a < m.factors.length; a++)
    for (let b = 0; b < m.factors.length; b++) {
      const delta = a === b ? undefined : cancelledPair(graph, m.factors[a]!, m.factors[b]!, m, out);
      if (!delta) continue;
      const rest = m.factors.filter((_, k) => k !== a && k !== b);
      return cancelInMonomial(graph, { coefficient: m.coefficient, factors: [...rest, delta] }, out);
    }
  return m;
}

/** left = M[·,k], right = inv(M)[k,·] or left = inv(M)[·,k], right = M[k,·], k summed by these two only. */
function cancelledPair(graph: Graph, left: Atom, right: Atom, m: Monomial, out: readonly string[]): Atom | undefined {
  if (left.indices.length !== 2 || right.indices.length !== 2) return undefined;
  const inverseOf = (inv: AtomNode, x: AtomNode): boolean => inv.kind === 'matfn' && inv.fn === 'inv' && inv.arg === x;
  if (!inverseOf(right.node, left.node) && !inverseOf(left.node, right.node)) return undefined;
  const [i, k] = left.indices as [string, string];
  const [k2, j] = right.indices as [string, string];
  if (k !== k2 || i === k || j === k || out.includes(k)) return undefined;
  const carriers = m.factors.filter((f) => f.indices.includes(k)).length;
  if (carriers !== 2) return undefined;
  return { node: graph.delta(left.node.shape[0]!), indices: [i, j] };
}
