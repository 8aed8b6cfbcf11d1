import type { Declaration, Program, SizeLiteral } from '../1-parse/ricci-ast.js';
import { parseRicci } from '../1-parse/ricci-parser.js';
import type { Shaped, SizeBinding } from '../2-network/bind-sizes.js';
import type { IndexName, InputNode, MapNode, Node } from '../2-network/network.js';
import { transplant } from '../2-network/transplant.js';
import type { Definition, ProgramNetwork } from '../2-network/program.js';
import { createCanonicaliser, type Canonicaliser } from '../3-calculus/canonical-form.js';
import { checkDerivative as checkAgainstDifferences, type CheckOptions, type CheckResult } from '../3-calculus/check-derivative.js';
import type { DerivationStep, Expression } from '../3-calculus/derivation.js';
import { differentiate, type DifferentiationMode } from '../3-calculus/differentiate.js';
import type { AdjointName, NamedAdjoint } from '../3-calculus/differentiate-reverse.js';
import { substituteAdjoints } from '../3-calculus/substitute-adjoints.js';
import { simplify } from '../3-calculus/simplify.js';
import { evaluateExpression } from '../3-calculus/evaluate-expression.js';
import { assertDifferentiableMaps, assertInDomain, assertNotAtKinks, domainMaps, kinkedMaps } from '../3-calculus/non-differentiable.js';
import { resultIndices } from '../3-calculus/result-indices.js';
import { asScalar } from '../3-calculus/scalar-result.js';
import { assertDistributionInputs } from '../2-network/distribution-inputs.js';
import { assertNonEmptyReductions } from '../2-network/empty-reductions.js';
import { assertSymmetricInputs, symmetricInputs } from '../3-calculus/symmetric-inputs.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { allocating, finiteOrFail } from './instantiate.js';
import { checkNetworkResources, resourceLimits, type ResourceLimits } from './resource-limits.js';
import { bindProgramInputs, buildProgram, evaluateProgramReference, splitInputs, writtenCall, type BuiltProgram, type InputSplit, type InputValues } from './program.js';

/**
 * The derivative pipeline (grad, jacobian, hessian, derivative):
 *   source → parse → build → differentiate by index rules (one wrt at a time) → canonical form
 * and, for values, bind every given input → checks (differentiable point, symmetry) → compiled
 * kernels (`evaluate`) or the reference evaluator (`evaluateReference`, the oracle).
 */

/** How a result is printed: the sums it keeps whole, the definitions it names, and the sizes it names. */
export interface ResultForm {
  readonly factored: ReadonlySet<Node>;
  readonly names: ReadonlyMap<Node, string>;
  /** Declared sizes' Kronecker deltas by the size's name: a size used as a value (`/ n`, `mean[i]`) prints n, not δ[j,j]. */
  readonly sizes: ReadonlyMap<Node, string>;
}

/** A derivative as the compiler produces it; src/ wraps it in the Derivative class. */
export interface DerivedParts {
  readonly built: BuiltProgram;
  readonly of: Definition;
  readonly wrt: readonly InputNode[];
  readonly result: Expression;
  /**
   * The result with its named adjoints (δz2) replaced by what they stand for: what evaluation and
   * compiled kernels compute (the result's node itself when no adjoint is named).
   */
  readonly evaluable: Node;
  /** The adjoints the result is written in terms of: `δz2` = ∂of/∂z2, in the order they were named. */
  readonly adjoints: readonly NamedAdjoint[];
  /**
   * The result's own name when it is a named adjoint: ∂C/∂z1 with `z1` among the adjoints is `δz1`,
   * the left-hand side of backprop's recursion (δz1 = (W2ᵀ δz2) ⊙ f′(z1)).
   */
  readonly symbol?: string;
  readonly steps: readonly DerivationStep[];
  readonly form: ResultForm;
  /** The inputs the result reads (required for its values) and the others (checked when given). */
  readonly inputs: InputSplit;
  /**
   * Definitions differentiated with respect to (adjoints, ∂C/∂z): `built` is the program cut
   * there (each became an input), and their values come from the original program.
   */
  readonly cut: { readonly original: BuiltProgram; readonly names: readonly string[] };
  /** Found once, checked on every call with values: kinked functions and symmetric inputs. */
  readonly kinked: readonly MapNode[];
  /**
   * Functions in what is differentiated that are defined on part of the line only (log, √, x^-1):
   * the derivative has values only where they do (non-differentiable.ts `domainMaps`).
   */
  readonly domain: readonly MapNode[];
  readonly symmetric: readonly InputNode[];
}

