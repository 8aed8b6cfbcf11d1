import { dependentOn, topologicalOrder, type AddNode, type ContractNode, type Factor, type IndexName, type InputNode, type MapNode, type MatFnNode, type Node, type ReduceNode } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import { elementwiseDerivative, reductionWeight } from './derivative-table.js';
import { describeNode, keepFactored, recordAdjoint, type RuleContext } from './rule-context.js';

/**
 * Reverse mode: adjoints Ā_n[O, N] = ∂root[O]/∂n[N] pushed from the root to X through the einsum
 * adjoint; the result has root's axes, then X's (the same layout as forward mode).
 *   C[s3] = A[s1] B[s2]  ⇒  Ā[s1] += C̄[s3] B[s2]
 * A node in `named` (a definition whose adjoint the user names, `z2 ↦ δz2`) has its adjoint, once
 * complete, replaced by an input of that name: what flows on is written in terms of δz2, so the
 * result is backprop's recursion (∂C/∂z1 = (W2ᵀ δz2) ⊙ f′(z1)). Exact, because every contribution
 * to a node's adjoint has arrived when reverse topological order reaches it; `replaced` records
 * each symbol with the adjoint it stands for (which may itself read earlier symbols).
 */
export function reverseDerivative(ctx: RuleContext, root: Node, named: ReadonlyMap<Node, AdjointName> = new Map()): ReverseResult | undefined {
  const order = topologicalOrder([root]);
  const depends = dependentOn(order, ctx.wrt);
  if (!depends.has(root)) return undefined;
  const O = root.shape.map(() => ctx.names.fresh('o'));
  const pending = new Map<number, Contribution[]>([[root.id, [{ node: seed(ctx, root, O), coefficient: 1 }]]]);
  const replaced: NamedAdjoint[] = [];
  for (const n of [...order].reverse()) {
    const contributions = pending.get(n.id);
    if (!depends.has(n) || !contributions) continue;
    const complete = total(ctx, contributions, [...O, ...axesOf(n)]);
    if (n === ctx.wrt) return { node: complete, replaced };
    const name = n === root ? undefined : named.get(n);
    const adjoint = name === undefined ? complete : nameAdjoint(ctx, n, complete, name, ctx.graph.input(name.symbol, [...root.shape, ...n.shape]), replaced);
    for (const { child, contribution, rule } of propagate(ctx, n, adjoint, O)) {
      if (!depends.has(child)) continue;
      recordAdjoint(ctx, rule, `adjoint of ${describeNode(child)} through ${describeNode(n)}`, child, contribution.node);
      pending.set(child.id, [...(pending.get(child.id) ?? []), contribution]);
    }
  }
  return undefined;
}

/** Which definition a node is, and the name its adjoint gets (`z2`, `δz2`). */
export interface AdjointName {
  readonly definition: string;
  readonly symbol: string;
}

/** A named adjoint: the input `symbol` printed in the result, and the adjoint it stands for. */
export interface NamedAdjoint {
  readonly symbol: InputNode;
  readonly value: Node;
}

export interface ReverseResult {
  readonly node: Node;
  readonly replaced: readonly NamedAdjoint[];
}

function nameAdjoint(ctx: RuleContext, n: Node, complete: Node, name: AdjointName, symbol: InputNode, replaced: NamedAdjoint[]): Node {
  replaced.push({ symbol, value: complete });
  recordAdjoint(ctx, 'adjoint', `the adjoint of ${name.definition}, complete, is named ${symbol.name}`, n, symbol);
  return symbol;
}

interface Contribution {
  readonly node: Node;
  readonly coefficient: number;
}

interface Edge {
  readonly child: Node;
  readonly contribution: Contribution;
  readonly rule: 'product' | 'sum' | 'chain' | 'matrix-function' | 'reduction';
}

/** ∂root[O]/∂root[R] = Π δ[o,r] (1 for a scalar root). */
function seed(ctx: RuleContext, root: Node, O: readonly IndexName[]): Node {
  if (O.length === 0) return ctx.graph.constant(1);
  const R = axesOf(root);
  return ctx.graph.contract(O.map((o, k) => ({ node: ctx.graph.delta(root.shape[k]!), indices: [o, R[k]!] })), [...O, ...R]);
}

/** A node's own axis names (its Contract/Add output) or positional ones. */
function axesOf(n: Node): IndexName[] {
  return n.kind === 'contract' || n.kind === 'add' ? [...n.out] : n.shape.map((_, k) => `r${k}`);
}

function total(ctx: RuleContext, contributions: readonly Contribution[], out: readonly IndexName[]): Node {
  const only = contributions[0]!;
  if (contributions.length === 1 && only.coefficient === 1) return only.node;
  return ctx.graph.add(contributions.map((c) => ({ node: c.node, indices: [...out], coefficient: c.coefficient })), out);
}

