import { resolveSize, type SizeBinding } from '../2-network/bind-sizes.js';
import { applyElementwise } from '../2-network/elementwise.js';
import { childrenOf, type AddNode, type ContractNode, type ElementwiseFn, type IndexName, type Node } from '../2-network/network.js';
import { assertNever } from '../diagnostics/assert-never.js';
import type { ContractionProblem, LinearPath } from '../4-contraction-order/contraction.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DType } from '../../runtime/strided-array.js';
import type { Kernel } from './loop-ir.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { lowerContraction, type BoundValue } from './lower-contraction.js';
import { lowerReduceKernel } from './lower-reduce.js';
import { lowerFillKernel, lowerIdentityKernel, lowerSumKernel } from './lower-sum.js';
import { createPlanBuilder, type PlanBuilder, type PlanValue, type StepTarget } from './plan-builder.js';
import { reachOf, stridesByIndex } from './step-spec.js';

/** An input of the network as the plan receives it: its name, shape and strides, in plan order. */
export interface NetworkInput {
  readonly name: string;
  readonly shape: readonly number[];
  readonly stride: readonly number[];
}

/** A lowered plan: the plan's data and one loop-nest kernel per step (sources come from 6-emit-js). */
export interface LoweredPlan {
  readonly layout: Omit<ExecutionPlan, 'kernels'>;
  readonly kernels: readonly Kernel[];
}

export interface NetworkLowering {
  readonly inputs: readonly NetworkInput[];
  readonly binding: SizeBinding;
  readonly dtype: DType;
  readonly params: LoweringParameters;
  readonly choosePath: (problem: ContractionProblem) => LinearPath;
  /**
   * Nodes computed outside the plan, by node id → plan input index: matrix functions, and values
   * an earlier plan computed (a node several roots share, computed once).
   */
  readonly external: ReadonlyMap<number, number>;
}

/**
 * The one lowering entry: the DAG under `root` (Input, Const, Delta, Contract, Add, Map, Reduce;
 * MatFn nodes are computed outside and arrive as extra inputs) to one plan. An einsum is the network of
 * one Contract over its operands, with `choosePath` returning its chosen path. Const factors
 * of a Contract become its scale; a Map whose argument is a Contract or an Add used only there is
 * fused into that step's store; each intermediate is released after its last user.
 *   Map(exp, Contract(2, x[i] W[i,j]))  →  one kernel storing exp(2 · Σ_i x[i] W[i,j])
 *   Map(tanh, Add(z[a,i], b[i]))        →  one pass storing tanh(z[a,i] + b[i])
 */
export function lowerNetwork(root: Node, lowering: NetworkLowering): LoweredPlan {
  return lowerNetworks([root], lowering);
}

/**
 * Several roots as one plan (a value and its gradients): `roots[0]` writes the plan's output,
 * `roots[k]` its further result k − 1. A node under several roots is lowered once and its buffer
 * kept until its last user, so shared forward values and adjoints never leave the plan (and stay
 * in a WebAssembly arena between WebAssembly steps). A node that is two roots is copied for the second.
 */
