import { bindSizes } from '../2-network/bind-sizes.js';
import { evaluateOne } from '../2-network/evaluate-network.js';
import { topologicalOrder, type Node } from '../2-network/network.js';
import { reduceAlong } from '../../runtime/reductions.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { allocating, createVariants, finiteOrFail, sourceOf } from './instantiate.js';
import { checkOptions, type CompileOptions } from './options.js';
import { matrixFunctionsOf, networkInputs, networkModule, planInputShapes, planStages } from './plan.js';

/**
 * The pipeline for IR roots (a derivative's result, any network): bind the input shapes → plans
 * (per-Contract paths, loop nests, kernels) → instantiated plans. Matrix functions (inv, det,
 * logdet) run in the reference evaluator at run time and enter the plans as extra inputs;
 * reductions (max, min, logsumexp) run between plans on their argument, which a plan computes.
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
 * first) and each reduction's argument as its own plan, whose value later plans read as an extra
 * input, each reduction computed from its argument's value (runtime/reductions.ts), then one plan
 * per root. inv/det/logdet run in the reference evaluator.
 */
export function compileStages(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions, shared: readonly Node[]): CompiledNetwork {
  checkOptions(options);
  const inputs = networkInputs(roots, shapes, options.sizes);
  const compiled = inputs.names.map((name, k) => ({ name, shape: inputs.shapes[k]! }));
  const matrixFunctions = matrixFunctionsOf(roots);
  const staged = stagedNodes(roots, shared);
  const computed = [...matrixFunctions, ...staged];
  const planned = staged.filter((n) => n.kind !== 'reduce');
  const targets = [...planned, ...roots.filter((r) => !staged.includes(r))];
  const dtype = options.dtype ?? 'float64';
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
      const operandOf = (n: Node): StridedArray =>
        (n.kind === 'input' ? given[n.name]! : operands[inputs.names.length + computed.indexOf(n)]!);
      const runPlan = (k: number): DenseArray => {
        const plan = plans[k]!;
        return finiteOrFail(allocating(() => plan.run(operands, variants.pool), 'the result', plan.plan.outputShape), operands);
      };
      let planIndex = 0;
      for (const n of staged) {
        const value = n.kind === 'reduce' ? finiteOrFail(reduceAlong(n.op, operandOf(n.arg), n.axes, dtype), operands) : runPlan(planIndex++);
        results.set(n, value);
        operands.push(value);
      }
      for (let k = planIndex; k < targets.length; k++) results.set(targets[k]!, runPlan(k));
      return roots.map((r) => results.get(r)!);
    },
  };
}

/**
 * The nodes computed before the roots' plans, children first: the shared ones, every reduction,
 * and each reduction's argument unless it is an input or a matrix function (values already given).
 */
function stagedNodes(roots: readonly Node[], shared: readonly Node[]): Node[] {
  const order = topologicalOrder(roots);
  const reductions = order.filter((n) => n.kind === 'reduce');
  const chosen = new Set<Node>([...shared, ...reductions]);
  for (const r of reductions) if (r.kind === 'reduce' && r.arg.kind !== 'input' && r.arg.kind !== 'matfn') chosen.add(r.arg);
  return order.filter((n) => chosen.has(n));
}

/**
 * A standalone ES module (no ricci import) for one root without matrix functions or reductions. Its `run` takes
 * the inputs positionally in the order of `inputs` (names never enter the source).
 */
export function emitNetworkModule(root: Node, shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): { readonly source: string; readonly inputs: readonly string[] } {
  const inputs = networkInputs([root], shapes, checkOptions(options).sizes);
  return { source: networkModule(root, inputs, options), inputs: inputs.names };
}
