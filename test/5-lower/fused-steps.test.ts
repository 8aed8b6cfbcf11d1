import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../compiler/2-network/resolve-einsum.js';
import type { LinearPath } from '../../compiler/4-contraction-order/contraction.js';
import { checkKernel } from '../../compiler/5-lower/check-loops.js';
import { defaultLoweringParameters } from '../../compiler/5-lower/lowering-parameters.js';
import { lowerEinsum } from '../../compiler/driver/plan.js';
import { compileEinsum, type Backend } from '../../src/compile.js';
import type { DenseArray, DType, StridedArray } from '../../runtime/strided-array.js';
import { maxScaledDiff } from '../support/random.js';
import { placed, randomOperands, referenceEinsum, type Layout } from './lower-support.js';

/**
 * Chains of memory-bound steps fused into one loop nest (4-contraction-order/fuse-steps.ts,
 * lowered by lower-contraction.ts; SIMD in 6-emit-wasm's stream kernels): against the reference
 * evaluator, on random chains over the same indices (Hadamard, Hadamard-reduce along either axis,
 * full reduction, a permuted output), with broadcast operands, odd sizes, dense, transposed and
 * strided (offset 1) operands, f64 and f32, by default, forced WebAssembly and JavaScript, and on
 * inputs resident in the plan's memory (the SIMD kernels run in place there).
 */
interface Chain {
  readonly subscripts: string;
  readonly shapes: number[][];
  /** Every operand holds every index and at most one is summed: the whole path is one step (≤ 8 operands). */
  readonly whole: boolean;
}

const sizes = [1, 2, 3, 5, 7, 9, 17, 33];

const chains: fc.Arbitrary<Chain> = fc.record({
  rank: fc.integer({ min: 1, max: 3 }),
  // a flipped operand (read transposed) leaves no vector at unit stride in every operand: one in four
  operands: fc.array(fc.record({ broadcast: fc.boolean(), keep: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), flip: fc.nat(3).map((x) => x === 0) }), { minLength: 3, maxLength: 10 }),
  output: fc.constantFrom('all', 'drop-last', 'drop-first', 'none', 'reversed'),
  extents: fc.array(fc.constantFrom(...sizes), { minLength: 3, maxLength: 3 }),
}).map(({ rank, operands, output, extents }) => {
  const full = [...'ijk'].slice(0, rank);
  const terms = operands.map(({ broadcast, keep, flip }, k) => {
    // the first two operands hold every index, so the chain starts fused whatever the rest broadcast
    const kept = k < 2 || !broadcast ? full : full.filter((_, x) => keep[x]);
    const labels = kept.length === 0 ? [full[0]!] : kept;
    return flip ? [...labels].reverse() : labels;
  });
  const out = output === 'all' ? full : output === 'drop-last' ? full.slice(0, -1) : output === 'drop-first' ? full.slice(1)
    : output === 'none' ? [] : [...full].reverse();
  const size = (l: string): number => extents['ijk'.indexOf(l)]!;
  const summed = full.length - out.length;
  return {
    subscripts: `${terms.map((t) => t.join('')).join(',')}->${out.join('')}`,
    shapes: terms.map((t) => t.map(size)),
    whole: terms.every((t) => t.length === rank) && summed <= 1 && terms.length <= 8,
  };
});

/** A pairwise path in a random order (left chains, trees and everything between). */
const pairwisePaths = (count: number): fc.Arbitrary<LinearPath> =>
  fc.array(fc.nat(), { minLength: 2 * count, maxLength: 2 * count }).map((picks) => {
    const path: number[][] = [];
    for (let live = count, k = 0; live > 1; live--, k += 2) {
      const a = picks[k]! % live;
      path.push([a, (a + 1 + (picks[k + 1]! % (live - 1))) % live]);
    }
    return path;
  });

const asFloat32 = (a: StridedArray): StridedArray => ({ ...a, data: Float32Array.from(a.data) });
const roundedToFloat32 = (a: DenseArray): DenseArray => ({ ...a, data: Float64Array.from(Float32Array.from(a.data)) });

