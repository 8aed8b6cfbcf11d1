import { createNameSupply } from '../2-network/name-supply.js';
import type { ElementwiseFn, IndexName } from '../2-network/network.js';
import { loadOnce, maybeTiled, nestedLoops, stepLoop, type Cursor } from './loop-builder.js';
import type { Kernel, KernelBuffer, Load, Reach, Stmt } from './loop-ir.js';
import type { LoweringParameters } from './lowering-parameters.js';
import type { DType } from '../../runtime/strided-array.js';

/** One addend: a stride per output index (absent: broadcast), its reach and its coefficient. */
export interface Addend {
  readonly strides: ReadonlyMap<IndexName, number>;
  readonly reach: Reach;
  readonly coefficient: number;
}

/**
 * A sum of broadcast terms, one pass over the output with a tile along its unit-stride index,
 * optionally through an elementwise function applied as each sum is stored (a Map over the Add):
 *   out[o] = f(Σ_t c_t · term_t[o restricted to the term's indices])
 * It also carries its layout, from which a SIMD backend derives its form (sum-step.ts).
 */
export function lowerSumKernel(label: string, output: readonly IndexName[], outputStrides: ReadonlyMap<IndexName, number>,
  sizes: ReadonlyMap<IndexName, number>, addends: readonly Addend[], params: LoweringParameters, map: ElementwiseFn | undefined, dtype: DType): Kernel {
  const names = createNameSupply();
  const length = output.reduce((p, i) => p * sizes.get(i)!, 1);
  const out = buffer(names.fresh('out'), 'output', names.fresh('o'), { min: 0, max: length - 1 });
  const terms = addends.map((a) => buffer(names.fresh('x'), 'input', names.fresh('o'), a.reach));
  const cursors: Cursor[] = [
    { buffer: out.name, pointer: out.base, strides: outputStrides },
    ...addends.map((a, k): Cursor => ({ buffer: terms[k]!.name, pointer: terms[k]!.base, strides: a.strides })),
  ];
  const columns = output.at(-1);
  const body = nestedLoops(names, output.slice(0, -1), sizes, cursors, (outer) =>
    maybeTiled(names, columns, sizes, params.tileColumns, outer, (width, [o, ...ts]): Stmt[] => {
      const accumulators = Array.from({ length: width }, () => names.fresh('acc'));
      const along = (c: Cursor): number => (columns === undefined ? 0 : c.strides.get(columns) ?? 0);
      const adds = ts.map((t, k): Stmt => {
        const loads: Load[] = [];
        const loadAt = loadOnce(names, t, loads);
        const updates = accumulators.map((accumulator, c) => ({ accumulator, coefficient: addends[k]!.coefficient, factors: [loadAt(c * along(t))] }));
        return { kind: 'multiplyAdd', loads, updates };
      });
      const store = accumulators.map((_, c) => ({ buffer: o!.buffer, pointer: o!.pointer, offset: c * along(o!) }));
      return [{ kind: 'tile', accumulators, mode: 'assign', scale: 1, map, store, body: adds }];
    }));
  return { name: `${label}_sum_${addends.length}`, buffers: [out, ...terms], scratchLength: 0, body, sum: { output, outputStrides, sizes, addends, map, dtype } };
}

/** A constant tensor of `length` elements all equal to `value` (a Const, or a Contract of constants). */
export function lowerFillKernel(label: string, length: number, value: number): Kernel {
  const names = createNameSupply();
  const out = buffer(names.fresh('out'), 'output', names.fresh('o'), { min: 0, max: length - 1 });
  return { name: `${label}_fill`, buffers: [out], scratchLength: 0, body: [{ kind: 'fill', to: { buffer: out.name, pointer: out.base, offset: 0 }, count: length, value }] };
}

/** The identity δ[i,j] of size n: zeros, then a 1 every n + 1 elements. */
export function lowerIdentityKernel(label: string, n: number): Kernel {
  const names = createNameSupply();
  const out = buffer(names.fresh('out'), 'output', names.fresh('o'), { min: 0, max: n * n - 1 });
  const diagonal: Cursor = { buffer: out.name, pointer: out.base, strides: new Map([['i', n + 1]]) };
  const ones = stepLoop(names, 'i', n, 1, 0, [diagonal], (_, [d]) => [
    { kind: 'fill', to: { buffer: d!.buffer, pointer: d!.pointer, offset: 0 }, count: 1, value: 1 },
  ]);
  return {
    name: `${label}_identity`, buffers: [out], scratchLength: 0,
    body: [{ kind: 'fill', to: { buffer: out.name, pointer: out.base, offset: 0 }, count: n * n, value: 0 }, ones],
  };
}

function buffer(name: string, role: KernelBuffer['role'], base: string, reach: Reach): KernelBuffer {
  return { name, role, base, reach };
}
