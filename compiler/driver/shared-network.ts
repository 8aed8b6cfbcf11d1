import { bindSizes } from '../2-network/bind-sizes.js';
import { evaluateOne } from '../2-network/evaluate-network.js';
import { childrenOf, topologicalOrder, type Node } from '../2-network/network.js';
import { rowMajorStrides, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { allocating, createVariants, finiteOrFail, sourceOf } from './instantiate.js';
import type { CompiledNetwork } from './network.js';
import { checkOptions, type CompileOptions } from './options.js';
import { matrixFunctionsOf, networkInputs, planInputShapes, planStages } from './plan.js';

/**
 * Several roots that share subexpressions (a value and its gradients: the forward pass, the
 * adjoints) as one compiled network computing each shared node once:
 *   shared nodes in topological order, each its own plan reading the ones below it → the roots,
 *   each a plan reading the shared nodes.
 * A node is shared when it is an operation (not an input, constant or δ) under two or more roots.
 */
export function compileSharedNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  checkOptions(options);
  const inputs = networkInputs(roots, shapes, options.sizes);
  const compiled = inputs.names.map((name, k) => ({ name, shape: inputs.shapes[k]! }));
  const matrixFunctions = matrixFunctionsOf(roots);
  const shared = sharedNodes(roots);
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

/** Operations under two or more roots (or a root under another), children first. */
function sharedNodes(roots: readonly Node[]): Node[] {
  const reach = new Map<number, number>();
  for (const root of roots) for (const n of topologicalOrder([root])) reach.set(n.id, (reach.get(n.id) ?? 0) + 1);
  return topologicalOrder(roots).filter((n) => (reach.get(n.id) ?? 0) >= 2 && childrenOf(n).length > 0 && n.kind !== 'matfn');
}
