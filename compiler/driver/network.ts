import { bindSizes } from '../2-network/bind-sizes.js';
import { evaluateOne } from '../2-network/evaluate-network.js';
import type { Node } from '../2-network/network.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { allocating, createVariants, finiteOrFail, sourceOf } from './instantiate.js';
import { checkOptions, type CompileOptions } from './options.js';
import { matrixFunctionsOf, networkInputs, networkModule, planInputShapes, planStages } from './plan.js';

/**
 * The pipeline for IR roots (a derivative's result, any network): bind the input shapes → plans
 * (per-Contract paths, loop nests, kernels) → instantiated plans. Matrix functions (inv, det,
 * logdet) run in the reference evaluator at run time and enter the plans as extra inputs.
 */
export interface CompiledNetwork {
  /** One plan per root, for row-major inputs. */
  readonly plans: readonly ExecutionPlan[];
  /** The kernels of every root's plan, as JavaScript. */
  readonly source: string;
  /** The names of the inputs `run` reads. */
  readonly inputs: readonly string[];
  /** Binds the inputs against the compiled shapes (the one binder's codes), then runs every root. */
  run(inputs: Readonly<Record<string, StridedArray>>): DenseArray[];
}

export function compileNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  return compileStages(roots, shapes, options, []);
}

/**
 * The roots as staged plans: first each of `shared` (operations under several roots, children
 * first) as its own plan, whose value later plans read as an extra input, then one plan per root.
 * With no shared nodes this is one plan per root; inv/det/logdet run in the reference evaluator.
 */
export function compileStages(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions, shared: readonly Node[]): CompiledNetwork {
  checkOptions(options);
  const inputs = networkInputs(roots, shapes, options.sizes);
  const compiled = inputs.names.map((name, k) => ({ name, shape: inputs.shapes[k]! }));
  const matrixFunctions = matrixFunctionsOf(roots);
  const computed = [...matrixFunctions, ...shared];
  const targets = [...shared, ...roots.filter((r) => !shared.includes(r))];
  const rowMajor = planInputShapes(inputs, computed).map((s) => rowMajorStrides(s));
  // the layout of the given operands picks the variant; values computed here are row-major
  const variants = createVariants((strides, wasm) =>
    planStages(targets, inputs, computed, [...strides, ...rowMajor.slice(strides.length)], options, wasm), rowMajor, options);
  return {
    plans: variants.rowMajor.map((v) => v.plan),
    source: sourceOf(variants.rowMajor),
    inputs: inputs.names,
    run: (given) => {
      bindSizes(compiled, given);
      const operands: StridedArray[] = [...inputs.names.map((name) => given[name]!), ...matrixFunctions.map((n) => evaluateOne(n, given))];
      const plans = variants.for([...operands]);
      const results = new Map<Node, DenseArray>();
      targets.forEach((target, k) => {
        const plan = plans[k]!;
        const value = finiteOrFail(allocating(() => plan.run(operands, variants.pool), 'the result', plan.plan.outputShape), operands);
        results.set(target, value);
        if (k < shared.length) operands.push(value);
      });
      return roots.map((r) => results.get(r)!);
    },
  };
}

/**
 * A standalone ES module (no ricci import) for one root without matrix functions. Its `run` takes
 * the inputs positionally in the order of `inputs` (names never enter the source).
 */
export function emitNetworkModule(root: Node, shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): { readonly source: string; readonly inputs: readonly string[] } {
  const inputs = networkInputs([root], shapes, checkOptions(options).sizes);
  return { source: networkModule(root, inputs, options), inputs: inputs.names };
}
