import type { Program } from '../1-parse/ricci-ast.js';
import { checkNetworkResources, resourceLimits, type ResourceLimits } from './resource-limits.js';
import { parseRicci } from '../1-parse/ricci-parser.js';
import { bindSizes, type Shaped, type SizeBinding } from '../2-network/bind-sizes.js';
import { assertNonEmptyReductions } from '../2-network/empty-reductions.js';
import { assertDistributionInputs } from '../2-network/distribution-inputs.js';
import { buildProgramWithOrigins } from '../2-network/build-network.js';
import { evaluateNetwork, type WrittenCall } from '../2-network/evaluate-network.js';
import { topologicalOrder, type InputNode, type Node } from '../2-network/network.js';
import type { ProgramNetwork } from '../2-network/program.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Where } from '../diagnostics/span.js';
import { assertSymmetricValues } from '../3-calculus/symmetric-inputs.js';
import type { DenseArray, StridedArray } from '../../runtime/strided-array.js';
import { allocating, finiteOrFail } from './instantiate.js';

/**
 * The Ricci front end, for every entry point that takes a program (evaluate, evaluateReference,
 * grad/jacobian/hessian/derivative):
 *   source → parse (1-parse) → build the network (2-network) → bind the inputs → …
 */

/** Named input values, already read into strided arrays (src/ reads them once, as invalid_input). */
export type InputValues = Readonly<Record<string, StridedArray>>;

/** A program as a network, with where each input is written (for carets on input errors). */
export interface BuiltProgram {
  readonly network: ProgramNetwork;
  readonly where: (name: string) => Where | undefined;
}

/** Parses source text (a parsed Program is used as it is) and builds its network. */
export function buildProgram(source: string | Program): BuiltProgram {
  const program = typeof source === 'string' ? parseRicci(source) : source;
  const { network, inputOrigins } = buildProgramWithOrigins(program);
  return { network, where: (name) => {
    const span = inputOrigins.get(name);
    return span ? { source: program.source, span } : undefined;
  } };
}

/**
 * The one input check of a program: the inputs under `roots` must be given, every given program
 * input is checked too (a wrong W is an error even where the result no longer reads W), all with
 * the binder's codes and a caret at the input.
 */
export function bindProgramInputs(program: BuiltProgram, roots: readonly Node[] | InputSplit, values: Readonly<Record<string, Shaped>>): SizeBinding {
  const { required, optional } = 'required' in roots ? roots : splitInputs(program, roots);
  return bindSizes(required, values, { where: program.where, optional });
}

/** A program's inputs: those under some roots (required), and the rest (checked when given). */
export interface InputSplit {
  readonly required: readonly InputNode[];
  readonly optional: readonly InputNode[];
}

export function splitInputs(program: BuiltProgram, roots: readonly Node[]): InputSplit {
  const reachable = new Set(topologicalOrder(roots).map((n) => n.id));
  const all = [...program.network.inputs.values()];
  return { required: all.filter((n) => reachable.has(n.id)), optional: all.filter((n) => !reachable.has(n.id)) };
}

/**
 * Every definition of a program through the reference evaluator: inputs bound by the one binder,
 * a size no input sets reported at its definition (size_unbound), declared symmetry and distributions checked, and a
 * non-finite value from finite inputs (overflow) reported — the checks a Derivative's `evaluate`
 * makes. Chosen over compiled kernels for this one-shot entry point: there is no instance to keep
 * plans in, and compiling costs milliseconds where evaluating costs microseconds.
 */
export function evaluateProgramReference(program: BuiltProgram, values: InputValues, limits?: Partial<ResourceLimits>): Map<string, DenseArray> {
  const definitions = [...program.network.definitions.values()];
  if (definitions.length === 0) return new Map(); // an empty program defines nothing
  const roots = definitions.map((d) => d.node);
  const binding = bindDefinitions(program, values);
  assertSymmetricValues(roots, values, program.where);
  assertDistributionInputs(program.network.inputs.values(), values, program.where);
  checkNetworkResources(roots, binding, resourceLimits(limits), true);
  assertNonEmptyReductions(roots, binding, program.where, program.network.inputs.values());
  const largest = definitions.reduce((a, d) => (elements(d.node.shape, binding) > elements(a.node.shape, binding) ? d : a));
  const results = allocating(() => evaluateNetwork(roots, values, binding, writtenCall(program)), `the value of '${largest.name}'`,
    largest.node.shape.map((s) => (typeof s === 'number' ? s : binding.get(s) ?? 0)));
  const inputs = Object.values(values);
  return new Map(definitions.map((d, k) => [d.name, finiteOrFail(results[k]!, inputs, `The value of '${d.name}'`)]));
}

/** Where each function of the program was written (its first writing), for the caret of an error about its values. */
export function writtenCall(program: BuiltProgram): WrittenCall {
  const calls = program.network.functionCalls;
  return (n) => {
    const span = calls?.get(n);
    return span && { source: program.network.source, span };
  };
}

/** The inputs bound for every definition; a definition's size no input sets is size_unbound there. */
function bindDefinitions(program: BuiltProgram, values: InputValues): SizeBinding {
  const definitions = [...program.network.definitions.values()];
  const binding = bindProgramInputs(program, definitions.map((d) => d.node), values);
  for (const d of definitions)
    d.node.shape.forEach((size, axis) => {
      if (typeof size === 'string' && !binding.has(size))
        fail('size_unbound', { source: program.network.source, span: d.span }, size, d.indices[axis]!, d.name);
    });
  return binding;
}

function elements(shape: readonly (number | string)[], binding: SizeBinding): number {
  return shape.reduce<number>((p, s) => p * (typeof s === 'number' ? s : binding.get(s) ?? 0), 1);
}
