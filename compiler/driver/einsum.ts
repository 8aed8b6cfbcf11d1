import type { EinsumAst } from '../1-parse/einsum-ast.js';
import { parseEinsum } from '../1-parse/einsum-parse.js';
import { checkOperandCount, resolveParsed } from '../2-network/resolve-einsum.js';
import type { LinearPath } from '../4-contraction-order/contraction.js';
import { describePath, type PathInfo } from '../4-contraction-order/path-info.js';
import { chooseContraction, type OptimizerRegistry } from '../4-contraction-order/registry.js';
import { showShape } from '../diagnostics/codes/catalogue.js';
import { fail } from '../diagnostics/pipeline-errors.js';
import { span } from '../diagnostics/span.js';
import { createBoundedCache } from '../../runtime/bounded-cache.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';
import type { ExecutionPlan } from '../../runtime/execution-plan.js';
import { rowMajorStrides, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { allocating, createVariants, largestShape, sourceOf } from './instantiate.js';
import { checkEinsumOptions, type CompileOptions } from './options.js';
import { einsumModule as emitEinsumModule, einsumPath, planEinsum } from './plan.js';

/**
 * einsum's pipeline, for every entry point that takes subscripts (einsum, compileEinsum,
 * contractPath, emitModule):
 *   parse (once per call) → resolve against the shapes → one-Contract network → path → plan
 * Operands arrive converted (src/ reads them once, with carets from this AST).
 */

/** Parses subscripts and checks the operand count (before any operand is read). */
export function parseEinsumCall(subscripts: string, operands: number): EinsumAst {
  const ast = parseEinsum(subscripts);
  checkOperandCount(ast, operands);
  return ast;
}

/** An einsum compiled for fixed shapes, running on strided arrays. */
export interface CompiledEinsum {
  readonly path: LinearPath;
  /** The plan for row-major operands. */
  readonly plan: ExecutionPlan;
  /** Its kernels, as JavaScript. */
  readonly source: string;
  /**
   * Checks the operand count and shapes, then runs the plan specialised to their strides; the
   * result goes into `output` when given (dense row-major, the plan's shape and dtype, sharing no
   * memory with an operand: src/ checks it) and is that array.
   */
  run(operands: readonly StridedArray[], output?: DenseArray): DenseArray;
  /** Runs without the checks: for callers whose cache key already fixed the shapes (einsum). */
  runTrusted(operands: readonly StridedArray[], output?: DenseArray): DenseArray;
  /** Dense row-major inputs the row-major plan reads in place (runtime/instantiate-plan.ts's `residentInputs`). */
  residentInputs(): readonly DenseArray[];
  /** A dense row-major output in the same memory, for `run`'s `output` (runtime/instantiate-plan.ts's `residentOutput`). */
  residentOutput(): DenseArray;
}

/**
 * Compiles an einsum for fixed shapes: resolve → path → network → loop nests → kernels →
 * instantiated plans. Other operand strides (transposed, sliced) get plans of their own on first use.
 */
export function compileEinsum(subscripts: string | EinsumAst, shapes: readonly (readonly number[])[], options: CompileOptions = {}): CompiledEinsum {
  checkEinsumOptions(options);
  const ast = typeof subscripts === 'string' ? parseEinsum(subscripts) : subscripts;
  const spec = resolveParsed(ast, shapes);
  const path = einsumPath(spec, options);
  const variants = createVariants((strides, wasm) => [planEinsum(spec, path, strides, options, wasm)], shapes.map((s) => rowMajorStrides(s)), options);
  const plan = variants.rowMajor[0]!.plan;
  const runTrusted = (operands: readonly StridedArray[], output?: DenseArray): DenseArray => {
    try {
      return variants.for(operands)[0]!.run(operands, variants.pool, undefined, output);
    } catch (e) {
      // a result too large for a typed array surfaces as a coded error, not a bare RangeError
      if (!(e instanceof RangeError)) throw e;
      return fail('einsum_allocation_failed', { source: spec.subscripts, span: span(0, spec.subscripts.length) },
        plan.outputShape, plan.outputShape.reduce((p, n) => p * n, 1));
    }
  };
  return {
    path, plan, source: sourceOf(variants.rowMajor), runTrusted,
    // arrays made at the caller's request: too large for memory is a coded error, not a RangeError
    residentInputs: () => allocating(() => variants.rowMajor[0]!.residentInputs(), 'the resident inputs, the largest', largestShape(shapes)),
    residentOutput: () => allocating(() => variants.rowMajor[0]!.residentOutput(), 'the resident output', plan.outputShape),
    run(operands, output) {
      // the caret under the term of the operand missing, extra or of the wrong shape
      const at = (k: number) => ({ source: ast.source, span: ast.inputs[Math.min(k, ast.inputs.length - 1)]!.span });
      if (operands.length !== shapes.length) fail('operand_count_mismatch', at(operands.length), shapes.length, operands.length);
      for (let k = 0; k < operands.length; k++) {
        const shape = shapes[k]!, given = operands[k]!.shape;
        if (!sameShape(given, shape)) fail('operand_shape_mismatch', at(k), k, showShape(shape), showShape(given));
      }
      return runTrusted(operands, output);
    },
  };
}

/** The options an einsum call may vary; the instance fixes the optimizer registry. */
export interface EinsumCallOptions {
  readonly optimize?: string | undefined;
  readonly memoryLimit?: number | undefined;
  readonly dtype?: CompileOptions['dtype'];
  readonly limits?: CompileOptions['limits'];
}

/**
 * Compiled einsums by (subscripts, shapes, options), least recently used evicted first, sharing
 * one kernel cache; owned by an einsum instance. A hit costs one key and one map lookup.
 */
export interface EinsumPlans {
  readonly size: number;
  get(subscripts: string | EinsumAst, shapes: readonly (readonly number[])[], options?: EinsumCallOptions): CompiledEinsum;
}

export function createEinsumPlans(capacity: number, optimizers?: OptimizerRegistry): EinsumPlans {
  const plans = createBoundedCache<string, CompiledEinsum>(capacity);
  const kernels = { cache: createKernelCache(4 * capacity), ...(optimizers ? { optimizers } : {}) };
  // the plan of the latest call, with what it was keyed on: a loop repeating one call compares
  // numbers instead of building the key (it is also the cache's newest entry, so no order changes)
  let last: { readonly text: string; readonly shapes: readonly (readonly number[])[]; readonly options: EinsumCallOptions; readonly plan: CompiledEinsum } | undefined;
  return {
    get size() { return plans.size; },
    get(subscripts, shapes, options = {}) {
      const text = typeof subscripts === 'string' ? subscripts : subscripts.source;
      if (last !== undefined && last.text === text && sameCallOptions(last.options, options) && sameShapes(last.shapes, shapes)) return last.plan;
      const plan = plans.getOrCreate(planKey(text, shapes, options), () => compileEinsum(subscripts, shapes, { ...options, ...kernels }));
      last = { text, shapes: shapes.map((s) => [...s]), options: { optimize: options.optimize, memoryLimit: options.memoryLimit, dtype: options.dtype, limits: options.limits }, plan };
      return plan;
    },
  };
}

function sameCallOptions(a: EinsumCallOptions, b: EinsumCallOptions): boolean {
  // calls with limits always take the keyed path: a limits object may be mutated between calls
  return a.optimize === b.optimize && a.memoryLimit === b.memoryLimit && a.dtype === b.dtype && a.limits === undefined && b.limits === undefined;
}

function sameShapes(a: readonly (readonly number[])[], b: readonly (readonly number[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!sameShape(a[k]!, b[k]!)) return false;
  return true;
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  if (x.length !== y.length) return false;
  for (let d = 0; d < x.length; d++) if (x[d] !== y[d]) return false;
  return true;
}

/** Everything that changes an einsum's plan, as one string (built by hand: this runs on every cached call). */
function planKey(subscripts: string, shapes: readonly (readonly number[])[], options: EinsumCallOptions): string {
  let key = `${subscripts}\u0000`;
  shapes.forEach((shape, k) => {
    if (k > 0) key += ';';
    for (let d = 0; d < shape.length; d++) key += d === 0 ? `${shape[d]}` : `,${shape[d]}`;
  });
  const limits = options.limits === undefined ? '' : JSON.stringify(Object.entries(options.limits).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${key}\u0000${options.optimize ?? 'auto'}\u0000${options.memoryLimit ?? ''}\u0000${options.dtype ?? 'float64'}\u0000${limits}`;
}

/** The contraction path numpy.einsum_path would report, explained (the optimizer named by `optimize`). */
export function contractPath(subscripts: string, shapes: readonly (readonly number[])[],
  options: Parameters<typeof chooseContraction>[1] = {}): PathInfo {
  const spec = resolveParsed(parseEinsum(subscripts), shapes);
  const choice = chooseContraction(spec, { ...options, where: { source: subscripts, span: span(0, subscripts.length) } });
  return describePath(spec, choice.path, choice.proven);
}

/** A standalone ES module computing an einsum on row-major operands of `shapes`. */
export function einsumModule(subscripts: string, shapes: readonly (readonly number[])[], options: CompileOptions = {}): string {
  return emitEinsumModule(resolveParsed(parseEinsum(subscripts), shapes), checkEinsumOptions(options));
}
