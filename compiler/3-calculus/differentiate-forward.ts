import { topologicalOrder, type ContractNode, type AddNode, type IndexName, type MapNode, type MatFnNode, type Node, type ReduceNode } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import { elementwiseDerivative, reductionWeight } from './derivative-table.js';
import { keepFactored, recordRule, type RuleContext } from './rule-context.js';

/**
 * Forward mode: ∂n/∂X for every node n below `root`, by substitution, memoised per node.
 * The result has n's axes, then X's: D[I, K] = ∂n[I]/∂X[K]; undefined means zero.
 */
export function forwardDerivative(ctx: RuleContext, root: Node): Node | undefined {
  const memo = new Map<number, Node | undefined>();
  const derive = (n: Node): Node | undefined => {
    if (memo.has(n.id)) return memo.get(n.id);
    const d = deriveNode(ctx, n, derive);
    memo.set(n.id, d);
    return d;
  };
  // children before parents, in a loop, as the recursion would visit them: a chain of 1,000
  // definitions then never nests 1,000 rule applications on the stack
  for (const n of topologicalOrder([root])) derive(n);
  return derive(root);
}

type Derive = (n: Node) => Node | undefined;

function deriveNode(ctx: RuleContext, n: Node, derive: Derive): Node | undefined {
  switch (n.kind) {
    case 'input':
      return n === ctx.wrt ? identity(ctx, n) : undefined;
    case 'const':
    case 'delta':
      return undefined;
    case 'contract':
      return productRule(ctx, n, derive);
    case 'add':
      return sumRule(ctx, n, derive);
    case 'map':
      return chainRule(ctx, n, derive);
    case 'matfn':
      return matrixFunctionRule(ctx, n, derive);
    case 'reduce':
      return reductionRule(ctx, n, derive);
    default:
      return assertNever(n);
  }
}

/** ∂X[i,j]/∂X[k,l] = δ[i,k] δ[j,l] */
function identity(ctx: RuleContext, x: Node): Node {
  const K = ctx.wrtIndices;
  if (K.length === 0) return ctx.graph.constant(1);
  const own = K.map(() => ctx.names.fresh('x'));
  const d = ctx.graph.contract(K.map((k, m) => ({ node: ctx.graph.delta(x.shape[m]!), indices: [own[m]!, k] })), [...own, ...K]);
  recordRule(ctx, 'input', `∂${ctx.wrt.name}/∂${ctx.wrt.name} is a product of Kronecker deltas`, x, d);
  return d;
}

/** One term per factor that depends on X, that factor replaced by its derivative. */
function productRule(ctx: RuleContext, n: ContractNode, derive: Derive): Node | undefined {
  const K = ctx.wrtIndices;
  const terms = n.factors.flatMap((f, k) => {
    const d = derive(f.node);
    if (!d) return [];
    const factors = n.factors.map((g, m) => (m === k ? { node: d, indices: [...f.indices, ...K] } : g));
    return [ctx.graph.contract(factors, [...n.out, ...K])];
  });
  const d = sumOf(ctx, terms, [...n.out, ...K]);
  if (d) recordRule(ctx, 'product', `product rule: ${terms.length} term${terms.length === 1 ? '' : 's'}, one per factor that depends on ${ctx.wrt.name}`, n, d);
  return d;
}

/** ∂(Σ c_t t)/∂X = Σ c_t ∂t/∂X */
function sumRule(ctx: RuleContext, n: AddNode, derive: Derive): Node | undefined {
  const K = ctx.wrtIndices;
  const terms = n.terms.flatMap((t) => {
    const d = derive(t.node);
    return d ? [{ node: d, indices: [...t.indices, ...K], coefficient: t.coefficient }] : [];
  });
  if (terms.length === 0) return undefined;
  // an index only a constant term carried (y[i] = x[i] + c, by c) still spans the result: 0 · ones
  const out = [...n.out, ...K];
  if (out.some((o) => !terms.some((t) => t.indices.includes(o))))
    terms.push({ node: ctx.algebra.filled(1, [...n.shape, ...ctx.wrt.shape]), indices: out, coefficient: 0 });
  const d = ctx.graph.add(terms, out);
  recordRule(ctx, 'sum', `linearity: ${terms.length} of ${n.terms.length} terms depend on ${ctx.wrt.name}`, n, d);
  return d;
}

/** ∂g(u)[I]/∂X[K] = g′(u)[I] ∂u[I,K] */
function chainRule(ctx: RuleContext, n: MapNode, derive: Derive): Node | undefined {
  const du = derive(n.arg);
  if (!du) return undefined;
  const gPrime = elementwiseDerivative(n.fn, n.arg, ctx.algebra);
  if (!gPrime) return undefined;
  keepFactored(ctx, gPrime);
  const I = n.shape.map(() => ctx.names.fresh('e'));
  const K = ctx.wrtIndices;
  const d = ctx.graph.contract([{ node: gPrime, indices: I }, { node: du, indices: [...I, ...K] }], [...I, ...K]);
  recordRule(ctx, 'chain', `chain rule through ${n.fn.name}`, n, d);
  return d;
}

/**
 * ∂inv(U)[i,j] = -inv(U)[i,a] ∂U[a,b] inv(U)[b,j];  ∂det(U) = det(U) inv(U)[b,a] ∂U[a,b];
 * ∂logdet(U) = inv(U)[b,a] ∂U[a,b]
 */
function matrixFunctionRule(ctx: RuleContext, n: MatFnNode, derive: Derive): Node | undefined {
  const du = derive(n.arg);
  if (!du) return undefined;
  const g = ctx.graph;
  const K = ctx.wrtIndices;
  const [a, b, i, j] = ['a', 'b', 'i', 'j'].map((s) => ctx.names.fresh(s)) as [IndexName, IndexName, IndexName, IndexName];
  const inv = g.matfn('inv', n.arg);
  const dU = { node: du, indices: [a, b, ...K] };
  const d = n.fn === 'inv'
    ? g.add([{ node: g.contract([{ node: inv, indices: [i, a] }, dU, { node: inv, indices: [b, j] }], [i, j, ...K]), indices: [i, j, ...K], coefficient: -1 }], [i, j, ...K])
    : g.contract([...(n.fn === 'det' ? [{ node: n, indices: [] }] : []), { node: inv, indices: [b, a] }, dU], [...K]);
  recordRule(ctx, 'matrix-function', `${n.fn} rule`, n, d);
  return d;
}

/** ∂r[O]/∂X[K] = Σ_R w[O,R] ∂u[O,R,K], w the reduction's weight (derivative-table.ts) */
function reductionRule(ctx: RuleContext, n: ReduceNode, derive: Derive): Node | undefined {
  const du = derive(n.arg);
  if (!du) return undefined;
  const A = n.arg.shape.map(() => ctx.names.fresh('e'));
  const K = ctx.wrtIndices;
  const w = reductionWeight(n, ctx.graph);
  keepFactored(ctx, w);
  const d = ctx.graph.contract([{ node: w, indices: A }, { node: du, indices: [...A, ...K] }], [...A.filter((_, k) => !n.axes.includes(k)), ...K]);
  recordRule(ctx, 'reduction', `${n.op} rule`, n, d);
  return d;
}

function sumOf(ctx: RuleContext, nodes: readonly Node[], out: readonly IndexName[]): Node | undefined {
  if (nodes.length <= 1) return nodes[0];
  return ctx.graph.add(nodes.map((node) => ({ node, indices: [...out], coefficient: 1 })), out);
}