export type DerivativeKind = 'grad' | 'jacobian' | 'hessian' | 'derivative';

/**
 * ∂of/∂wrt₁…∂wrtₙ: the result has of's axes, then each wrt's. grad needs a scalar `of`.
 * `adjoints` name definitions whose adjoints the result is written in terms of (`z2` → `δz2` =
 * ∂of/∂z2): backprop's recursion, δz1 = (W2ᵀ δz2) ⊙ f′(z1). First derivatives only.
 */
export function derive(source: string | Program, kind: DerivativeKind, of: string, wrt: readonly string[],
  mode: DifferentiationMode = 'forward', adjoints: readonly string[] = []): DerivedParts {
  const original = buildProgram(source);
  const cutNames = [...new Set(wrt.filter((name) => name !== of && !original.network.inputs.has(name) && original.network.definitions.has(name)))];
  const built = cutNames.length === 0 ? original : withDeclaredSizesOf(original,
    buildProgram(cutAt(typeof source === 'string' ? parseRicci(source) : source, original.network, cutNames)));
  const named = adjointNames(original.network, built.network, of, wrt, adjoints);
  const parts = differentiateIn(prepare(built, kind, of), wrt, mode, { original, names: cutNames }, named);
  return cutNames.length === 1 && adjoints.includes(cutNames[0]!) ? { ...parts, symbol: adjointSymbol(cutNames[0]!) } : parts;
}

/** The adjoint convention: a definition `z2` has its adjoint ∂of/∂z2 written `δz2`. */
export function adjointSymbol(definition: string): string {
  return `δ${definition}`;
}

/**
 * Each named definition's node in the (cut) program with its symbol; the variable itself is not
 * replaced (∂C/∂z1 with z1 named is still written out in terms of the others).
 */
function adjointNames(original: ProgramNetwork, built: ProgramNetwork, of: string, wrt: readonly string[],
  adjoints: readonly string[]): Map<Node, AdjointName> {
  const named = new Map<Node, AdjointName>();
  if (adjoints.length === 0) return named;
  if (wrt.length > 1) fail('adjoints_need_first_derivative', undefined, wrt.length);
  for (const name of adjoints) {
    const d = original.definitions.get(name);
    if (!d || name === of) fail('adjoint_not_intermediate', undefined, name, of, listOf([...original.definitions.keys()].filter((n) => n !== of)));
    const symbol = adjointSymbol(name);
    if (original.inputs.has(symbol) || original.definitions.has(symbol))
      fail('adjoint_name_taken', { source: original.source, span: (original.definitions.get(symbol) ?? d).span }, symbol, name);
    const node = built.definitions.get(name)?.node;
    if (wrt.includes(name) || !node || node.kind === 'input' || node.kind === 'const') continue;
    named.set(node, { definition: name, symbol });
  }
  return named;
}

/**
 * The gradient of a scalar `of` with respect to each variable in `wrt`, all in one graph and with one
 * canonicaliser, so the results share their subexpressions (forward values, adjoints) node for
 * node: compiled together (compileSharedNetwork) each is computed once. `value` is `of`'s node.
 * `adjoints` write every gradient in terms of the named δ's, as `derive`'s do. A variable that is a
 * definition (the adjoint ∂of/∂z) is derived as `derive` derives it, in the program cut there (its
 * `parts`, for the views and `check`); `plan` has it moved into the one graph, the cut input
 * replaced by the definition's node, so its value comes from the same forward pass.
 */
export function deriveGradients(source: string | Program, of: string, wrt: readonly string[],
  mode: DifferentiationMode = 'reverse', adjoints: readonly string[] = []): GradientParts {
  const built = buildProgram(source);
  const prepared = prepare(built, 'grad', of);
  if (wrt.length === 0) fail('gradients_without_variables', undefined, of);
  const program = built.network;
  const isCut = (name: string) => name !== of && !program.inputs.has(name) && program.definitions.has(name);
  // the symbols δz are inputs of the one graph, so every gradient reads the same δz2 node
  const parts = wrt.map((name) => (isCut(name) ? derive(source, 'grad', of, [name], mode, adjoints)
    : differentiateIn(prepared, [name], mode, { original: built, names: [] }, adjointNames(program, program, of, [name], adjoints))));
  const plan = parts.map((p, k) => (isCut(wrt[k]!) ? joined(prepared, p) : p));
  // the value in the canonical form the gradients use, so that it shares their forward pass
  return { value: prepared.canonical.node(prepared.definition.node), parts, plan };
}

