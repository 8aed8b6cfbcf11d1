import type { Graph } from '../2-network/graph.js';
import { createNameSupply, type NameSupply } from '../2-network/name-supply.js';
import { topologicalOrder, type IndexName, type InputNode, type Node } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import type { Canonicaliser } from './canonical-form.js';
import type { DerivationStep, RuleName } from './derivation.js';
import { elementwiseAlgebra, type ElementwiseAlgebra } from './elementwise-algebra.js';

/** What every differentiation rule needs: the graph, the variable, fresh names and a step log. */
export interface RuleContext {
  readonly graph: Graph;
  readonly wrt: InputNode;
  /** Local names of wrt's axes, distinct from every local name in the differentiated DAG. */
  readonly wrtIndices: readonly IndexName[];
  /** Names for printing wrt's axes in steps (`k,l`). */
  readonly wrtDisplay: readonly IndexName[];
  /** Names for printing the differentiated root's axes in reverse-mode steps. */
  readonly ofDisplay: readonly IndexName[];
  readonly names: NameSupply;
  readonly algebra: ElementwiseAlgebra;
  readonly steps: DerivationStep[];
  /** Keeps the sums of each chain-rule factor g′(u) whole in the result. */
  readonly canonical: Canonicaliser;
}

export function createRuleContext(graph: Graph, root: Node, wrt: InputNode,
  display: { readonly of: readonly IndexName[]; readonly wrt: readonly IndexName[] }, canonical: Canonicaliser): RuleContext {
  const names = createNameSupply(localNames(root));
  return {
    graph, wrt, names, canonical, wrtDisplay: display.wrt, ofDisplay: display.of,
    wrtIndices: wrt.shape.map(() => names.fresh('∂')),
    algebra: elementwiseAlgebra(graph),
    steps: [],
  };
}

/** Every index name bound anywhere in the DAG below `root`. */
export function localNames(root: Node): Set<IndexName> {
  const all = new Set<IndexName>();
  for (const n of topologicalOrder([root])) {
    if (n.kind === 'contract') for (const f of n.factors) for (const i of f.indices) all.add(i);
    if (n.kind === 'add') for (const t of n.terms) for (const i of t.indices) all.add(i);
  }
  return all;
}

/**
 * A chain-rule factor stays factored: 1 − tanh(u)², σ(u) (1 − σ(u)) keep their sums whole, so a
 * gradient through L layers is a product of L factors, not 2^L expanded terms (the δ recursion).
 */
export function keepFactored(ctx: RuleContext, gPrime: Node): void {
  if (gPrime.kind === 'add' && gPrime.terms.length > 1) ctx.canonical.keep(gPrime);
  else if (gPrime.kind === 'add') keepFactored(ctx, gPrime.terms[0]!.node);
  else if (gPrime.kind === 'contract') for (const f of gPrime.factors) keepFactored(ctx, f.node);
}

/** Logs a forward rule: ∂before[I]/∂X[K] = after[I,K]. */
export function recordRule(ctx: RuleContext, rule: RuleName, description: string, node: Node, derivative: Node): void {
  const indices = displayNames(node, ctx.wrtDisplay);
  ctx.steps.push({ rule, description, before: { node, indices }, after: { node: derivative, indices: [...indices, ...ctx.wrtDisplay] } });
}

/** Logs a reverse rule: the adjoint contribution ∂of[O]/∂before[I] = after[O,I]. */
export function recordAdjoint(ctx: RuleContext, rule: RuleName, description: string, node: Node, adjoint: Node): void {
  const indices = displayNames(node, ctx.ofDisplay);
  ctx.steps.push({ rule, description, before: { node, indices }, after: { node: adjoint, indices: [...ctx.ofDisplay, ...indices] } });
}

/** A node's axes named as in its own Contract/Add where that does not clash, else i, j, k, … */
function displayNames(node: Node, avoid: readonly IndexName[]): IndexName[] {
  const own = node.kind === 'contract' || node.kind === 'add' ? node.out : [];
  const supply = createNameSupply([...avoid, ...own]);
  const used = new Set(avoid);
  return node.shape.map((_, k) => {
    const name = own[k];
    const chosen = name === undefined || used.has(name) ? supply.index() : name;
    used.add(chosen);
    supply.reserve([chosen]);
    return chosen;
  });
}

/** How a node is named in a step's description: `W`, `a product`, `tanh`. */
export function describeNode(node: Node): string {
  switch (node.kind) {
    case 'input': return node.name;
    case 'const': return 'a constant';
    case 'delta': return 'δ';
    case 'contract': return 'a product';
    case 'add': return 'a sum';
    case 'map': return node.fn.name;
    case 'matfn': return node.fn;
    case 'reduce': return node.op;
    default: return assertNever(node);
  }
}
