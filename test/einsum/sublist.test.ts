import { readFileSync } from 'node:fs';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { einsum } from '../../src/einsum.js';
import type { SublistLabel } from '../../src/einsum-sublist.js';
import { maxScaledDiff } from '../support/random.js';

interface SublistCase {
  readonly operands: readonly { readonly shape: readonly number[]; readonly seed: number }[];
  readonly sublists: readonly (readonly SublistLabel[])[];
  readonly output: readonly SublistLabel[] | null;
  readonly expected: { readonly shape: readonly number[]; readonly data: readonly number[] };
}

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/einsum-sublist.json', import.meta.url), 'utf8')) as { readonly cases: readonly SublistCase[] };

/** The same fill numpy used: sin(k + seed) over row-major positions. */
function operand(shape: readonly number[], seed: number): ndarray.NdArray<Float64Array> {
  const n = shape.reduce((p, s) => p * s, 1);
  return ndarray(Float64Array.from({ length: n }, (_, k) => Math.sin(k + seed)), [...shape]);
}

describe("numpy's sublist form einsum(A, [0, 1], B, [1, 2], [0, 2]) (test/fixtures/einsum-sublist.json)", () => {
  it.each(fixtures.cases.map((c) => [JSON.stringify([c.sublists, c.output]), c] as const))('%s', (_, c) => {
    const args = c.operands.flatMap((o, k) => [operand(o.shape, o.seed), c.sublists[k]!]);
    const call = einsum as (...a: unknown[]) => ndarray.NdArray<Float64Array>;
    const result = call(...args, ...(c.output ? [c.output] : []));
    expect(maxScaledDiff({ shape: result.shape, data: Array.from(result.data) }, c.expected)).toBeLessThanOrEqual(1e-12);
  });

  it('rejects labels outside 0–51 and non-integer labels with a coded error', () => {
    const A = operand([2, 2], 1);
    const codeOf = (f: () => unknown): string => {
      try { f(); } catch (e) { return e instanceof RicciError ? e.code : `not a RicciError: ${String(e)}`; }
      return 'no error';
    };
    expect(codeOf(() => einsum(A, [0, 52]))).toBe('einsum_sublist_invalid');
    expect(codeOf(() => einsum(A, [0, 1], A, [1, -1]))).toBe('einsum_sublist_invalid');
    expect(codeOf(() => (einsum as (...a: unknown[]) => unknown)(A, [0, 1], A, [1, 2], 'ik'))).toBe('einsum_sublist_invalid');
  });
});
