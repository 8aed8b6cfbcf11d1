/**
 * ricci's public surface. Nothing inside the project imports src/. Graphviz rendering lives at the
 * subpath `ricci/graphviz` (src/graphviz.ts), so bundling this entry never touches @viz-js/viz, and
 * threads at `ricci/threads` (src/threads.ts), so it never carries the worker pool.
 */

// errors
export { RicciError, isRicciError } from '../compiler/diagnostics/ricci-error.js';
export type { Code as RicciErrorCode } from '../compiler/diagnostics/messages.js';
export type { Span } from '../compiler/diagnostics/span.js';

// einsum and contraction paths
export { einsum, createEinsum, optimizeStrategies, type Einsum, type EinsumOptions, type EinsumInstanceOptions, type OptimizeStrategy } from './einsum.js';
export {
  compileEinsum, compileNetwork, emitModule, emitNetworkModule, createCompiledEinsumCache,
  type Backend, type CompileOptions, type CompiledEinsum, type CompiledNetwork, type CompiledEinsumCache,
} from './compile.js';
export {
  type KernelCache, type KernelCacheOptions, type KernelExecution, type RuntimeOptions, type LoweringParameters,
} from '../compiler/driver/index.js';
export type { ExecutionPlan } from '../runtime/execution-plan.js';
export type { TensorLike, NestedNumbers } from './tensor-like.js';
export type { SublistLabel } from './einsum-sublist.js';
export { contractPath, type ContractPathOptions } from './contract-path.js';
export {
  defaultOptimizers, type OptimizerRegistry, type PathInfo, type PathStepInfo, type PathOptimizer,
  type PathOptions, type ContractionProblem, type LinearPath,
} from '../compiler/driver/index.js';

// the Ricci language and its derivatives
export { parse } from './parse.js';
export type { Program, ProgramSource } from './parse.js';
export { evaluate, evaluateReference } from './evaluate.js';
export { grad, jacobian, hessian, derivative, Derivative } from './derive.js';
export { gradients, Gradients } from './gradients.js';
export type { CompiledGradients, GradientValues } from './gradients.js';
export { randomInputs, type RandomInputs, type RandomInputOptions } from './random-inputs.js';
export type { DeriveOptions, CheckOptions, CheckResult, CompiledDerivative, NdArray } from './derive.js';
export type { MatrixOptions, DiagramOptions, GradientsMatrixView } from './derivative-views.js';
export type { RenderedSteps, RenderedStep } from '../compiler/views/index-notation/render-steps.js';
export { type Expression, type DerivationStep, type RuleName } from '../compiler/driver/index.js';

// views that stand on their own
export { fromMatrixNotation } from '../compiler/driver/index.js';
export {
  toMatrixNotation, renderSteps, toKronecker, toDifferential, materializeKronecker, toLatex, toDiagram, toDiagramFrames, toPython, exportPython,
  printExpression, registerOptimizer, createKernelCache,
} from './checked.js';
export type { Layout, MatrixView } from '../compiler/views/matrix-notation/to-matrix-notation.js';
export type { KroneckerView } from '../compiler/views/kronecker/to-kronecker.js';
export type { VecOrder } from '../compiler/views/kronecker/kronecker-form.js';
export type { DiagramFormat } from '../compiler/views/diagram/to-diagram.js';
export type { PythonOptions } from '../compiler/driver/index.js';
