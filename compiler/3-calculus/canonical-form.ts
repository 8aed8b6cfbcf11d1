import { createAtomKeys } from '../2-network/canonical-order.js';
import { createWorkBudget, type WorkBudget } from '../2-network/canonical-search.js';
import { rebuildNetwork } from '../2-network/canonical-rebuild.js';
import { expandNetwork, type AtomNode, type SumOfProducts } from '../2-network/canonical-terms.js';
import type { Graph } from '../2-network/graph.js';
import { createNameSupply } from '../2-network/name-supply.js';
import { topologicalOrder, type ElementwiseFn, type IndexName, type Node } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import { contractDeltas } from './contract-deltas.js';
import { reciprocalOfReciprocal, simplerMatfn } from './inverse-algebra.js';
import { mergeTerms } from './merge-terms.js';
import { pruneZeros } from './prune-zeros.js';

/**
 * Canonical form that stays factored: a sum of products whose atoms are canonical themselves.
 * A Map/MatFn argument and a factored sum (a shared definition, a chain-rule factor g′(u)) are
 * simplified inside — δ contracted, equal terms merged — but never multiplied into their parent:
 *   sin(X[i,j] + X[i,j]) → sin(2 X[i,j]);  with t5 = t3 t3, ∂L/∂x keeps t5[i,j] as one factor.
 * One canonicaliser per derivation (grad, or every order of a Hessian), owned by its caller.
 */
export interface Canonicaliser {
  /** `node`'s axes named `out`, flattened down to factored sums, every atom canonical. */
  sum(node: Node, out: readonly IndexName[]): SumOfProducts;
  /** The canonical node of `node` (hash-consed: equal forms are one node). */
  node(node: Node): Node;
  /** Contract/Add nodes kept whole below a root, with the canonical forms made of them. */
  readonly factored: ReadonlySet<Node>;
  /** Keeps `node` whole wherever it occurs below a root from now on. */
  keep(node: Node): void;
  /** The symbolic work allowed to this derivation, shared by every canonicalisation in it. */
  readonly budget: WorkBudget;
}

export function createCanonicaliser(graph: Graph, initial: Iterable<Node> = []): Canonicaliser {
  const factored = new Set<Node>(initial);
  const isFactored = (n: Node): boolean => factored.has(n);
  const budget = createWorkBudget();
  const keys = createAtomKeys(graph, { symmetric: false, factored: isFactored, budget });
  const memo = new Map<number, Node>();

  const atom = (n: AtomNode): AtomNode => {
    switch (n.kind) {
      case 'input':
      case 'delta':
        return n;
      case 'map': {
        const base = reciprocalOfReciprocal(n.fn, self.node(n.arg)); // (u^-1)^-1 = u (inverse-algebra.ts)
        if (base) return atom(base);
        return powerOfPower(graph, n.fn, self.node(n.arg)) ?? graph.map(n.fn, self.node(n.arg));
      }
      case 'matfn': {
        const simpler = simplerMatfn(graph, n.fn, self.node(n.arg)); // inv(inv X) = X (inverse-algebra.ts)
        return simpler ? atom(self.node(simpler) as AtomNode) : graph.matfn(n.fn, self.node(n.arg));
      }
      case 'reduce':
        return graph.reduce(n.op, self.node(n.arg), n.axes);
      case 'contract':
      case 'add': {
        const c = self.node(n);
        if (c.kind === 'const') return n;
        if (c.kind === 'contract' || c.kind === 'add') factored.add(c);
        return c;
      }
      default:
        return assertNever(n);
    }
  };

  const self: Canonicaliser = {
    factored,
    budget,
    keep: (n) => { factored.add(n); },
    sum(node, out) {
      const sop = expandNetwork(graph, node, out, createNameSupply(['s', ...out]), isFactored);
      return { ...sop, terms: sop.terms.map((m) => ({ ...m, factors: m.factors.map((a) => ({ node: atom(a.node), indices: a.indices })) })) };
    },
    node(n) {
      const found = memo.get(n.id);
      if (found) return found;
      // children first, in a loop: the recursion below then finds them memoised, so a chain of
      // 1,000 definitions does not nest 1,000 canonicalisations on the stack
      for (const d of topologicalOrder([n]))
        if (d !== n && !memo.has(d.id) && (d.kind === 'map' || d.kind === 'matfn' || d.kind === 'reduce' || factored.has(d))) memo.set(d.id, canonicalNode(d));
      const c = canonicalNode(n);
      memo.set(n.id, c);
      return c;
    },
  };

  const canonicalNode = (n: Node): Node => {
    switch (n.kind) {
      case 'input':
      case 'const':
      case 'delta':
        return n;
      case 'map':
      case 'matfn':
      case 'reduce':
        return atom(n);
      case 'contract':
      case 'add': {
        const out = n.shape.map((_, k) => `c${k}`);
        return rebuildNetwork(graph, pruneZeros(mergeTerms(keys, contractDeltas(self.sum(n, out)))));
      }
      default:
        return assertNever(n);
    }
  };
  return self;
}

/** (u^p)^q = u^(p·q) for an integer q, wherever u^p is defined: (x[i]^2)^(-1) → x[i]^(-2). */
function powerOfPower(graph: Graph, fn: ElementwiseFn, arg: Node): AtomNode | undefined {
  if (fn.name !== 'pow' || !Number.isInteger(fn.exponent) || arg.kind !== 'map' || arg.fn.name !== 'pow') return undefined;
  const exponent = arg.fn.exponent * fn.exponent;
  return exponent === 0 || exponent === 1 ? undefined : graph.map({ name: 'pow', exponent }, arg.arg);
}