function propagate(ctx: RuleContext, n: Node, adjoint: Node, O: readonly IndexName[]): Edge[] {
  switch (n.kind) {
    case 'input':
    case 'const':
    case 'delta':
      return [];
    case 'contract':
      return n.factors.map((f, k) => ({ child: f.node, contribution: { node: productAdjoint(ctx, n, k, adjoint, O), coefficient: 1 }, rule: 'product' }));
    case 'add':
      return sumAdjoints(ctx, n, adjoint, O);
    case 'map':
      return chainAdjoint(ctx, n, adjoint, O);
    case 'matfn':
      return [{ child: n.arg, contribution: matrixFunctionAdjoint(ctx, n, adjoint, O), rule: 'matrix-function' }];
    case 'reduce':
      return [{ child: n.arg, contribution: reductionAdjoint(ctx, n, adjoint, O), rule: 'reduction' }];
    default:
      return assertNever(n);
  }
}

/**
 * Ā_k[O, s_k] = C̄[O, out] Π_{m≠k} F_m. An index repeated inside s_k, or carried by no other
 * factor nor the output, gets a fresh name t joined to it by δ[i,t] (a diagonal, or a broadcast).
 */
function productAdjoint(ctx: RuleContext, n: ContractNode, k: number, adjoint: Node, O: readonly IndexName[]): Node {
  const f = n.factors[k]!;
  const others = n.factors.filter((_, m) => m !== k);
  const elsewhere = new Set([...n.out, ...others.flatMap((g) => g.indices)]);
  const deltas: Factor[] = [];
  const axes = f.indices.map((i, p) => {
    if (f.indices.indexOf(i) === p && elsewhere.has(i)) return i;
    const t = ctx.names.fresh('t');
    deltas.push({ node: ctx.graph.delta(f.node.shape[p]!), indices: [i, t] });
    return t;
  });
  return ctx.graph.contract([{ node: adjoint, indices: [...O, ...n.out] }, ...others, ...deltas], [...O, ...axes]);
}

/** t̄[O, s_t] = c_t Σ_{broadcast} Ā[O, out] */
function sumAdjoints(ctx: RuleContext, n: AddNode, adjoint: Node, O: readonly IndexName[]): Edge[] {
  return n.terms.map((t) => {
    const same = t.indices.length === n.out.length && t.indices.every((i, k) => i === n.out[k]);
    const node = same ? adjoint : ctx.graph.contract([{ node: adjoint, indices: [...O, ...n.out] }], [...O, ...t.indices]);
    return { child: t.node, contribution: { node, coefficient: t.coefficient }, rule: 'sum' };
  });
}

/** ū[O, I] = Ā[O, I] g′(u)[I] */
function chainAdjoint(ctx: RuleContext, n: MapNode, adjoint: Node, O: readonly IndexName[]): Edge[] {
  const gPrime = elementwiseDerivative(n.fn, n.arg, ctx.algebra);
  if (!gPrime) return [];
  keepFactored(ctx, gPrime);
  const I = n.shape.map(() => ctx.names.fresh('e'));
  const node = ctx.graph.contract([{ node: adjoint, indices: [...O, ...I] }, { node: gPrime, indices: I }], [...O, ...I]);
  return [{ child: n.arg, contribution: { node, coefficient: 1 }, rule: 'chain' }];
}

/** Ū[O,a,b] = -Ā[O,i,j] inv[i,a] inv[b,j];  det: Ā[O] det inv[b,a];  logdet: Ā[O] inv[b,a] */
function matrixFunctionAdjoint(ctx: RuleContext, n: MatFnNode, adjoint: Node, O: readonly IndexName[]): Contribution {
  const g = ctx.graph;
  const inv = g.matfn('inv', n.arg);
  const [a, b, i, j] = ['a', 'b', 'i', 'j'].map((s) => ctx.names.fresh(s)) as [IndexName, IndexName, IndexName, IndexName];
  const out = [...O, a, b];
  if (n.fn === 'inv')
    return { node: g.contract([{ node: adjoint, indices: [...O, i, j] }, { node: inv, indices: [i, a] }, { node: inv, indices: [b, j] }], out), coefficient: -1 };
  const scale = n.fn === 'det' ? [{ node: n, indices: [] }] : [];
  return { node: g.contract([{ node: adjoint, indices: [...O] }, ...scale, { node: inv, indices: [b, a] }], out), coefficient: 1 };
}

/** ū[O, A] = r̄[O, kept(A)] w[A], w the reduction's weight (derivative-table.ts) */
function reductionAdjoint(ctx: RuleContext, n: ReduceNode, adjoint: Node, O: readonly IndexName[]): Contribution {
  const A = n.arg.shape.map(() => ctx.names.fresh('e'));
  const w = reductionWeight(n, ctx.graph);
  keepFactored(ctx, w);
  const kept = A.filter((_, k) => !n.axes.includes(k));
  return { node: ctx.graph.contract([{ node: adjoint, indices: [...O, ...kept] }, { node: w, indices: A }], [...O, ...A]), coefficient: 1 };
}
