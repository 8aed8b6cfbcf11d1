import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { createKernelCache, type KernelCache } from '../../runtime/instantiate-kernel.js';
import type { IrStmt } from '../../runtime/kernel-ir.js';
import { compileEinsum, compileNetwork } from '../../src/compile.js';
import { randomProgram } from '../language/random-program.js';
import { createRandom, randomArray } from '../support/random.js';
import { permuteView } from '../support/views.js';

/**
 * The loop-nest interpreter (the path where `new Function` is forbidden) against the generated
 * JavaScript: the same plans, so every element must be identical bit for bit (Object.is: -0 and NaN too).
 */
const generated = (): KernelCache => createKernelCache(256, { execution: 'generated' });
const interpreted = (): KernelCache => createKernelCache(256, { execution: 'interpreted' });

function bitwiseDifferences(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let differ = 0;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) differ++;
  return differ;
}

function kindsIn(stmts: readonly IrStmt[], into = new Set<string>()): Set<string> {
  for (const s of stmts) {
    into.add(s.kind);
    if (s.kind === 'loop' || s.kind === 'tile') kindsIn(s.body, into);
  }
  return into;
}

describe('kernel interpreter', () => {
  afterEach(() => { vi.unstubAllGlobals(); });

  it('equals the generated kernels bit for bit on random Ricci programs (the compileNetwork property networks)', () => {
    let compared = 0;
    fc.assert(fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
      const { text, inputs } = randomProgram(createRandom(seed));
      const net = buildProgram(parseRicci(text));
      const roots = [...net.definitions.values()].map((d) => d.node);
      const shapes = Object.fromEntries(Object.entries(inputs).map(([name, a]) => [name, a.shape]));
      let expected;
      try { expected = compileNetwork(roots, shapes, { cache: generated(), backend: 'js' }).run(inputs); }
      catch (e) { if (isRicciError(e)) return; throw e; }
      const got = compileNetwork(roots, shapes, { cache: interpreted(), backend: 'js' }).run(inputs);
      got.forEach((r, k) => expect(bitwiseDifferences(r.data, expected[k]!.data), text).toBe(0));
      compared++;
    }), { numRuns: 150, seed: 8 });
    expect(compared).toBeGreaterThan(50);
  });

  it('equals them on packed, blocked and tiled products, strided views, maps and float32', () => {
    const random = createRandom(5);
    const cases: { subscripts: string; shapes: number[][]; dtype?: 'float32'; transpose?: number }[] = [
      { subscripts: 'ij,jk->ik', shapes: [[67, 300], [300, 45]] },
      { subscripts: 'ij,jk->ki', shapes: [[13, 7], [7, 9]], transpose: 0 },
      { subscripts: 'bij,bjk->bik', shapes: [[3, 9, 11], [3, 11, 5]], dtype: 'float32' },
      { subscripts: 'ii->i', shapes: [[6, 6]] },
      { subscripts: 'ij,ij->', shapes: [[17, 19], [17, 19]] },
      { subscripts: 'abc,cd,ea->bde', shapes: [[4, 5, 6], [6, 3], [2, 4]] },
    ];
    const kinds = new Set<string>();
    for (const c of cases) {
      // the transposed operand is a strided view of a [n, m] array (read in place, never copied)
      const args = c.shapes.map((s, k) => (k === c.transpose ? permuteView(randomArray([...s].reverse(), random), [1, 0]) : randomArray(s, random)));
      const options = { backend: 'js', ...(c.dtype ? { dtype: c.dtype } : {}) } as const;
      const shapes = args.map((a) => [...a.shape]);
      const viaSource = compileEinsum(c.subscripts, shapes, { ...options, cache: generated() });
      const viaIr = compileEinsum(c.subscripts, shapes, { ...options, cache: interpreted() });
      for (const k of viaIr.plan.kernels) kindsIn(k.ir.body, kinds);
      expect(bitwiseDifferences(viaIr.run(...args).data, viaSource.run(...args).data), c.subscripts).toBe(0);
    }
    // the cases reach every statement kind an einsum lowers to (reduce: test/5-lower/lower-reduce.test.ts)
    expect([...kinds].sort()).toEqual(['copy', 'fill', 'loop', 'multiplyAdd', 'tile']);
  });

  it('is chosen once per cache when new Function throws (as under a CSP without unsafe-eval)', () => {
    const refuse = function (): never { throw new EvalError('Refused to evaluate a string as JavaScript'); };
    vi.stubGlobal('Function', refuse);
    const cache = createKernelCache();
    expect(cache.execution()).toBe('interpreted');
    vi.unstubAllGlobals();
    expect(cache.execution()).toBe('interpreted');
    expect(createKernelCache().execution()).toBe('generated');
    const c = compileEinsum('ij,jk->ik', [[2, 2], [2, 2]], { cache, backend: 'js' }).run([[1, 2], [3, 4]], [[5, 6], [7, 8]]);
    expect(Array.from(c.data)).toEqual([19, 22, 43, 50]);
  });
});
