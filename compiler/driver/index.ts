/**
 * The driver: the one place that sequences the compiler's stages, for every entry point.
 *   einsum.ts   subscripts → spec → one-Contract network → path → plan  (einsum, compileEinsum, contractPath, emitModule)
 *   program.ts  source → AST → network → bound inputs → reference values (evaluate)
 *   derive.ts   source → AST → network → derivative → checks → values (grad, jacobian, hessian, derivative)
 *   network.ts  IR roots → bound shapes → plans → runnable (compileNetwork, a Derivative's compile)
 *   shared-network.ts  several IR roots → shared nodes computed once → plans (gradients)
 *   plan.ts     the code-generation stages both share; instantiate.ts their runtime side.
 *   random-inputs.ts  seeded, well-conditioned inputs of a program for numeric checks (randomInputs)
 * src/ imports the driver (this file and its modules), diagnostics, views and runtime types only.
 */
export { compileEinsum, contractPath, createEinsumPlans, einsumModule, parseEinsumCall,
  type CompiledEinsum, type EinsumCallOptions, type EinsumPlans } from './einsum.js';
export { compileNetwork, emitNetworkModule, type CompiledNetwork } from './network.js';
export { compileSharedNetwork } from './shared-network.js';
export { buildProgram, evaluateProgramReference, type BuiltProgram, type InputValues } from './program.js';
export {
  bindDerivative, bindDerivativeValues, assertCompiledDifferentiable, assertDerivativeInDomain, bindDerivativeShapes, checkDerivative, definitionNames, derive, derivativeRoots, deriveGradients, evaluateDerivativeReference, withCutValues,
  type DerivativeKind, type DerivedParts, type ResultForm,
} from './derive.js';
export { checkOptions, createIdentities, isKernelCache, optionsKey, type Backend, type CompileOptions } from './options.js';
export { mergeLimits, resourceLimits } from './resource-limits.js';
export { randomProgramInputs, type RandomInputs } from './random-inputs.js';
export { lowerEinsum, type Layout } from './plan.js';

// entry points that are one stage each: matrix-notation input (1-parse), the Python back end
export { fromMatrixNotation } from '../1-parse/matrix-input.js';
export { exportPython, toPython, type PythonOptions } from '../6-emit-python/export-python.js';

// what the public surface re-exports from the stages
export type { Program } from '../1-parse/ricci-ast.js';
export { parseRicci } from '../1-parse/ricci-parser.js';
export type { Graph } from '../2-network/graph.js';
export type { IndexName, InputNode, Node } from '../2-network/network.js';
export type { Definition, ProgramNetwork } from '../2-network/program.js';
export { printExpression } from '../2-network/print-network.js';
export { factorSharedContractions } from '../2-network/shared-factors.js';
export type { CheckOptions, CheckResult } from '../3-calculus/check-derivative.js';
export type { DerivationStep, Expression, RuleName } from '../3-calculus/derivation.js';
export type { DifferentiationMode } from '../3-calculus/differentiate.js';
export type { ContractionProblem, LinearPath } from '../4-contraction-order/contraction.js';
export type { PathOptimizer, PathOptions } from '../4-contraction-order/optimizer.js';
export type { PathInfo, PathStepInfo } from '../4-contraction-order/path-info.js';
export { defaultOptimizers, registerOptimizer, type OptimizerRegistry } from '../4-contraction-order/registry.js';
export type { LoweringParameters } from '../5-lower/lowering-parameters.js';
export { createBoundedCache, type BoundedCache } from '../../runtime/bounded-cache.js';
export { denseNdarray, toNdarray } from '../../runtime/from-ndarray.js';
export { createKernelCache, type KernelCache, type KernelCacheOptions, type KernelExecution } from '../../runtime/instantiate-kernel.js';
export { createResultSlab, type ResultSlab } from '../../runtime/result-slab.js';
export type { RuntimeOptions } from '../../runtime/runtime-options.js';
export { rowMajorStrides } from '../../runtime/strided-array.js';
export { threadSupport, type ThreadSupport } from '../../runtime/thread-support.js';
