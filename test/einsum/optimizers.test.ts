import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { createEinsum } from '../../src/einsum.js';
import type { TensorLike } from '../../src/tensor-like.js';
import { maxScaledDiff } from '../support/random.js';
import { buildOperand, type CaseFixture } from './fixture-operands.js';

/** Every registered optimizer, through einsum, on every numpy fixture: the path never changes the numbers. */
const fixtures = JSON.parse(readFileSync(new URL('../fixtures/einsum.json', import.meta.url), 'utf8')) as {
  readonly cases: readonly CaseFixture[];
};

describe('einsum gives numpy’s results under every optimizer', () => {
  it.each([...defaultOptimizers.keys()])('%s', (optimize) => {
    const einsum = createEinsum({ cacheSize: 8 });
    const mismatches = fixtures.cases.flatMap((c) => {
      const operands = c.operands.map((o) => buildOperand(o) as TensorLike);
      const result = einsum(c.subscripts, ...operands, { optimize });
      const error = maxScaledDiff({ shape: result.shape, data: Array.from(result.data) }, c.expected);
      return error <= 1e-12 ? [] : [`'${c.subscripts}': ${error}`];
    });
    expect(mismatches).toEqual([]);
  });
});
