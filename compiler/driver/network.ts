import { bindSizes } from '../2-network/bind-sizes.js';
import { evaluateOne } from '../2-network/evaluate-network.js';
import type { Node } from '../2-network/network.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { createCheckedCopy } from './checked-copy.js';
import { allocating, createVariants, finiteOrFail, largestShape, sourceOf } from './instantiate.js';
import { checkOptions, type CompileOptions } from './options.js';
import { matrixFunctionsOf, networkInputs, networkModule, planInputShapes, planStages, planTogether } from './plan.js';

/**
 * The pipeline for IR roots (a derivative's result, any network): bind the input shapes → plans
 * (per-Contract paths, loop nests, kernels) → instantiated plans. Matrix functions (inv, det,
 * logdet) run in the reference evaluator at run time and enter the plans as extra inputs.
 */
export interface CompiledNetwork {
  /** One plan per root, or one for all roots (compileSharedNetwork), for row-major inputs. */
  readonly plans: readonly ExecutionPlan[];
  /** The kernels of every root's plan, as JavaScript. */
  readonly source: string;
  /** The names of the inputs `run` reads. */
  readonly inputs: readonly string[];
  /** Binds the inputs against the compiled shapes (the one binder's codes), then runs every root. */
  run(inputs: Readonly<Record<string, StridedArray>>): DenseArray[];
  /**
   * The inputs `run` reads, in the order of `inputs`, as dense row-major arrays of the compiled
   * shapes that the first plan reads in place (runtime/instantiate-plan.ts's `residentInputs`; a
   * further plan, compileNetwork's second root's, copies them in as any array). Matrix functions'
   * values are computed per run and stay staged. The same arrays on every call.
   */
  residentInputs(): readonly DenseArray[];
}

export function compileNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  return compileStages(roots, shapes, options, false);
}

/**
 * The roots as plans: one per root (`together` false), or all in one plan whose output is the
 * first root and whose further results are the others, so a node under several roots is computed
 * once and stays in the plan's buffers. inv/det/logdet run in the reference evaluator and enter
 * as extra inputs. Every result is checked to be finite (given finite inputs): a result one
 * WebAssembly step writes whole, as it is copied out of the arena (checked-copy.ts); the rest after the run.
 */
export function compileStages(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions, together: boolean): CompiledNetwork {
  checkOptions(options);
  const inputs = networkInputs(roots, shapes, options.sizes);
  const compiled = inputs.names.map((name, k) => ({ name, shape: inputs.shapes[k]! }));
  const matrixFunctions = matrixFunctionsOf(roots);
  const rowMajor = planInputShapes(inputs, matrixFunctions).map((s) => rowMajorStrides(s));
  // the layout of the given operands picks the variant; matrix functions' values are row-major
  const checked = createCheckedCopy();
  const variants = createVariants((strides, wasm) => {
    const layout = [...strides, ...rowMajor.slice(strides.length)];
    return together ? [planTogether(roots, inputs, matrixFunctions, layout, options, wasm)] : planStages(roots, inputs, matrixFunctions, layout, options, wasm);
  }, rowMajor, options, checked.copy);
  return {
    plans: variants.rowMajor.map((v) => v.plan),
    source: sourceOf(variants.rowMajor),
    inputs: inputs.names,
    residentInputs: () => allocating(() => (variants.rowMajor[0]?.residentInputs() ?? []).slice(0, inputs.names.length),
      'the resident inputs, the largest', largestShape(inputs.shapes)),
    run: (given) => {
      bindSizes(compiled, given);
      const operands: StridedArray[] = [...inputs.names.map((name) => given[name]!), ...matrixFunctions.map((n) => evaluateOne(n, given))];
      const plans = variants.for(operands);
      const finite: boolean[] = [];
      const values = plans.flatMap((plan) => {
        const results: DenseArray[] = [];
        const output = allocating(() => plan.run(operands, variants.pool, results), 'the result', plan.plan.outputShape);
        finite.push(...checked.finite(plan.plan, [output, ...results]));
        return [output, ...results];
      });
      return values.map((value, k) => (finite[k] ? value : finiteOrFail(value, operands)));
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