describe('fused chains of memory-bound steps', () => {
  it('equal the reference evaluator: any chain, path, layout, dtype and backend, inputs plain or resident', () => {
    let fused = 0;
    let simd = 0;
    fc.assert(fc.property(chains, fc.constantFrom<DType>('float64', 'float32'), fc.constantFrom<Backend>('auto', 'wasm', 'js'),
      fc.boolean(), fc.array(fc.constantFrom<Layout>('dense', 'reversed', 'strided'), { minLength: 10, maxLength: 10 }),
      fc.option(fc.nat()), fc.nat(), (chain, dtype, backend, resident, layouts, pathSeed, seed) => {
        const { subscripts, shapes } = chain;
        const path = pathSeed === null ? undefined : fc.sample(pairwisePaths(shapes.length), { seed: pathSeed, numRuns: 1 })[0]!;
        const plan = compileEinsum(subscripts, shapes, { dtype, backend, ...(path ? { path } : {}) });
        const dense = randomOperands(shapes, seed).map((d) => (dtype === 'float32' ? roundedToFloat32(d) : d));
        const cast = (a: StridedArray): StridedArray => (dtype === 'float32' ? asFloat32(a) : a);
        let operands: StridedArray[];
        if (resident) {
          operands = plan.residentInputs() as StridedArray[];
          operands.forEach((o, k) => (o.data as Float64Array).set(dense[k]!.data));
        } else operands = dense.map((d, k) => cast(placed(d, layouts[k]!)));
        const got = plan.run(...operands);
        const reference = referenceEinsum(subscripts, dense);
        const depth = Math.max(...shapes.flat(), 1);
        const tolerance = (dtype === 'float32' ? 2 ** -24 : 2 ** -52) * 8 * (shapes.length + depth);
        expect(maxScaledDiff(got, reference)).toBeLessThan(tolerance);
        const steps = plan.plan.steps.length;
        if (chain.whole) {
          expect(steps).toBe(1);
          expect(plan.plan.buffers).toEqual([]);
        }
        if (steps < shapes.length - 1) fused++;
        // in place only on resident inputs; staged from plain arrays too
        const stream = plan.plan.kernels.filter((k) => k.name.includes('fused')).map((k) => k.wasm?.stream);
        if (stream.includes('staged') || (resident && stream.includes('in-place'))) simd++;
      }), { numRuns: 600 });
    expect(fused).toBeGreaterThan(450);
    // 581 and 69 with the default seed
    expect(simd).toBeGreaterThan(40);
  });

  it('are one step with no intermediate where the path has two, and multiply as the two steps did (f64, bit for bit)', () => {
    const [m, n] = [33, 65];
    const forms: [string, number[][], number][] = [
      ['ij,ij,ij->ij', [[m, n], [m, n], [m, n]], 1], ['ij,ij,ij->i', [[m, n], [m, n], [m, n]], 1], ['ij,ij,ij->j', [[m, n], [m, n], [m, n]], 1],
      ['i,i,i->', [[n], [n], [n]], 1], ['i,j,ij->ij', [[m], [n], [m, n]], 1], ['ij,ij,ij,ij->ij', [[m, n], [m, n], [m, n], [m, n]], 1],
    ];
    for (const [subscripts, shapes] of forms) for (const backend of ['js', 'wasm'] as const) {
      const path = shapes.slice(1).map(() => [0, 1]);
      const plan = compileEinsum(subscripts, shapes, { path, backend });
      expect(plan.plan.steps.length, subscripts).toBe(1);
      expect(plan.plan.buffers, subscripts).toEqual([]);
      expect(plan.plan.kernels[0]!.name).toContain(`step1_fused${shapes.length - 1}`);
      const lowered = lowerEinsum(resolveEinsum(subscripts, shapes), path, shapes.map((s) => s.length === 2 ? [s[1]!, 1] : [1]), 'float64', defaultLoweringParameters);
      expect(lowered.kernels.map(checkKernel)).toEqual([[]]);
      expect(lowered.kernels[0]!.stream?.kind).toBe(subscripts.endsWith('->j') ? 'accumulate' : subscripts.endsWith('->i') || subscripts.endsWith('->') ? 'dot' : 'map');
      // the same chain as separate einsums: x·y first, then each further operand with the product so far
      const [first, ...rest] = randomOperands(shapes, 5);
      const inputs = subscripts.split('->')[0]!.split(',');
      const output = subscripts.split('->')[1]!;
      let product = first!;
      let held = inputs[0]!;
      rest.forEach((operand, k) => {
        const last = k === rest.length - 1;
        const into = last ? output : [...new Set([...inputs[k + 1]!, ...held])].join('');
        product = compileEinsum(`${inputs[k + 1]},${held}->${into}`, [operand.shape, product.shape], { backend: 'js' }).run(operand, product);
        held = into;
      });
      const got = plan.run(...randomOperands(shapes, 5));
      // products round once each, as apart; the JavaScript kernel adds in the same order; SIMD dot products in 4 × lanes partial sums
      if (backend === 'js' || !subscripts.endsWith('->i') && !subscripts.endsWith('->')) expect([...got.data], `${subscripts} ${backend}`).toEqual([...product.data]);
      else expect(maxScaledDiff(got, product)).toBeLessThan(2 ** -52 * 8 * n);
    }
  });

  it('run the SIMD kernel in place on resident inputs, and in float32 from plain arrays where staging pays', () => {
    const shapes = [[256, 256], [256, 256], [256, 256]];
    const plan = compileEinsum('ij,ij,ij->i', shapes);
    expect(plan.plan.kernels.map((k) => k.wasm?.stream)).toEqual(['in-place']);
    const small = compileEinsum('ij,ij,ij->i', [[64, 64], [64, 64], [64, 64]], { dtype: 'float32' });
    expect(small.plan.kernels.map((k) => k.wasm?.stream)).toEqual(['staged']);
    const dense = randomOperands([[64, 64], [64, 64], [64, 64]], 9).map(roundedToFloat32);
    const got = small.run(...dense.map(asFloat32));
    expect(maxScaledDiff(got, referenceEinsum('ij,ij,ij->i', dense))).toBeLessThan(2 ** -24 * 8 * 64);
  });
});