/** `deriveGradients`' answer: `parts[k]` is wrt[k]'s derivative, `plan[k]` the same in the one graph. */
export interface GradientParts {
  readonly value: Node;
  readonly parts: DerivedParts[];
  readonly plan: DerivedParts[];
}

/** A derivative taken in a cut program, its value moved into the whole program's graph (cut inputs → their definitions). */
function joined({ built, canonical }: Prepared, p: DerivedParts): DerivedParts {
  const program = built.network;
  const evaluable = transplant(program.graph, p.evaluable, (n) => {
    const d = p.cut.names.includes(n.name) ? program.definitions.get(n.name) : undefined;
    return d ? canonical.node(d.node) : program.inputs.get(n.name)!;
  });
  return { ...p, built, evaluable, inputs: splitInputs(built, [evaluable]), cut: { original: built, names: [] } };
}

interface Prepared {
  readonly built: BuiltProgram;
  readonly definition: Definition;
  readonly canonical: Canonicaliser;
}

function prepare(built: BuiltProgram, kind: DerivativeKind, of: string): Prepared {
  const program = built.network;
  const definition = kind === 'grad' ? asScalar(program.graph, definitionOf(program, of)) : definitionOf(program, of);
  if (kind === 'grad' && definition.node.shape.length > 0)
    fail('grad_of_not_scalar', { source: program.source, span: definition.span }, of, definition.node.shape);
  // shared definitions stay factored in the result (t5 = t3 t3 is the factor t5, not 4 expanded terms)
  const definitions = [...program.definitions.values()].map((d) => d.node);
  const canonical = createCanonicaliser(program.graph, definitions.filter((n) => n.kind === 'contract' || n.kind === 'add'));
  return { built, definition, canonical };
}

function differentiateIn({ built, definition, canonical }: Prepared, wrt: readonly string[], mode: DifferentiationMode,
  cut: DerivedParts['cut'], named: ReadonlyMap<Node, AdjointName> = new Map()): DerivedParts {
  const program = built.network;
  const variables = wrt.map((name) => inputOf(program, name, definition.name));
  const names = resultIndices(program, definition, variables);
  let current: Expression = { node: definition.node, indices: definition.indices };
  const steps: DerivationStep[] = [];
  const adjoints: NamedAdjoint[] = [];
  // kinks matter in what is differentiated, not in the last result: x^1.5 at 0 has gradient 1.5·0^0.5 = 0
  const differentiated: { readonly node: Node; readonly wrt: Node }[] = [];
  variables.forEach((x, k) => {
    differentiated.push({ node: current.node, wrt: x });
    const d = differentiate(program.graph, current, x, names[k]!, mode, canonical, named);
    steps.push(...d.steps);
    adjoints.push(...d.adjoints);
    current = d.result;
  });
  const form = { factored: canonical.factored, names: definitionNames(program, canonical, definition.name), sizes: sizeNames(program) };
  // each δ put back, then simplified as a derivative is: the plain derivative's canonical form, so the
  // compiled plan is the plain one (the raw substitution made an MLP training step's plan 1.4× slower)
  const substituted = substituteAdjoints(program.graph, current.node, adjoints);
  const evaluable = adjoints.length === 0 ? substituted : simplify(program.graph, { node: substituted, indices: current.indices }, canonical).result.node;
  return {
    built, of: definition, wrt: variables, cut, result: current, evaluable, adjoints, steps, form, inputs: splitInputs(built, [evaluable]),
    kinked: [...new Set(differentiated.flatMap((d) => kinkedMaps([d.node], d.wrt)))], domain: domainMaps(differentiated.map((d) => d.node)),
    symmetric: symmetricInputs([evaluable]),
  };
}

/**
 * The program with each named definition replaced by an input of its shape: the derivative with
 * respect to that input is the adjoint ∂C/∂z of the definition (every path from z to C goes
 * through the input now, and nothing upstream of z depends on it).
 */
function cutAt(program: Program, network: ProgramNetwork, names: readonly string[]): Program {
  const statements = program.statements.map((s) => {
    if (s.kind !== 'definition' || !names.includes(s.name.text)) return s;
    const shape: SizeLiteral[] = network.definitions.get(s.name.text)!.node.shape.map((size) => (typeof size === 'number'
      ? { kind: 'integer', value: size, span: s.span } : { kind: 'symbol', name: size, span: s.span }));
    const declaration: Declaration = { kind: 'declaration', name: s.name, shape, symmetric: false, span: s.span };
    return declaration;
  });
  return { source: program.source, statements };
}

