import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { einsum } from '../../src/einsum.js';
import type { TensorLike } from '../../src/tensor-like.js';
import { maxScaledDiff } from '../support/random.js';
import { buildOperand, type CaseFixture, type ErrorFixture } from './fixture-operands.js';
import { codeOf } from '../support/error-cases.js';

const fixtures = JSON.parse(readFileSync(new URL('../fixtures/einsum.json', import.meta.url), 'utf8')) as {
  readonly cases: readonly CaseFixture[];
  readonly errors: readonly ErrorFixture[];
};

describe('einsum matches numpy.einsum (test/fixtures/einsum.json)', () => {
  it('has the expressions of numpy, opt_einsum and every category', () => {
    expect(fixtures.cases.length).toBeGreaterThanOrEqual(150);
    const all = new Set(fixtures.cases.map((c) => c.subscripts));
    for (const s of ['ea,fb,abcd,gc,hd->efgh', 'bdik,acaj,ikab,ajac,ikbd->', ',ab,->ab', 'iij->j', '...lmn,lmno->...o'])
      expect(all).toContain(s);
  });

  it.each(fixtures.cases.map((c, k) => [`${k} ${c.group}: '${c.subscripts}'`, c] as const))('%s', (_, c) => {
    const result = einsum(c.subscripts, ...c.operands.map((o) => buildOperand(o) as TensorLike));
    expect(result.data).toBeInstanceOf(Float64Array);
    expect(result.shape).toEqual(c.expected.shape);
    expect(maxScaledDiff({ shape: result.shape, data: Array.from(dense(result)) }, c.expected)).toBeLessThanOrEqual(1e-12);
  });

  it.each(fixtures.errors.map((e) => [`'${e.subscripts}' → ${e.code} (numpy: ${e.numpyError})`, e] as const))('%s', (_, e) => {
    const run = () => einsum(e.subscripts, ...e.operands.map((o) => buildOperand(o) as TensorLike));
    expect(run).toThrow(RicciError);
    expect(codeOf(run)).toBe(e.code);
  });
});

function dense(a: { data: Float64Array; shape: number[]; stride: number[]; offset: number }): Float64Array {
  const n = a.shape.reduce((p, s) => p * s, 1);
  expect(a.offset).toBe(0);
  expect(a.data.length).toBe(n);
  return a.data;
}

