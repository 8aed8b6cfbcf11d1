import fc from 'fast-check';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import type { LinearPath } from '../../compiler/4-contraction-order/contraction.js';
import { allocate, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';
import { permuteView } from '../support/views.js';
import { createRandom, randomArray } from '../support/random.js';

/** A random einsum with explicit output, shapes, a random linear path and a layout per operand. */
export interface RandomEinsum {
  readonly subscripts: string;
  readonly shapes: number[][];
  readonly path: LinearPath;
  readonly layouts: Layout[];
  readonly seed: number;
}

/** How an operand is laid out in memory: dense, transposed (axes reversed) or every other element. */
export type Layout = 'dense' | 'reversed' | 'strided';

const letters = 'abcdefg';

export function randomEinsum(options: { maxOperands: number; sizes: readonly number[] }): fc.Arbitrary<RandomEinsum> {
  return fc.record({
    terms: fc.array(fc.array(fc.integer({ min: 0, max: letters.length - 1 }), { maxLength: 3 }), { minLength: 1, maxLength: options.maxOperands }),
    sizes: fc.array(fc.constantFrom(...options.sizes), { minLength: letters.length, maxLength: letters.length }),
    keep: fc.array(fc.boolean(), { minLength: letters.length, maxLength: letters.length }),
    order: fc.infiniteStream(fc.nat()),
    layouts: fc.array(fc.constantFrom<Layout>('dense', 'reversed', 'strided'), { minLength: 6, maxLength: 6 }),
    seed: fc.nat(),
  }).map(({ terms, sizes, keep, order, layouts, seed }) => {
    const used = [...new Set(terms.flat())];
    const output = shuffled(used.filter((l) => keep[l]), order);
    const subscripts = `${terms.map((t) => t.map((l) => letters[l]).join('')).join(',')}->${output.map((l) => letters[l]).join('')}`;
    return { subscripts, shapes: terms.map((t) => t.map((l) => sizes[l]!)), path: randomPath(terms.length, order), layouts, seed };
  });
}

function shuffled<T>(items: readonly T[], order: fc.Stream<number>): T[] {
  const rest = [...items];
  const out: T[] = [];
  const it = order[Symbol.iterator]();
  while (rest.length > 0) out.push(rest.splice(it.next().value % rest.length, 1)[0]!);
  return out;
}

/** Pairs of distinct live positions until one operand is left; a single operand is reduced alone. */
function randomPath(operands: number, order: fc.Stream<number>): LinearPath {
  if (operands === 1) return [[0]];
  const it = order[Symbol.iterator]();
  const path: number[][] = [];
  for (let live = operands; live > 1; live--) {
    const a = it.next().value % live;
    const b = (a + 1 + (it.next().value % (live - 1))) % live;
    path.push([a, b]);
  }
  return path;
}

/** The operand's values, placed in memory with the requested layout (same logical tensor). */
export function placed(dense: DenseArray, layout: Layout): StridedArray {
  const rank = dense.shape.length;
  if (layout === 'dense' || rank === 0) return dense;
  if (layout === 'reversed') {
    const order = dense.shape.map((_, k) => rank - 1 - k);
    const t = allocate(order.map((k) => dense.shape[k]!));
    const view = permuteView(t, order);
    copyInto(dense, view);
    return view;
  }
  const wide = allocate([...dense.shape.slice(0, -1), 2 * dense.shape[rank - 1]! + 1]);
  const view = { ...wide, shape: [...dense.shape], stride: wide.stride.map((s, k) => (k === rank - 1 ? 2 * s : s)), offset: 1 };
  copyInto(dense, view);
  return view;
}

function copyInto(from: DenseArray, to: StridedArray): void {
  const n = from.data.length;
  for (let flat = 0; flat < n; flat++) {
    let rest = flat;
    let at = to.offset;
    for (let d = from.shape.length - 1; d >= 0; d--) {
      at += (rest % from.shape[d]!) * to.stride[d]!;
      rest = Math.floor(rest / from.shape[d]!);
    }
    (to.data as Float64Array)[at] = from.data[flat]!;
  }
}

export function randomOperands(shapes: readonly number[][], seed: number): DenseArray[] {
  const random = createRandom(seed);
  return shapes.map((s) => randomArray(s, random));
}

/** The reference evaluator's answer for an einsum: one Contract node over the operands. */
export function referenceEinsum(subscripts: string, operands: readonly StridedArray[]): DenseArray {
  const spec = resolveEinsum(subscripts, operands.map((o) => o.shape));
  const g = createGraph();
  const node = g.contract(spec.inputs.map((indices, k) => ({ node: g.input(`t${k}`, operands[k]!.shape), indices })), spec.output);
  return evaluateOne(node, Object.fromEntries(operands.map((o, k) => [`t${k}`, o])));
}
