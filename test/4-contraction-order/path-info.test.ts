import { describe, expect, it } from 'vitest';
import { registerOptimizer, defaultOptimizers } from '../../compiler/4-contraction-order/registry.js';
import { RicciError } from '../../compiler/diagnostics/ricci-error.js';
import { contractPath } from '../../src/contract-path.js';
import { registerOptimizer as registerChecked } from '../../src/index.js';

describe('contractPath and PathInfo', () => {
  it('reports the matrix chain ij,jk,kl->il with per-step records', () => {
    // (AB) first: 2·3·4·2 = 48 flops, then (AB)C: 2·4·5·2 = 80; naive 2·3·4·5 · (2 + 1) = 360
    const info = contractPath('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]], { optimize: 'optimal' });
    expect(info.path).toEqual([[0, 1], [0, 1]]);
    expect(info.ssaPath).toEqual([[0, 1], [2, 3]]);
    expect(info.flops).toBe(128);
    expect(info.naiveFlops).toBe(360);
    expect(info.speedup).toBeCloseTo(360 / 128, 12);
    expect(info.scaling).toBe(3);
    expect(info.naiveScaling).toBe(4);
    expect(info.largestIntermediate).toBe(10);
    expect(info.multiplyAdds).toBe(24 + 40);
    expect(info.elementsWritten).toBe(8 + 10);
    expect(info.steps.map((s) => [s.subscripts, s.remaining, s.flops, s.removed, s.intermediateSize])).toEqual([
      ['ij,jk->ik', 'kl,ik->il', 48, ['j'], 8],
      ['kl,ik->il', 'il->il', 80, ['k'], 10],
    ]);
  });

  it('prints numpy\'s explain table', () => {
    const text = contractPath('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]]).toString();
    expect(text.split('\n').slice(0, 7)).toEqual([
      '  Complete contraction:  ij,jk,kl->il',
      '         Naive scaling:  4',
      '     Optimized scaling:  3',
      '      Naive FLOP count:  3.600e+02',
      '  Optimized FLOP count:  1.280e+02',
      '   Theoretical speedup:  2.813',
      '  Largest intermediate:  1.000e+01 elements',
    ]);
    expect(text).toMatch(/\n\s+3\s+4\.800e\+01\s+ij,jk->ik\s+kl,ik->il\n\s+3\s+8\.000e\+01\s+kl,ik->il\s+il->il$/);
  });

  it('sums single-operand indices first: aab,fa,df,ecc->bde costs 212, not 600', () => {
    const sizes = { a: 2, b: 3, c: 4, d: 5, e: 4, f: 3 } as Record<string, number>;
    const shapes = ['aab', 'fa', 'df', 'ecc'].map((t) => [...t].map((c) => sizes[c]!));
    const info = contractPath('aab,fa,df,ecc->bde', shapes, { optimize: 'optimal' });
    expect(info.flops).toBe(212);
    expect(info.steps[0]).toMatchObject({ positions: [3], subscripts: 'ecc->e', flops: 32, removed: ['c'] });
  });

  it('labels ellipsis dimensions with spare characters', () => {
    const info = contractPath('...ij,...jk->...ik', [[7, 2, 3], [7, 3, 4]]);
    expect(info.contraction).toMatch(/^(\S)ij,\1jk->\1ik$/u);
    expect(info.flops).toBe(7 * 2 * 3 * 4 * 2);
  });

  it('lists the registered names for an unknown optimizer and accepts registered ones', () => {
    expect(() => contractPath('ij,jk->ik', [[2, 3], [3, 4]], { optimize: 'fastest' }))
      .toThrow(/path_unknown_optimizer: Unknown path optimizer 'fastest'; registered optimizers: auto, optimal, dp, branch, greedy, random-greedy/);
    const leftToRight = registerOptimizer(defaultOptimizers, 'left-to-right', (p) => p.inputs.slice(1).map(() => [0, 1]));
    const info = contractPath('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]], { optimize: 'left-to-right', optimizers: leftToRight });
    expect(info.path).toEqual([[0, 1], [0, 1]]);
    expect(defaultOptimizers.has('left-to-right')).toBe(false);
  });

  it('points at the subscripts and refuses exhaustive search beyond 16 operands', () => {
    const subscripts = Array.from({ length: 17 }, (_, k) => `${String.fromCharCode(97 + k)}${String.fromCharCode(98 + k)}`).join(',');
    const shapes = Array.from({ length: 17 }, () => [2, 2]);
    try {
      contractPath(subscripts, shapes, { optimize: 'optimal' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RicciError);
      expect((e as RicciError).code).toBe('path_search_too_large');
      expect((e as RicciError).values).toEqual(['optimal', 17, 16]);
      expect((e as RicciError).span).toEqual({ start: 0, end: subscripts.length });
    }
    // dp still handles it: 16 matrix products of 2×2 matrices, 2·2·2 × 2 flops each
    expect(contractPath(subscripts, shapes, { optimize: 'dp' }).flops).toBe(16 * 16);
  });

  it('names the optimizers that do take a network too large for the one asked for, not that one', () => {
    const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
    const message = (optimize: 'optimal' | 'dp', n: number): string => {
      const subscripts = Array.from({ length: n }, (_, k) => `${letters[k]}${letters[k + 1]}`).join(',');
      try {
        contractPath(subscripts, Array.from({ length: n }, () => [2, 2]), { optimize });
        return 'no error';
      } catch (e) {
        expect((e as RicciError).code).toBe('path_search_too_large');
        return (e as RicciError).message;
      }
    };
    expect(message('dp', 31)).toContain("searches at most 30 operands, got 31; use 'auto', 'random-greedy', 'greedy'");
    expect(message('optimal', 17)).toContain("searches at most 16 operands, got 17; use 'auto', 'dp', 'random-greedy', 'greedy'");
  });

  it('rejects an invalid path from a registered optimizer', () => {
    const broken = registerOptimizer(defaultOptimizers, 'broken', () => [[0, 0]]);
    const attempt = () => contractPath('ij,jk->ik', [[2, 3], [3, 4]], { optimize: 'broken', optimizers: broken });
    expect(attempt).toThrow(RicciError);
    expect(attempt).toThrow(/path_invalid: Invalid contraction path \[\[0,0\]\] for 2 operands \(from optimizer 'broken'\): step 0 names position 0 twice/);
  });

  it('the public registerOptimizer refuses an empty name, which no optimize option could name', () => {
    const attempt = () => registerChecked(defaultOptimizers, '', (p) => p.inputs.slice(1).map(() => [0, 1]));
    expect(attempt).toThrow(RicciError);
    expect(attempt).toThrow(/invalid_argument: .*registerOptimizer.*name.*a non-empty name/);
    expect(registerChecked(defaultOptimizers, 'mine', (p) => p.inputs.slice(1).map(() => [0, 1])).has('mine')).toBe(true);
  });
});
