import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileEinsum } from '../../src/compile.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { asFloat32 } from '../6-emit-wasm/wasm-support.js';
import '../support/fast-check-seed.js';
import { maxScaledDiff } from '../support/random.js';

/**
 * A fresh result of 16 KB or more is not zeroed first (runtime/result-slab.ts): every plan must
 * write its whole output. The fixed cases in unzeroed-results.test.ts cover each step kind; here
 * random einsums with such outputs (4,096 elements or more: 16 KB in float32; output indices of 16–72, summed ones of 1–12, diagonals, a
 * transposed or permuted output, one to three operands, an operand's index absent from the output
 * or repeated) run on both backends in both dtypes with that memory poisoned (every byte 0xff: NaN),
 * against the reference evaluator.
 */
afterEach(() => { vi.restoreAllMocks(); });

const OUT = ['i', 'j', 'k'];
const SUMMED = ['p', 'q'];
const elements = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

const callArb = fc.record({
  outSizes: fc.array(fc.integer({ min: 16, max: 72 }), { minLength: 3, maxLength: 3 }),
  outRank: fc.integer({ min: 2, max: 3 }),
  summedSizes: fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 2, maxLength: 2 }),
  operands: fc.array(fc.array(fc.constantFrom(...OUT, ...SUMMED), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 3 }),
  outputOrder: fc.array(fc.nat(), { minLength: 3, maxLength: 3 }),
  seed: fc.nat(),
}).map(({ outSizes, outRank, summedSizes, operands, outputOrder, seed }) => {
  const output = OUT.slice(0, outRank).map((l, k) => [l, outputOrder[k]!] as const).sort((a, b) => a[1] - b[1]).map(([l]) => l);
  // every output index appears in some operand: the last operand carries the missing ones
  const terms = operands.map((labels) => labels.filter((l) => SUMMED.includes(l) || output.includes(l)));
  const missing = output.filter((l) => !terms.some((t) => t.includes(l)));
  terms[terms.length - 1] = [...terms[terms.length - 1]!, ...missing];
  const sizeOf = (l: string): number => (OUT.includes(l) ? outSizes[OUT.indexOf(l)]! : summedSizes[SUMMED.indexOf(l)]!);
  return {
    subscripts: `${terms.map((t) => t.join('')).join(',')}->${output.join('')}`,
    shapes: terms.map((t) => t.map(sizeOf)),
    outputElements: elements(output.map(sizeOf)),
    seed,
  };
}).filter(({ shapes, outputElements }) => outputElements >= 4096 && outputElements <= 120_000 && shapes.every((s) => s.length > 0 && elements(s) <= 200_000));

describe('fresh outputs not zeroed first: random einsums', () => {
  it('write all of their output on both backends, in both dtypes, with the unzeroed memory poisoned', () => {
    const real = Buffer.allocUnsafeSlow.bind(Buffer);
    const spy = vi.spyOn(Buffer, 'allocUnsafeSlow').mockImplementation((bytes: number) => real(bytes).fill(0xff));
    fc.assert(fc.property(callArb, ({ subscripts, shapes, seed }) => {
      const dense = randomOperands(shapes, seed);
      const expected = referenceEinsum(subscripts, dense);
      for (const backend of ['js', 'wasm'] as const)
        for (const dtype of ['float64', 'float32'] as const) {
          const operands = dtype === 'float32' ? dense.map(asFloat32) : dense;
          const got = compileEinsum(subscripts, shapes, { backend, dtype }).run(...(operands as never[]));
          expect(maxScaledDiff(got, expected), `${subscripts} ${JSON.stringify(shapes)} ${backend} ${dtype}`).toBeLessThan(dtype === 'float32' ? 1e-4 : 1e-10);
        }
    }), { numRuns: 60 });
    // the poisoned allocation was taken: one per run whose plan has a step writing the output (all but pure copies)
    expect(spy.mock.calls.length).toBeGreaterThan(3 * 60);
  });
});
