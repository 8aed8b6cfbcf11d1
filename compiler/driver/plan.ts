import { bindSizes, resolveSize, type SizeBinding } from '../2-network/bind-sizes.js';
import { assertNonEmptyReductions } from '../2-network/empty-reductions.js';
import { einsumNetwork, einsumOperandName } from '../2-network/einsum-network.js';
import type { EinsumSpec } from '../2-network/einsum-spec.js';
import { createGraph } from '../2-network/graph.js';
import { topologicalOrder, type InputNode, type Node } from '../2-network/network.js';
import type { LinearPath } from '../4-contraction-order/contraction.js';
import { choosePath } from '../4-contraction-order/registry.js';
import { checkEinsumResources, checkNetworkResources, resourceLimits } from './resource-limits.js';
import { lowerNetwork, lowerNetworks, type LoweredPlan, type NetworkInput, type NetworkLowering } from '../5-lower/lower-network.js';
import type { LoweringParameters } from '../5-lower/lowering-parameters.js';
import { emitModule } from '../6-emit-js/emit-module.js';
import { shareKernels } from '../6-emit-js/share-kernels.js';
import { emitPlan } from '../6-emit-js/emit-plan.js';
import { withWasmKernels, type WasmPolicy } from '../6-emit-wasm/emit-wasm-plan.js';
import { withWasmSums } from '../6-emit-wasm/emit-wasm-sums.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DType } from '../../runtime/strided-array.js';
import { loweringParameters, type CompileOptions } from './options.js';
import { fail } from '../diagnostics/pipeline-errors.js';

/**
 * Code generation, for both kinds of network:
 *   einsum:   EinsumSpec → one-Contract network → path → loop nests → JS (+ wasm) plan
 *   program:  IR roots → bound sizes → per-Contract paths → loop nests → JS (+ wasm) plan
 * One lowering entry (5-lower's lowerNetwork) serves both.
 */

/** Operand strides, one list per operand. */
export type Layout = readonly (readonly number[])[];

/** The contraction path of an einsum: `options.path`, else the optimizer named by `optimize`. */
export function einsumPath(spec: EinsumSpec, options: CompileOptions): LinearPath {
  const limits = resourceLimits(options.limits);
  if (options.path) {
    checkEinsumResources(spec, options.path, limits);
    return options.path;
  }
  const where = { source: spec.subscripts, span: { start: 0, end: spec.subscripts.length } };
  const path = choosePath(spec, { optimize: options.optimize, memoryLimit: options.memoryLimit, optimizers: options.optimizers, where });
  const linear = path.length === 0 ? [[0]] : path;
  checkEinsumResources(spec, linear, limits);
  return linear;
}

/** An einsum lowered along `path` for operands laid out with `strides`: its network's only Contract. */
export function lowerEinsum(spec: EinsumSpec, path: LinearPath, strides: Layout, dtype: DType, params: LoweringParameters): LoweredPlan {
  const { inputs, root } = einsumNetwork(spec, createGraph());
  const planInputs = inputs.map((input, k) => ({ name: einsumOperandName(k), shape: input.shape as number[], stride: strides[k]! }));
  return lowerNetwork(root, { inputs: planInputs, binding: new Map(), dtype, params, choosePath: () => path, external: new Map() });
}

/** One einsum plan for operands laid out with `strides`. */
export function planEinsum(spec: EinsumSpec, path: LinearPath, strides: Layout, options: CompileOptions, wasm?: WasmPolicy): ExecutionPlan {
  const lowered = lowerEinsum(spec, path, strides, options.dtype ?? 'float64', loweringParameters(options));
  return render(lowered, wasm);
}

/** A standalone ES module computing an einsum on row-major operands (JavaScript kernels only). */
export function einsumModule(spec: EinsumSpec, options: CompileOptions): string {
  const shapes = spec.inputs.map((labels) => labels.map((l) => spec.sizes.get(l)!));
  return emitModule(planEinsum(spec, einsumPath(spec, options), shapes.map((s) => rowMajorStrides(s)), options));
}

/** A network's inputs by name (first node of each name), their shapes, and every size bound. */
export interface NetworkInputs {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly binding: SizeBinding;
}

/**
 * Binds the input shapes of the DAG under `roots` (the one binder: missing_input,
 * input_shape_disagrees, input_size_conflict); `sizes` binds symbols no input carries (a lone δ).
 */
export function networkInputs(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  sizes: Readonly<Record<string, number>> = {}): NetworkInputs {
  const nodes = topologicalOrder(roots).filter((n): n is InputNode => n.kind === 'input');
  const inputNodes = [...new Map(nodes.map((n) => [n.name, n])).values()];
  const shaped: Record<string, { shape: readonly number[] }> = Object.create(null);
  for (const [name, shape] of Object.entries(shapes)) shaped[name] = { shape };
  const bound = bindSizes(inputNodes, shaped);
  return { names: inputNodes.map((n) => n.name), shapes: inputNodes.map((n) => shapes[n.name]!), binding: new Map([...Object.entries(sizes), ...bound]) };
}

