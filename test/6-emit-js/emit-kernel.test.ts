import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EinsumSpec } from '../../compiler/2-network/einsum-spec.js';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { emitPlan } from '../../compiler/6-emit-js/emit-plan.js';
import { jsName, jsNumber } from '../../compiler/6-emit-js/js-tokens.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createBufferPool } from '../../runtime/buffer-pool.js';
import { executePlan } from '../../runtime/execute-plan.js';
import { instantiateKernel } from '../../runtime/instantiate-kernel.js';
import { rowMajorStrides } from '../../runtime/strided-array.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';

const goldenDir = join(import.meta.dirname, 'golden');

function sourceOf(subscripts: string, shapes: number[][], lowering = {}): string {
  const spec = resolveEinsum(subscripts, shapes);
  const plan = emitPlan(lowerEinsum(spec, [[0, 1]].slice(0, Math.max(1, shapes.length - 1)).map((p) => (shapes.length === 1 ? [0] : p)),
    shapes.map(rowMajorStrides), 'float64', { ...defaultLoweringParameters, ...lowering }));
  return plan.kernels.map((k) => k.source).join('\n\n') + '\n';
}

describe('golden kernels (UPDATE_GOLDEN=1 rewrites them)', () => {
  const cases: [string, string, number[][], object][] = [
    ['matmul-tiled-5x3x6', 'ij,jk->ik', [[5, 3], [3, 6]], {}],
    ['matmul-packed-6x5x7-kc4', 'ij,jk->ik', [[6, 5], [5, 7]], { kc: 4, packMinimum: 4, tileRows: 2, tileColumns: 4 }],
    ['transposed-output', 'ij,jk->ki', [[3, 2], [2, 5]], {}],
    ['hadamard-reduce', 'ij,ij->i', [[6, 3], [6, 3]], {}],
    ['trace', 'ii', [[4, 4]], {}],
    ['column-sum-streaming', 'ij->j', [[6, 7]], {}],
  ];
  it.each(cases)('%s', (name, subscripts, shapes, lowering) => {
    const source = sourceOf(subscripts, shapes, lowering);
    const file = join(goldenDir, `${name}.js`);
    if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
      mkdirSync(goldenDir, { recursive: true });
      writeFileSync(file, source);
    }
    expect(source).toBe(readFileSync(file, 'utf8'));
  });
});

describe('the trust boundary', () => {
  const hostile = ['constructor', '__proto__', '"];process.exit(1);//', '\u2028', 'toString', "'); throw 1; ('"];

  it('never writes index names into kernels, and still computes the right numbers', () => {
    const [i, j, k] = [hostile[0]!, hostile[2]!, hostile[3]!];
    const spec: EinsumSpec = { subscripts: 'ij,jk->ik', inputs: [[i, j], [j, k]], output: [i, k], sizes: new Map([[i, 3], [j, 4], [k, 5]]) };
    const plan = emitPlan(lowerEinsum(spec, [[0, 1]], [[4, 1], [5, 1]], 'float64', defaultLoweringParameters));
    for (const kernel of plan.kernels) for (const name of hostile) expect(kernel.source).not.toContain(name);
    const random = createRandom(3);
    const a = randomArray([3, 4], random);
    const b = randomArray([4, 5], random);
    const got = executePlan(plan, plan.kernels.map(instantiateKernel), [a, b], createBufferPool('float64'));
    const g = createGraph();
    const node = g.contract([{ node: g.input('A', [3, 4]), indices: [i, j] }, { node: g.input('B', [4, 5]), indices: [j, k] }], [i, k]);
    expect(maxScaledDiff(got, evaluateOne(node, { A: a, B: b }))).toBeLessThan(1e-14);
  });

  it.each(hostile.filter((n) => n !== 'toString'))('rejects %j as an identifier', (name) => {
    expect(() => jsName(name)).toThrow(RicciError);
    try { jsName(name); } catch (e) { expect((e as RicciError).code).toBe('unsafe_identifier'); }
  });

  it.each([NaN, Infinity, -Infinity])('rejects the constant %s', (value) => {
    expect(() => jsNumber(value)).toThrow(/non_finite_constant/);
  });

  it('writes constants that read back exactly', () => {
    for (const value of [0, -0, 1, -3, 0.1, 1 / 3, 1e-300, 2 ** 53 + 2, -1.5e21]) expect(Object.is(Number(jsNumber(value)), value)).toBe(true);
  });
});