/** The cut program with the original's declared sizes: the declarations cutAt adds name inferred sizes. */
function withDeclaredSizesOf(original: BuiltProgram, cut: BuiltProgram): BuiltProgram {
  return { ...cut, network: { ...cut.network, declaredSizes: original.network.declaredSizes ?? new Set() } };
}

/**
 * Each declared size's Kronecker delta by the size's name, unless a tensor has that name: its trace
 * δ[j,j] = n (a size used as a value) prints as n (2-network/print-network.ts).
 */
function sizeNames(program: ProgramNetwork): Map<Node, string> {
  const sizes = [...program.declaredSizes ?? []].filter((s) => !program.inputs.has(s) && !program.definitions.has(s));
  return new Map(sizes.map((s) => [program.graph.delta(s), s]));
}

/** Each definition's node, and its canonical form where that is a different compound node, mapped to its name. */
export function definitionNames(program: ProgramNetwork, canonical?: Canonicaliser, of?: string): Map<Node, string> {
  const names = new Map<Node, string>();
  // only names the user wrote: matrix-notation input's helpers (t1 for tr(X)) print as what they
  // stand for; the differentiated value is named by the user's request (∂f/∂z = diag(f) − f fᵀ)
  const written = [...program.definitions.values()].filter((d) => d.name === of || isWrittenName(program.source, d));
  for (const d of written) names.set(d.node, d.name);
  if (canonical)
    for (const d of written) {
      const c = canonical.node(d.node);
      if (!names.has(c) && c.kind !== 'input' && c.kind !== 'const' && c.kind !== 'delta') names.set(c, d.name);
    }
  return names;
}

/** Whether `d`'s statement in the source starts with its name (`z[i] = …`), not a helper named by a translation. */
function isWrittenName(source: string, d: Definition): boolean {
  const text = source.slice(d.span.start, d.span.end);
  return text.startsWith(d.name) && !/[\p{L}\p{N}_]/u.test(text.charAt(d.name.length));
}

/**
 * The checks before any value of a derivative: every input the result reads must be given and
 * every given program input is checked against the program (the one binder: a wrong W is an error
 * even where ∂L/∂W no longer reads W), the point is differentiable, symmetric inputs are
 * symmetric, distribution inputs are distributions. Returns the sizes bound (a δ left alone in the result takes its size from them).
 */
export function bindDerivative(d: DerivedParts, values: InputValues): SizeBinding {
  const binding = bindDerivativeValues(d, values);
  assertDifferentiableMaps(d.kinked, values, binding, writtenCall(d.built));
  return binding;
}

/**
 * bindDerivative but for the point's kinks, which a compiled plan of `derivativeRoots` checks
 * itself (`assertCompiledDifferentiable`, after the run).
 */
export function bindDerivativeValues(d: DerivedParts, values: InputValues): SizeBinding {
  const binding = bindProgramInputs(d.built, d.inputs, values);
  assertNonEmptyReductions([d.evaluable], binding, d.built.where, d.built.network.inputs.values());
  assertSymmetricInputs(d.symmetric, values, d.built.where);
  assertDistributionInputs(d.built.network.inputs.values(), values, d.built.where);
  return binding;
}

/**
 * The values with each cut definition's value added where it is not given: computed from the
 * original program's inputs (so ∂C/∂z2 is evaluated at the point the inputs define).
 */
export function withCutValues(d: DerivedParts, values: InputValues, limits?: Partial<ResourceLimits>): InputValues {
  const missing = d.cut.names.filter((name) => !Object.prototype.hasOwnProperty.call(values, name));
  if (missing.length === 0) return values;
  const original = Object.fromEntries(Object.entries(values).filter(([name]) => d.cut.original.network.inputs.has(name)));
  const computed = evaluateProgramReference(d.cut.original, original, limits);
  return { ...values, ...Object.fromEntries(missing.map((name) => [name, computed.get(name)!])) };
}

/**
 * The sizes given shapes (for `compile(shapes)`) or values (its `run`) bind, checked by the one
 * binder like `evaluate`'s inputs, without the checks on values.
 */
export function bindDerivativeShapes(d: DerivedParts, shapes: Readonly<Record<string, readonly number[] | Shaped>>): Readonly<Record<string, number>> {
  const shaped: Record<string, Shaped> = Object.create(null);
  for (const [name, shape] of Object.entries(shapes)) shaped[name] = Array.isArray(shape) ? { shape } : shape as Shaped;
  const binding = bindProgramInputs(d.built, d.inputs, shaped);
  assertNonEmptyReductions([d.evaluable], binding, d.built.where, d.built.network.inputs.values());
  return Object.fromEntries(binding);
}