/** The matrix-function nodes under `roots`: computed outside the plans, they enter as extra inputs. */
export function matrixFunctionsOf(roots: readonly Node[]): readonly Node[] {
  return topologicalOrder(roots).filter((n) => n.kind === 'matfn');
}

/** The plan inputs: the named inputs, then one per matrix function, with their shapes. */
export function planInputShapes(inputs: NetworkInputs, matrixFunctions: readonly Node[]): (readonly number[])[] {
  return [...inputs.shapes, ...matrixFunctions.map((n) => n.shape.map((s) => resolveSize(s, inputs.binding)))];
}

/**
 * One plan per target, each reading `computed` (matrix functions, then values earlier targets
 * computed) as extra inputs after the named ones: a target is lowered down to the computed nodes
 * below it, never through them. A target that is itself a computed value is read (a matrix
 * function, run outside the plans) or lowered (a value this stage computes for later ones).
 * Every plan has the same input list; resource limits are checked before anything is lowered.
 */
export function planStages(targets: readonly Node[], inputs: NetworkInputs, computed: readonly Node[],
  strides: Layout, options: CompileOptions, wasm?: WasmPolicy): ExecutionPlan[] {
  checkNetworkResources(targets, inputs.binding, resourceLimits(options.limits));
  assertNonEmptyReductions(targets, inputs.binding);
  return targets.map((target) => {
    const lowered = (n: Node): boolean => n === target && n.kind !== 'matfn';
    const external = new Map(computed.flatMap((n, j) => (lowered(n) ? [] : [[n.id, inputs.names.length + j] as const])));
    return renderNetwork(lowerNetwork(target, networkLowering(inputs, computed, strides, options, external)), wasm);
  });
}

/**
 * All `roots` as one plan (a value and its gradients): `roots[0]` is its output, the others its
 * further results, every node under several roots computed once; `matrixFunctions` (inv, det,
 * logdet, run outside) are read as extra inputs after the named ones.
 */
export function planTogether(roots: readonly Node[], inputs: NetworkInputs, matrixFunctions: readonly Node[],
  strides: Layout, options: CompileOptions, wasm?: WasmPolicy): ExecutionPlan {
  checkNetworkResources(roots, inputs.binding, resourceLimits(options.limits));
  assertNonEmptyReductions(roots, inputs.binding);
  const external = new Map(matrixFunctions.map((n, j) => [n.id, inputs.names.length + j] as const));
  return renderNetwork(lowerNetworks(roots, networkLowering(inputs, matrixFunctions, strides, options, external)), wasm);
}

function networkLowering(inputs: NetworkInputs, computed: readonly Node[], strides: Layout, options: CompileOptions,
  external: ReadonlyMap<number, number>): NetworkLowering {
  const planInputs: NetworkInput[] = planInputShapes(inputs, computed).map((shape, k) => ({ name: inputs.names[k] ?? '', shape, stride: strides[k]! }));
  const choose = (p: Parameters<typeof choosePath>[0]): LinearPath =>
    choosePath(p, { optimize: options.optimize, memoryLimit: options.memoryLimit, optimizers: options.optimizers });
  return { inputs: planInputs, binding: inputs.binding, dtype: options.dtype ?? 'float64', params: loweringParameters(options), choosePath: choose, external };
}

/** A standalone ES module for one root without matrix functions; `run` takes inputs in `names` order. */
export function networkModule(root: Node, inputs: NetworkInputs, options: CompileOptions): string {
  // compiled plans compute inv/det/logdet outside their kernels; a module standing alone has nowhere to
  const matrixFunction = matrixFunctionsOf([root])[0];
  if (matrixFunction?.kind === 'matfn') fail('module_matrix_function', undefined, matrixFunction.fn);
  const [plan] = planStages([root], inputs, [], inputs.shapes.map((s) => rowMajorStrides(s)), options);
  return emitModule(plan!);
}

/** Loop nests → JavaScript kernels, plus WebAssembly for the matrix-product steps `wasm` selects. */
function render(lowered: LoweredPlan, wasm: WasmPolicy | undefined): ExecutionPlan {
  const plan = emitPlan(lowered);
  return shareKernels(wasm ? withWasmKernels(plan, lowered, wasm) : plan);
}

/**
 * A network's plan: `render`'s, plus WebAssembly for the sums that pay (tanh(X W + b)); apart from
 * `render` so that a bundle of einsum alone (no sums) leaves the sum emitter out.
 */
function renderNetwork(lowered: LoweredPlan, wasm: WasmPolicy | undefined): ExecutionPlan {
  const plan = emitPlan(lowered);
  return shareKernels(wasm ? withWasmSums(withWasmKernels(plan, lowered, wasm), lowered, wasm) : plan);
}
