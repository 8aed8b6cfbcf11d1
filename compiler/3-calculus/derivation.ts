import type { IndexName, Node } from '../2-network/network.js';

/**
 * A tensor with named axes: `node`'s axis k is called `indices[k]`. What every view prints.
 * @example
 * import { grad, printExpression, type Expression } from 'ricci';
 * const result: Expression = grad('L = x[i] W[i,j] y[j]', 'L', 'W').result;
 * printExpression(result); // → x[i] y[j]
 */
export interface Expression {
  readonly node: Node;
  readonly indices: readonly IndexName[];
}

/**
 * The rules a derivation step can name; views label steps by these.
 * @example
 * import { grad, type RuleName } from 'ricci';
 * const used: RuleName[] = grad('f = x[i] A[i,j] x[j]', 'f', 'x').steps.map((s) => s.rule);
 * used.includes('product'); // → true
 */
export type RuleName =
  | 'differential'     // dL written as a linear map of dX: dL = x[i] dW[i,j] y[j]
  | 'input'            // ∂X[i,j]/∂X[k,l] = δ[i,k] δ[j,l]; other inputs give 0
  | 'product'          // one term per occurrence of the variable in a Contract
  | 'sum'              // linearity over Add
  | 'chain'            // g(u) → g′(u)[I] ∂u[I,K]
  | 'matrix-function'  // inv / det / logdet rules
  | 'reduction'        // max / min / logsumexp along indices: weight w[O,R] times ∂u[O,R]
  | 'delta'            // contractDeltas: remove δ whose index is summed
  | 'zero'             // prune zero terms
  | 'fold'             // constant folding
  | 'merge'            // isomorphic terms merged (canonical form)
  | 'symmetry'         // X[i,j] = X[j,i] for symmetric inputs
  | 'adjoint'          // a named adjoint: ∂C/∂z2 written δz2 from here on (backprop's δ)
  | 'identify';        // read the derivative off the differential

/**
 * One rule applied in a derivation: its name and the expression before and after.
 * @example
 * import { grad, printExpression, type DerivationStep } from 'ricci';
 * const steps: readonly DerivationStep[] = grad('L = x[i] W[i,j] y[j]', 'L', 'W').steps;
 * steps.map((s) => s.rule); // → [input, product, delta]
 * printExpression(steps[0]!.after); // → δ[i,k] δ[j,l]
 */
export interface DerivationStep {
  readonly rule: RuleName;
  /** One line saying what happened, e.g. "product rule over x[i] W[i,j]". */
  readonly description: string;
  readonly before: Expression;
  readonly after: Expression;
}