/**
 * For a compiled run whose result was not finite: the reference evaluator's error naming the
 * function outside its domain (log(-1) is not finite), if one is; the point's kinks are not checked.
 */
export function assertDerivativeInDomain(d: DerivedParts, values: InputValues): void {
  assertInDomain(d.domain, values, bindProgramInputs(d.built, d.inputs, values), writtenCall(d.built));
}

/** The result through the reference evaluator: the oracle compiled evaluation is tested against. */
export function evaluateDerivativeReference(d: DerivedParts, values: InputValues, limits?: Partial<ResourceLimits>): DenseArray {
  const binding = bindDerivative(d, values);
  checkNetworkResources([d.result.node], binding, resourceLimits(limits), true);
  const shape = d.result.node.shape.map((s) => (typeof s === 'number' ? s : binding.get(s) ?? 0));
  if (!isEmpty(shape)) assertInDomain(d.domain, values, binding, writtenCall(d.built));
  const r = allocating(() => evaluateExpression(d.evaluable, [...d.built.network.inputs.values()], values), 'the result', shape);
  return finiteOrFail(r, Object.values(values));
}

/**
 * The roots a compiled plan of the derivative computes: its result, and beside it (sharing the
 * forward values) the functions whose domain it needs, whose results the plan's finiteness check
 * refuses outside it, then the arguments of its kinked functions (relu, |u|, √u), checked for an
 * exact 0 after the run — unless the result is empty (∂L/∂x for an empty x has no value to be
 * wrong; its kinks are then checked by the reference evaluator). The check at the kinks was a
 * reference-evaluator forward pass on every run: `grad(…, 'W1').compile(shapes).run` of a
 * 256×784→128 relu network took 469 ms of CPU, now 11.7.
 */
export function derivativeRoots(d: DerivedParts, sizes: Readonly<Record<string, number>>): Node[] {
  const shape = d.evaluable.shape.map((s) => (typeof s === 'number' ? s : sizes[s] ?? 1));
  return isEmpty(shape) ? [d.evaluable] : [d.evaluable, ...d.domain, ...kinkArguments(d)];
}

/** The arguments of the derivative's kinked functions, each once. */
const kinkArguments = (d: DerivedParts): Node[] => [...new Set(d.kinked.map((n) => n.arg))];

/**
 * After a compiled run of `derivativeRoots(d, …)` (its `results`, in that order): the point's kinks,
 * from the arguments' values the plan computed, or by the reference evaluator when it computed none.
 */
export function assertCompiledDifferentiable(d: DerivedParts, values: InputValues, results: readonly DenseArray[], binding: SizeBinding): void {
  const args = kinkArguments(d);
  if (args.length === 0) return;
  const at = 1 + d.domain.length;
  if (results.length < at + args.length) { assertDifferentiableMaps(d.kinked, values, binding, writtenCall(d.built)); return; }
  assertNotAtKinks(d.kinked, d.kinked.map((n) => results[at + args.indexOf(n.arg)]!), writtenCall(d.built));
}

const isEmpty = (shape: readonly number[]): boolean => shape.some((n) => n === 0);

/** Compares `symbolic` (the compiled values) with central finite differences of the definition. */
export function checkDerivative(d: DerivedParts, symbolic: DenseArray, values: InputValues, options: CheckOptions): CheckResult {
  return checkAgainstDifferences(d.built.network, d.of, d.wrt.map((x) => x.name), symbolic, values, options);
}

function definitionOf(program: ProgramNetwork, name: string): Definition {
  const d = program.definitions.get(name);
  if (!d) return fail('derivative_of_unknown', undefined, name, listOf([...program.definitions.keys()]));
  return d;
}

function inputOf(program: ProgramNetwork, name: string, of: string): InputNode {
  const x = program.inputs.get(name);
  if (x) return x;
  const d = program.definitions.get(name);
  // a definition reaches here only as the one differentiated (others are cut to inputs first)
  return fail('derivative_wrt_not_input', d ? { source: program.source, span: d.span } : undefined, name, of,
    listOf([...program.inputs.keys()]), listOf([...program.definitions.keys()].filter((n) => n !== of)));
}

function listOf(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.join(', ');
}

export type { CheckOptions, CheckResult, IndexName };
