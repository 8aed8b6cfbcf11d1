import type { DenseArray } from '../../runtime/strided-array.js';
import { evaluate } from '../../src/evaluate.js';
import { randomInputs } from '../../src/random-inputs.js';
import type { TensorLike } from '../../src/tensor-like.js';
import { indexRoundTrip, matrixRoundTrip, type RoundTrip } from '../support/round-trip.js';
import { asMatrix } from './views-support.js';
import type { CatalogueEntry } from './ml-catalogue.js';
import { deriveEntry, hasIndexPart, type MeasuredProblem } from './ml-catalogue-measure.js';
import { toMatrixNotation } from '../../src/index.js';

/** Distinct sizes, as the catalogue's measure uses, so a transposed answer cannot pass by accident. */
export const catalogueSizes = { m: 5, n: 3, N: 6, d: 3, k: 4, h: 5, T: 4, S: 5, e: 2, p: 2, q: 3 };

/** The index-notation round trip of one catalogue entry (its derivative does not depend on the layout). */
export function indexRoundTripOfEntry(e: CatalogueEntry, seed = 3): RoundTrip {
  const key = `${e.name}${e.vectors === 'row' ? ' (row vectors)' : ''}`;
  try {
    return indexRoundTrip(key, e.source, deriveEntry(e), seed, catalogueSizes);
  } catch (error) {
    return { key, printed: String(error), verdict: 'unreadable', code: 'derive-threw' };
  }
}

/** The matrix-notation round trip of one catalogue problem: its printed line pasted into matrix input. */
export function matrixRoundTripOfProblem(p: MeasuredProblem, seed = 3, sizes: Readonly<Record<string, number>> = catalogueSizes): RoundTrip | undefined {
  const { layout, key } = p;
  const entry = typeof p.entry === 'function' ? p.entry() : p.entry;
  if (entry.kind === 'kronecker') return undefined;
  const d = deriveEntry(entry);
  const view = toMatrixNotation(d, { layout, vectors: entry.vectors ?? 'column' });
  const line = view.text.split('\n')[0]!;
  // a rank-3/4 result keeps index notation in its matrix view: there is no matrix line to paste
  if (hasIndexPart(view.matrix) || view.text.includes('index notation')) return undefined;
  const { values } = randomInputs(d, { seed, sizes: { ...sizes } });
  const inputs = values as Record<string, TensorLike>;
  const exact = d.evaluateReference(inputs);
  const env: Record<string, { data: ArrayLike<number>; shape: readonly number[] }> = {};
  const shapes: Record<string, readonly (string | number)[]> = {};
  const symmetric = [...d.program.inputs.values()].filter((x) => x.symmetric).map((x) => x.name);
  // symbolic sizes as declared (a printed N^-1 or I_n names them); vectors read as the view printed them
  const symbolic = new Map<string, readonly (string | number)[]>([
    ...[...d.program.inputs].map(([k, x]) => [k, x.shape] as const), ...[...d.program.definitions].map(([k, x]) => [k, x.node.shape] as const)]);
  const add = (name: string, v: { data: ArrayLike<number>; shape: readonly number[] }): void => {
    if (v.shape.length > 2) return;
    const declared = symbolic.get(name) ?? v.shape;
    shapes[name] = [...declared];
    env[name] = { data: Float64Array.from(v.data), shape: [...v.shape] };
  };
  for (const [k, v] of Object.entries(evaluate(entry.source, inputs))) add(k, v);
  for (const [k, v] of Object.entries(values)) add(k, { data: (v as DenseArray).data, shape: (v as DenseArray).shape });
  return matrixRoundTrip(key, line, shapes, env, asMatrix(exact as unknown as DenseArray, view.transposed), { symmetric: symmetric.filter((s) => s in shapes), vectors: entry.vectors ?? 'column' });
}
