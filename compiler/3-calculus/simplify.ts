import { createAtomKeys, sumKey } from '../2-network/canonical-order.js';
import { rebuildNetwork } from '../2-network/canonical-rebuild.js';
import type { SumOfProducts } from '../2-network/canonical-terms.js';
import type { Graph } from '../2-network/graph.js';
import type { Node } from '../2-network/network.js';
import { collectTerms } from './collect-terms.js';
import { combinePowers } from './combine-powers.js';
import type { Canonicaliser } from './canonical-form.js';
import type { DerivationStep, Expression, RuleName } from './derivation.js';
import { contractDeltas } from './contract-deltas.js';
import { cancelInverses } from './inverse-algebra.js';
import { foldConstants } from './fold-constants.js';
import { mergeTerms } from './merge-terms.js';
import { sumNormalised } from './normalised-sums.js';
import { pruneZeros } from './prune-zeros.js';
import { refoldDefinitions } from './refold-definitions.js';

export interface Simplified {
  readonly result: Expression;
  readonly steps: readonly DerivationStep[];
}

/**
 * The simplification passes in order, on the sum of products flattened down to factored sums
 * (canonical-form.ts); a pass that changes the canonical key is logged as a step. Flattening is
 * not logged: the first step's `before` is the expression as given.
 */
export function simplify(graph: Graph, expr: Expression, canonical: Canonicaliser): Simplified {
  const factored = (n: Node): boolean => canonical.factored.has(n);
  const plain = createAtomKeys(graph, { symmetric: false, factored, budget: canonical.budget });
  const symmetric = createAtomKeys(graph, { symmetric: true, factored, budget: canonical.budget });
  const passes: readonly { readonly rule: RuleName; readonly description: string; readonly run: (s: SumOfProducts) => SumOfProducts }[] = [
    { rule: 'delta', description: 'cancel a matrix against its inverse, X inv(X) = I', run: (s) => cancelInverses(graph, s) },
    { rule: 'delta', description: 'contract Kronecker deltas on summed indices by renaming', run: contractDeltas },
    { rule: 'fold', description: 'fold elementwise functions of constants', run: (s) => foldConstants(graph, s) },
    { rule: 'fold', description: 'name products that are a kept definition, exp(z[i]) (Σ exp z)^(-1) = p[i]', run: (s) => refoldDefinitions(graph, canonical, s) },
    { rule: 'fold', description: 'combine a factor with its reciprocal powers, u^a u^(-b) = u^(a-b)', run: (s) => combinePowers(graph, canonical, s) },
    { rule: 'fold', description: 'sums that definitions fix: a normalisation sums to 1 (Σ_c softmax(z)[c] = 1), a centred quantity to 0', run: (s) => sumNormalised(canonical, s) },
    { rule: 'zero', description: 'prune zero terms', run: pruneZeros },
    { rule: 'merge', description: 'merge isomorphic terms', run: (s) => pruneZeros(mergeTerms(plain, s)) },
    { rule: 'merge', description: 'collect like terms inside factored sums, (1 − p) y = y − p y', run: (s) => collectTerms(graph, plain, s) },
    { rule: 'symmetry', description: 'use X[i,j] = X[j,i] for symmetric matrices, declared or implied (XᵀX, A + Aᵀ, inv of a symmetric matrix)', run: (s) => pruneZeros(mergeTerms(symmetric, s)) },
  ];
  let sop = canonical.sum(expr.node, expr.indices);
  // the first step starts from the expression as the rules left it, so it reads on from their last step
  let current: Expression = expr;
  const steps: DerivationStep[] = [];
  for (const pass of passes) {
    const before = sumKey(plain, sop);
    sop = pass.run(sop);
    const next: Expression = { node: rebuildNetwork(graph, sop), indices: expr.indices };
    if (sumKey(plain, sop) !== before) steps.push({ rule: pass.rule, description: pass.description, before: current, after: next });
    current = next;
  }
  return { result: current, steps };
}