export function lowerNetworks(roots: readonly Node[], lowering: NetworkLowering): LoweredPlan {
  const root = roots[0]!;
  const targets = new Map<number, StepTarget>();
  roots.forEach((r, k) => { if (!targets.has(r.id)) targets.set(r.id, k === 0 ? 'output' : { result: k - 1 }); });
  const isRoot = (n: Node): boolean => targets.has(n.id);
  const order = operationsUnder(roots, lowering.external);
  const users = new Map<number, Node[]>();
  const inputsOf = (n: Node): readonly Node[] => (lowering.external.has(n.id) ? [] : childrenOf(n));
  for (const n of order) for (const c of inputsOf(n)) users.set(c.id, [...(users.get(c.id) ?? []), n]);
  const fused = (n: Node): boolean => (n.kind === 'contract' || n.kind === 'add') && !isRoot(n) && !lowering.external.has(n.id) && (users.get(n.id) ?? []).every((u) => u.kind === 'map') && users.get(n.id)?.length === 1;
  const builder = createPlanBuilder(lowering.dtype);
  const values = new Map<number, PlanValue>();
  const lastUse = new Map<number, number>();
  order.forEach((n, k) => { for (const c of inputsOf(n)) lastUse.set(c.id, k); });
  const valueOf = (n: Node): PlanValue => values.get(n.id)!;
  /** Values whose last user is `node` (through a fused child, whose own children it consumes). */
  const released = (node: Node, k: number): PlanValue[] => inputsOf(node).flatMap((c) =>
    fused(c) ? released(c, order.indexOf(c)) : lastUse.get(c.id) === k && values.has(c.id) ? [valueOf(c)] : []);
  const folded = (n: Node): boolean => n.kind === 'const' && !isRoot(n) && (users.get(n.id) ?? []).every((u) => u.kind === 'contract');
  const context = { builder, lowering, valueOf, isLowered: (n: Node) => values.has(n.id), root, isRoot };
  order.forEach((node, k) => {
    if (fused(node) || folded(node)) return;
    values.set(node.id, lowerNode(node, context, targets.get(node.id) ?? 'buffer', [...new Set(released(node, k))]));
  });
  roots.forEach((r, k) => {
    if (roots.findIndex((s) => s.id === r.id) !== k) copy(builder, `node${r.id}_root${k}`, valueOf(r), lowering, undefined, { result: k - 1 });
  });
  return {
    kernels: builder.kernels,
    layout: {
      dtype: lowering.dtype,
      inputs: lowering.inputs.map((i) => ({ shape: i.shape, stride: i.stride })),
      buffers: builder.buffers,
      scratchLength: Math.max(0, ...builder.kernels.map((k) => k.scratchLength)),
      outputShape: valueOf(root).shape,
      ...(roots.length > 1 ? { results: roots.slice(1).map((r) => valueOf(r).shape) } : {}),
      steps: builder.steps,
    },
  };
}

type Target = StepTarget;

/** Nodes under `roots`, children first, not descending below external nodes (their inputs are theirs). */
function operationsUnder(roots: readonly Node[], external: ReadonlyMap<number, number>): Node[] {
  const order: Node[] = [];
  const seen = new Set<number>();
  const visit = (n: Node): void => {
    if (seen.has(n.id)) return;
    seen.add(n.id);
    if (!external.has(n.id)) for (const c of childrenOf(n)) visit(c);
    order.push(n);
  };
  for (const root of roots) visit(root);
  return order;
}

interface Context {
  readonly builder: PlanBuilder;
  readonly lowering: NetworkLowering;
  readonly valueOf: (n: Node) => PlanValue;
  readonly isLowered: (n: Node) => boolean;
  /** The first root: its Contract's kernels are named `step…` (an einsum's only node). */
  readonly root: Node;
  readonly isRoot: (n: Node) => boolean;
}

function lowerNode(node: Node, context: Context, target: Target, release: readonly PlanValue[]): PlanValue {
  const { builder, lowering: l, valueOf } = context;
  const label = `node${node.id}`;
  const computed = context.isRoot(node) ? undefined : l.external.get(node.id);
  if (computed !== undefined && node.kind !== 'matfn') {
    const value: PlanValue = { ref: { kind: 'input', index: computed }, shape: l.inputs[computed]!.shape, stride: l.inputs[computed]!.stride };
    return target !== 'buffer' ? copy(builder, label, value, l, undefined, target) : value;
  }
  switch (node.kind) {
    case 'input': {
      const index = l.inputs.findIndex((i) => i.name === node.name);
      if (index < 0) throw new Error(`internal: input '${node.name}' has no plan input (the binder checks every input first)`);
      const value: PlanValue = { ref: { kind: 'input', index }, shape: l.inputs[index]!.shape, stride: l.inputs[index]!.stride };
      return target !== 'buffer' ? copy(builder, label, value, l, undefined, target) : value;
    }
    case 'const':
      return builder.step(lowerFillKernel(label, 1, node.value), [], [], target, release);
    case 'delta': {
      const n = resolveSize(node.shape[0]!, l.binding);
      return builder.step(lowerIdentityKernel(label, n), [], [n, n], target, release);
    }
    case 'contract':
      return contract(node, undefined, context, target, release);
    case 'map':
      if (node.arg.kind === 'contract' && !context.isLowered(node.arg)) return contract(node.arg, node.fn, context, target, release);
      if (node.arg.kind === 'add' && !context.isLowered(node.arg)) return add(node.arg, builder, l, valueOf, target, release, node.fn);
      return copy(builder, label, valueOf(node.arg), l, node.fn, target, release);
    case 'add':
      return add(node, builder, l, valueOf, target, release);
    case 'reduce': {
      const arg = valueOf(node.arg);
      const kernel = lowerReduceKernel(label, node.op, { shape: arg.shape, stride: arg.stride, reach: reachOf(arg.shape, arg.stride) }, node.axes);
      return builder.step(kernel, [arg], node.shape.map((s) => resolveSize(s, l.binding)), target, release);
    }
    case 'matfn': {
      const index = l.external.get(node.id);
      if (index === undefined) return fail('network_node_unsupported', undefined, `matrix function (${node.fn})`);
      const value: PlanValue = { ref: { kind: 'input', index }, shape: l.inputs[index]!.shape, stride: l.inputs[index]!.stride };
      return target !== 'buffer' ? copy(builder, label, value, l, undefined, target) : value;
    }
    default:
      return assertNever(node);
  }
}

