import { rebuildNetwork } from '../2-network/canonical-rebuild.js';
import type { Graph } from '../2-network/graph.js';
import { nodeDepth, type IndexName, type InputNode, type Node, type Size } from '../2-network/network.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Canonicaliser } from './canonical-form.js';
import type { DerivationStep, Expression } from './derivation.js';
import { forwardDerivative } from './differentiate-forward.js';
import { reverseDerivative, type AdjointName, type NamedAdjoint } from './differentiate-reverse.js';
import { createRuleContext, localNames } from './rule-context.js';
import { createNameSupply } from '../2-network/name-supply.js';
import { simplify } from './simplify.js';
import { independentEntries } from './symmetric-inputs.js';

export type DifferentiationMode = 'forward' | 'reverse';

export interface Differentiated {
  /** Axes: of's, then wrt's: J[I, K] = ∂of[I]/∂wrt[K], simplified. */
  readonly result: Expression;
  readonly steps: readonly DerivationStep[];
  /** The adjoints named in `result` (δz2), each with the adjoint it stands for. */
  readonly adjoints: readonly NamedAdjoint[];
}

/**
 * ∂of/∂wrt by the index rules (forward: substitution; reverse: einsum adjoints), then simplified.
 * `wrtIndices` name wrt's axes in the result and must differ from `of.indices`. `canonical` keeps
 * the program's shared definitions and the chain-rule factors g′(u) factored (canonical-form.ts).
 * `named` definitions have their adjoints written as symbols (reverse mode, whatever `mode` says):
 * the result is then the backprop recursion, ∂C/∂z1 in terms of δz2 (differentiate-reverse.ts).
 */
export function differentiate(graph: Graph, of: Expression, wrt: InputNode, wrtIndices: readonly IndexName[],
  mode: DifferentiationMode, canonical: Canonicaliser, named: ReadonlyMap<Node, AdjointName> = new Map()): Differentiated {
  assertShallow(of.node);
  const display = stepNames(of, wrtIndices);
  const ctx = createRuleContext(graph, of.node, wrt, { of: of.indices, wrt: display }, canonical);
  const reverse = mode === 'reverse' || named.size > 0 ? reverseDerivative(ctx, of.node, named) : undefined;
  const raw = reverse ? reverse.node : mode === 'forward' && named.size === 0 ? forwardDerivative(ctx, of.node) : undefined;
  const indices = [...of.indices, ...display];
  const free = raw ?? zero(graph, indices, [...of.node.shape, ...wrt.shape]);
  const symmetric = raw ? independentEntries(graph, { node: free, indices }, wrt) : undefined;
  const node = symmetric?.result.node ?? free;
  assertShallow(node);
  const simplified = simplify(graph, { node, indices }, canonical);
  // the steps name wrt's axes apart from the user's indices; the result takes the textbook names
  return { result: { node: simplified.result.node, indices: [...of.indices, ...wrtIndices] }, steps: [...ctx.steps, ...(symmetric ? [symmetric.step] : []), ...simplified.steps], adjoints: reverse?.replaced ?? [] };
}

/**
 * Names for wrt's axes in the steps: the result's names unless the differentiated expression
 * already uses them (∂(x[i] W[i,j] y[j])/∂W[k,l], not ∂/∂W[i,j] with x's i renamed), so the user's
 * indices stay as written from step to step.
 */
function stepNames(of: Expression, wrtIndices: readonly IndexName[]): IndexName[] {
  const supply = createNameSupply([...localNames(of.node), ...of.indices]);
  return wrtIndices.map((name) => supply.index(name));
}

function zero(graph: Graph, out: readonly IndexName[], shape: readonly Size[]): Node {
  return rebuildNetwork(graph, { out, sizes: new Map(out.map((o, k) => [o, shape[k]!])), terms: [] });
}

/**
 * Simplification walks an expression recursively (expansion into a sum of products), so a chain
 * of definitions deeper than this is refused with expression_too_large before the stack runs out.
 */
export const maxExpressionDepth = 1100;

function assertShallow(node: Node): void {
  const depth = nodeDepth(node);
  if (depth > maxExpressionDepth) fail('expression_too_large', undefined, 'the nesting depth of the expression (in nodes, definitions included)', depth, maxExpressionDepth);
}
