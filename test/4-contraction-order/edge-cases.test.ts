import { describe, expect, it } from 'vitest';
import { expandPath } from '../../compiler/4-contraction-order/contraction.js';
import { choosePath, defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { contractPath } from '../../src/contract-path.js';
import { problemOf } from './support.js';

const names = [...defaultOptimizers.keys()];

describe('golden paths for edge cases', () => {
  it('a single operand is one step (trace, transpose, diagonal)', () => {
    for (const name of names) {
      expect(choosePath(problemOf('ii->'), { optimize: name })).toEqual([[0]]);
      expect(choosePath(problemOf('abc->cb'), { optimize: name })).toEqual([[0]]);
    }
    // numpy: one operand, summed: 2 × 5 flops for a 5×5 trace
    expect(contractPath('ii->', [[5, 5]]).flops).toBe(10);
    expect(choosePath({ inputs: [], output: [], sizes: new Map() })).toEqual([]);
  });

  it('two operands are one step, scalars included', () => {
    for (const name of names) expect(choosePath(problemOf('ab,bc->ac'), { optimize: name })).toEqual([[0, 1]]);
    const info = contractPath(',ab,->ab', [[], [2, 3], []]);
    // the two scalars first (1 flop), then the scalar times ab (6): cheaper than touching ab twice
    expect(info.steps.map((s) => s.intermediateSize)).toEqual([1, 6]);
    expect(info.flops).toBe(7);
  });

  it('a hyperedge stays until its last holder: ai,bi,ci->abc sums i only in the last step', () => {
    const problem = problemOf('ai,bi,ci->abc');
    for (const name of names) {
      const steps = expandPath(problem, choosePath(problem, { optimize: name }));
      expect(steps.map((s) => s.removed), name).toEqual([[], ['i']]);
    }
  });

  it('a Hadamard product of three is two elementwise steps (nothing summed)', () => {
    const info = contractPath('ab,ab,ab->ab', [[3, 4], [3, 4], [3, 4]]);
    expect(info.steps.map((s) => [s.flops, s.removed])).toEqual([[12, []], [12, []]]);
  });

  it('heuristics defer outer products: ab,bc,de,ef-> contracts each component before joining them', () => {
    const problem = problemOf('ab,bc,de,ef->');
    for (const name of ['greedy', 'branch', 'random-greedy']) {
      const steps = expandPath(problem, choosePath(problem, { optimize: name }));
      expect(steps.at(-1)!.inputs, name).toEqual([[], []]);
    }
  });

  it('repeated labels inside an operand cost nothing extra: aab,bc->ac touches a, b, c once', () => {
    const info = contractPath('aab,bc->ac', [[2, 2, 3], [3, 4]]);
    expect(info.flops).toBe(2 * 3 * 4 * 2);
  });
});

describe('seeded and degenerate searches', () => {
  it('random-greedy is reproducible from its seed and keeps no state between calls', () => {
    const problem = problemOf('abhe,hidj,jgba,hiab,gab,cd,bdhe,aidb->e');
    const run = (seed: number) => choosePath(problem, { optimize: 'random-greedy', seed, trials: 12 });
    expect(run(3)).toEqual(run(3));
    expect(run(3)).toEqual(choosePath(problem, { optimize: 'random-greedy', seed: 3, trials: 12 }));
  });

  it('a size-0 index gives a valid path of zero cost under every optimizer', () => {
    const problem = { ...problemOf('ab,bc,cd->ad'), sizes: new Map([['a', 2], ['b', 0], ['c', 3], ['d', 4]]) };
    for (const name of names) {
      const info = contractPath('ab,bc,cd->ad', [[2, 0], [0, 3], [3, 4]], { optimize: name });
      expect(info.flops, name).toBe(0);
      expect(expandPath(problem, info.path).length, name).toBe(2);
    }
  });
});
