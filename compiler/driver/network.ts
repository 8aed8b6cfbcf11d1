import { bindSizes } from '../2-network/bind-sizes.js';
import { evaluateOne } from '../2-network/evaluate-network.js';
import type { Node } from '../2-network/network.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { allocating, createVariants, finiteOrFail, sourceOf } from './instantiate.js';
import { checkOptions, type CompileOptions } from './options.js';
import { matrixFunctionsOf, networkInputs, networkModule, planInputShapes, planNetwork } from './plan.js';

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
  checkOptions(options);
  const inputs = networkInputs(roots, shapes, options.sizes);
  const compiled = inputs.names.map((name, k) => ({ name, shape: inputs.shapes[k]! }));
  const matrixFunctions = matrixFunctionsOf(roots);
  const rowMajor = planInputShapes(inputs, matrixFunctions).map((s) => rowMajorStrides(s));
  const variants = createVariants((strides, wasm) => planNetwork(roots, inputs, matrixFunctions, strides, options, wasm), rowMajor, options);
  return {
    plans: variants.rowMajor.map((v) => v.plan),
    source: sourceOf(variants.rowMajor),
    inputs: inputs.names,
    run: (given) => {
      bindSizes(compiled, given);
      const named = inputs.names.map((name) => given[name]!);
      const arrays = [...named, ...matrixFunctions.map((n) => evaluateOne(n, given))];
      return variants.for(arrays).map((v) => finiteOrFail(allocating(() => v.run(arrays, variants.pool), 'the result', v.plan.outputShape), arrays));
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
