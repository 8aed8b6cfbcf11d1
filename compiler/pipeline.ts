import { bindSizes, resolveSize, type SizeBinding } from './2-network/bind-sizes.js';
import type { EinsumSpec } from './2-network/einsum-spec.js';
import { topologicalOrder, type InputNode, type Node } from './2-network/network.js';
import { resolveEinsum } from './2-network/resolve-einsum.js';
import type { ContractionProblem, LinearPath } from './4-contraction-order/contraction.js';
import { choosePath, type OptimizerRegistry } from './4-contraction-order/registry.js';
import { lowerEinsum } from './5-lower/lower-einsum.js';
import { lowerNetwork, type NetworkInput } from './5-lower/lower-network.js';
import { defaultLoweringParameters, type LoweringParameters } from './5-lower/lowering-parameters.js';
import { emitModule as emitPlanModule } from './6-emit-js/emit-module.js';
import { emitPlan } from './6-emit-js/emit-plan.js';
import { withWasmKernels, type WasmPolicy } from './6-emit-wasm/emit-wasm-plan.js';
import { fail } from './diagnostics/ricci-error.js';
import type { ExecutionPlan } from '../runtime/execution-plan.js';
import { rowMajorStrides, type DType } from '../runtime/strided-array.js';

/**
 * The only place that sequences the compiler's stages for code generation:
 *   subscripts → EinsumSpec → path → loop nests → JS (+ wasm) plan
 *   IR roots → per-Contract paths → loop nests → JS (+ wasm) plan
 * Instantiating and running plans is the runtime's business (src/compile.ts wires the two).
 */
export interface PlanOptions {
  readonly optimize?: string | undefined;
  readonly memoryLimit?: number | undefined;
  readonly optimizers?: OptimizerRegistry | undefined;
  /** An explicit linear path (opt_einsum form) for an einsum; overrides `optimize`. */
  readonly path?: LinearPath | undefined;
  readonly dtype?: DType | undefined;
  readonly lowering?: Partial<LoweringParameters> | undefined;
  /** Which matrix-product steps also get a WebAssembly kernel; none when undefined. */
  readonly wasm?: WasmPolicy | undefined;
}

/** Operand strides, one list per operand. */
export type Layout = readonly (readonly number[])[];

export function loweringParameters(options: PlanOptions): LoweringParameters {
  return { ...defaultLoweringParameters, ...options.lowering };
}

/** The contraction path of an einsum: the optimizer named by `optimize` ('auto'), within `memoryLimit`. */
export function einsumPath(spec: EinsumSpec, options: PlanOptions): LinearPath {
  if (options.path) return options.path;
  const where = { source: spec.subscripts, span: { start: 0, end: spec.subscripts.length } };
  const path = choosePath(spec, { optimize: options.optimize, memoryLimit: options.memoryLimit, optimizers: options.optimizers, where });
  return path.length === 0 ? [[0]] : path;
}

/** One einsum plan for operands laid out with `strides`. */
export function planEinsum(spec: EinsumSpec, path: LinearPath, strides: Layout, options: PlanOptions): ExecutionPlan {
  const lowered = lowerEinsum(spec, path, strides, options.dtype ?? 'float64', loweringParameters(options));
  const plan = emitPlan(lowered);
  return options.wasm ? withWasmKernels(plan, lowered, options.wasm) : plan;
}

/** A standalone ES module computing an einsum on row-major operands of `shapes`. */
export function einsumModule(subscripts: string, shapes: Layout, options: PlanOptions): string {
  const spec = resolveEinsum(subscripts, shapes);
  return emitPlanModule(planEinsum(spec, einsumPath(spec, options), shapes.map((s) => rowMajorStrides(s)), { ...options, wasm: undefined }));
}

/** A network's inputs by name (first node of each name), their shapes, and every size bound. */
export interface NetworkInputs {
  readonly names: readonly string[];
  readonly shapes: readonly (readonly number[])[];
  readonly binding: SizeBinding;
}

/** Reads the input shapes of the DAG under `roots`; `sizes` binds symbols no input carries (a lone δ). */
export function networkInputs(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  sizes: Readonly<Record<string, number>> = {}): NetworkInputs {
  const nodes = topologicalOrder(roots);
  const inputNodes = [...new Map(nodes.filter((n): n is InputNode => n.kind === 'input').map((n) => [n.name, n])).values()];
  const names = inputNodes.map((n) => n.name);
  const declared = names.map((name) => (Object.hasOwn(shapes, name) ? shapes[name]! : fail('network_input_missing', undefined, name)));
  const shaped = names.map((name, k) => [name, { data: [], shape: declared[k]!, stride: rowMajorStrides(declared[k]!), offset: 0 }] as const);
  const bound = bindSizes(inputNodes, Object.fromEntries(shaped));
  return { names, shapes: declared, binding: new Map([...Object.entries(sizes), ...bound]) };
}

/** The matrix-function nodes under `roots`: computed outside the plans, they enter as extra inputs. */
export function matrixFunctionsOf(roots: readonly Node[]): readonly Node[] {
  return topologicalOrder(roots).filter((n) => n.kind === 'matfn');
}

/** The plan inputs: the named inputs, then one per matrix function, with their shapes. */
export function planInputShapes(inputs: NetworkInputs, matrixFunctions: readonly Node[]): (readonly number[])[] {
  return [...inputs.shapes, ...matrixFunctions.map((n) => n.shape.map((s) => resolveSize(s, inputs.binding)))];
}

/** One plan per root for inputs laid out with `strides` (named inputs, then matrix functions). */
export function planNetwork(roots: readonly Node[], inputs: NetworkInputs, matrixFunctions: readonly Node[],
  strides: Layout, options: PlanOptions): ExecutionPlan[] {
  const shapes = planInputShapes(inputs, matrixFunctions);
  const planInputs: NetworkInput[] = shapes.map((shape, k) => ({ name: inputs.names[k] ?? '', shape, stride: strides[k]! }));
  const external = new Map(matrixFunctions.map((n, j) => [n.id, inputs.names.length + j]));
  const choose = (p: ContractionProblem): LinearPath =>
    choosePath(p, { optimize: options.optimize, memoryLimit: options.memoryLimit, optimizers: options.optimizers });
  return roots.map((root) => {
    const lowered = lowerNetwork(root, {
      inputs: planInputs, binding: inputs.binding, dtype: options.dtype ?? 'float64', params: loweringParameters(options), choosePath: choose, external,
    });
    const plan = emitPlan(lowered);
    return options.wasm ? withWasmKernels(plan, lowered, options.wasm) : plan;
  });
}

/** A standalone ES module for one root without matrix functions; `run` takes inputs in `names` order. */
export function networkModule(root: Node, inputs: NetworkInputs, options: PlanOptions): string {
  const [plan] = planNetwork([root], inputs, [], inputs.shapes.map((s) => rowMajorStrides(s)), { ...options, wasm: undefined });
  return emitPlanModule(plan!);
}
