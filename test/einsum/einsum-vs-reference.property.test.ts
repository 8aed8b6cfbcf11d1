import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { einsumNetwork, einsumOperandName } from '../../compiler/2-network/einsum-network.js';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import { permuteView } from '../support/views.js';
import { einsum } from '../../src/einsum.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

/** A random einsum call: subscripts and matching shapes, with diagonals, '...' and size-1 broadcasting. */
interface RandomCall {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  readonly seed: number;
}

const LABELS = ['a', 'b', 'c', 'd', 'e', 'A'];

const operandArb = fc.record({
  labels: fc.array(fc.constantFrom(...LABELS), { maxLength: 4 }),
  /** Negative: no '...' in this term (about 70% of terms). */
  ellipsisAt: fc.integer({ min: -12, max: 4 }),
  ellipsisRank: fc.nat(2),
  /** Per label (and per '...' axis): is this operand's axis a broadcast size 1? (1 in 6) */
  singletons: fc.array(fc.nat(5).map((x) => x === 0), { minLength: 6, maxLength: 6 }),
});

const callArb: fc.Arbitrary<RandomCall> = fc.record({
  sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 6, maxLength: 6 }),
  broadcast: fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  operands: fc.array(operandArb, { minLength: 1, maxLength: 5 }),
  explicit: fc.boolean(),
  outputOrder: fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
  ellipsisOut: fc.nat(8),
  seed: fc.nat(),
}).map(({ sizes, broadcast, operands, explicit, outputOrder, ellipsisOut, seed }) => {
  const terms: string[] = [];
  const shapes: number[][] = [];
  let usesEllipsis = false;
  for (const op of operands) {
    const sizeOf = (l: string): number => { const k = LABELS.indexOf(l); return op.singletons[k]! ? 1 : sizes[k]!; };
    const shape = op.labels.map(sizeOf);
    let term = op.labels.join('');
    if (op.ellipsisAt >= 0) {
      usesEllipsis = true;
      const at = Math.min(op.ellipsisAt, op.labels.length);
      const rank = Math.min(op.ellipsisRank, broadcast.length);
      const dims = broadcast.slice(broadcast.length - rank).map((n, k) => (op.singletons[k]! ? 1 : n));
      term = `${term.slice(0, at)}...${term.slice(at)}`;
      shape.splice(at, 0, ...dims);
    }
    terms.push(term);
    shapes.push(shape);
  }
  const used = [...new Set(operands.flatMap((o) => o.labels))];
  const picked = used.filter((_, k) => outputOrder[k]! % 3 !== 0).sort((x, y) => outputOrder[used.indexOf(x)]! - outputOrder[used.indexOf(y)]!);
  const out = usesEllipsis ? [...picked.slice(0, ellipsisOut), '...', ...picked.slice(ellipsisOut)] : picked;
  return { subscripts: explicit ? `${terms.join(',')}->${out.join('')}` : terms.join(','), shapes, seed };
});

/** Operand k as a dense array or, for odd seeds, as a transposed (reversed-axes) view. */
function operandFor(shape: readonly number[], random: () => number, transposed: boolean): StridedArray {
  if (!transposed || shape.length < 2) return randomArray(shape, random);
  const order = shape.map((_, k) => shape.length - 1 - k);
  return permuteView(randomArray(order.map((k) => shape[k]!), random), order);
}

describe('einsum agrees with the reference evaluator on its network', () => {
  it('random expressions: up to 5 operands, sizes 1–5, diagonals, ellipsis, size-1 broadcasting', () => {
    fc.assert(fc.property(callArb, ({ subscripts, shapes, seed }) => {
      const random = createRandom(seed);
      const operands = shapes.map((s, k) => operandFor(s, random, (seed + k) % 2 === 1));
      const spec = resolveEinsum(subscripts, shapes);
      const { root } = einsumNetwork(spec, createGraph());
      const inputs = Object.fromEntries(operands.map((a, k) => [einsumOperandName(k), a]));
      const expected = evaluateOne(root, inputs);
      const actual = einsum(subscripts, ...operands);
      expect(actual.shape).toEqual(expected.shape);
      expect(maxScaledDiff(actual, expected)).toBeLessThan(1e-10);
    }), { numRuns: 250 });
  });
});
