import type ndarray from 'ndarray';
import { denseNdarray } from '../runtime/from-ndarray.js';
import type { Program } from '../compiler/1-parse/ricci-ast.js';
import { buildProgramWithOrigins } from '../compiler/2-network/build-network.js';
import { evaluateNetwork } from '../compiler/2-network/evaluate-network.js';
import { topologicalOrder, type InputNode } from '../compiler/2-network/network.js';
import type { Definition } from '../compiler/2-network/program.js';
import { fail } from '../compiler/diagnostics/ricci-error.js';
import type { Span } from '../compiler/diagnostics/span.js';
import type { StridedArray } from '../runtime/strided-array.js';
import { toProgram } from './parse.js';
import { toNamedInput, type TensorLike } from './tensor-like.js';

export type NdArray = ndarray.NdArray<Float64Array>;

/**
 * Computes every definition of a Ricci program with the reference evaluator. Symbolic sizes are
 * bound from the inputs' shapes; a disagreement is a RicciError pointing at the input's declaration.
 *   evaluate('L = x[i] W[i,j] y[j]', { x, W, y }).L   // a 0-d ndarray
 */
export function evaluate(source: string | Program, inputs: Readonly<Record<string, TensorLike>>): Record<string, NdArray> {
  const program = toProgram(source);
  const { network, inputOrigins } = buildProgramWithOrigins(program);
  const where = (name: string) => ({ source: program.source, span: inputOrigins.get(name)! });
  const definitions = [...network.definitions.values()];
  // only inputs some definition reads are required: a declared but unused tensor may be left out
  const reachable = new Set(topologicalOrder(definitions.map((d) => d.node)).map((n) => n.id));
  const used = [...network.inputs.values()].filter((n) => reachable.has(n.id));
  const { values, bound } = readInputs(used, inputs ?? {}, where);
  for (const d of definitions) checkBound(program.source, d, bound);
  const results = evaluateNetwork(definitions.map((d) => d.node), values);
  const out: Record<string, NdArray> = Object.create(null);
  definitions.forEach((d, k) => {
    const r = results[k]!; // copied: a definition may be an input itself (C[i,j] = A[i,j])
    Object.defineProperty(out, d.name, {
      value: denseNdarray(Float64Array.from(r.data), r.shape), enumerable: true, writable: true, configurable: true,
    });
  });
  return out;
}

type WhereOf = (name: string) => { readonly source: string; readonly span: Span };

type Bound = Map<string, { readonly size: number; readonly input: string }>;

/** Converts and checks every input; the record has no prototype, so `__proto__` is a plain name. */
function readInputs(nodes: readonly InputNode[], given: Readonly<Record<string, TensorLike>>, where: WhereOf):
  { values: Record<string, StridedArray>; bound: Bound } {
  const values: Record<string, StridedArray> = Object.create(null);
  const bound: Bound = new Map();
  for (const node of nodes) {
    if (!Object.prototype.hasOwnProperty.call(given, node.name)) fail('missing_input', where(node.name), node.name);
    const value = toNamedInput(node.name, given[node.name], where(node.name));
    checkShape(node, value.shape, bound, where);
    Object.defineProperty(values, node.name, { value, enumerable: true });
  }
  return { values, bound };
}

/** A definition's size that no input determines (`I[i,j] = delta[i,j]`) is reported at the definition. */
function checkBound(source: string, d: Definition, bound: Bound): void {
  d.node.shape.forEach((size, axis) => {
    if (typeof size === 'string' && !bound.has(size)) fail('size_unbound', { source, span: d.span }, size, d.indices[axis]!, d.name);
  });
}


function checkShape(node: InputNode, actual: readonly number[], bound: Bound, where: WhereOf): void {
  const show = (shape: readonly (number | string)[]): string => `[${shape.join(', ')}]`;
  if (actual.length !== node.shape.length) fail('input_shape_disagrees', where(node.name), node.name, show(node.shape), show(actual));
  node.shape.forEach((size, axis) => {
    const n = actual[axis]!;
    if (typeof size === 'number') {
      if (size !== n) fail('input_shape_disagrees', where(node.name), node.name, show(node.shape), show(actual));
      return;
    }
    const seen = bound.get(size);
    if (!seen) bound.set(size, { size: n, input: node.name });
    else if (seen.size !== n) fail('input_size_conflict', where(node.name), size, node.name, n, seen.size, seen.input);
  });
}