/**
 * Contract: constants multiply into the scale, the rest contracts along a chosen path. The first
 * root's kernels are named `step…` (an einsum's only node), others `node<id>_step…`.
 */
function contract(node: ContractNode, map: ElementwiseFn | undefined, context: Context, target: Target,
  release: readonly PlanValue[]): PlanValue {
  const { builder, lowering: l, valueOf } = context;
  const label = node === context.root ? 'step' : `node${node.id}_step`;
  const scale = node.factors.reduce((s, f) => (f.node.kind === 'const' ? s * f.node.value : s), 1);
  const factors: BoundValue[] = node.factors.filter((f) => f.node.kind !== 'const').map((f) => ({ value: valueOf(f.node), indices: f.indices }));
  const value = map ? applyElementwise(map)(scale) : scale;
  if (factors.length === 0) return builder.step(lowerFillKernel(`node${node.id}`, 1, value), [], [], target, release);
  const sizes = new Map<IndexName, number>();
  for (const f of factors) f.indices.forEach((i, axis) => sizes.set(i, f.value.shape[axis]!));
  const problem = { inputs: factors.map((f) => f.indices), output: node.out, sizes };
  const path = factors.length === 1 ? [[0]] : l.choosePath(problem);
  return lowerContraction(builder, label, { factors, output: node.out, sizes, scale, map, path }, l.params, target, release);
}

/** A copy of a value into a fresh dense tensor, optionally through an elementwise function. */
function copy(builder: PlanBuilder, label: string, value: PlanValue, l: NetworkLowering, map: ElementwiseFn | undefined,
  target: Target = 'output', release: readonly PlanValue[] = []): PlanValue {
  const indices = value.shape.map((_, k) => `a${k}`);
  const sizes = new Map(indices.map((i, k) => [i, value.shape[k]!]));
  return lowerContraction(builder, `${label}_map`, { factors: [{ value, indices }], output: indices, sizes, scale: 1, map, path: [[0]] }, l.params, target, release);
}

/** Add: one pass over the output, each term broadcast over the indices it lacks (through `map`, a Map over it). */
function add(node: AddNode, builder: PlanBuilder, l: NetworkLowering, valueOf: (n: Node) => PlanValue,
  target: Target, release: readonly PlanValue[], map?: ElementwiseFn): PlanValue {
  const shape = node.shape.map((s) => resolveSize(s, l.binding));
  const sizes = new Map(node.out.map((i, k) => [i, shape[k]!]));
  const outputStrides = stridesByIndex(node.out, rowMajorStrides(shape));
  const terms = node.terms.map((t) => ({ value: valueOf(t.node), indices: t.indices, coefficient: t.coefficient }));
  const addends = terms.map((t) => ({ strides: stridesByIndex(t.indices, t.value.stride), reach: reachOf(t.value.shape, t.value.stride), coefficient: t.coefficient }));
  const kernel = lowerSumKernel(`node${node.id}`, node.out, outputStrides, sizes, addends, l.params, map, l.dtype);
  return builder.step(kernel, terms.map((t) => t.value), shape, target, release);
}
