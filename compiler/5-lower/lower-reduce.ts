import { createNameSupply } from '../2-network/name-supply.js';
import type { ReductionOp } from '../../runtime/reductions.js';
import { rowMajorStrides } from '../../runtime/strided-array.js';
import { nestedLoops, type Cursor } from './loop-builder.js';
import type { Kernel, KernelBuffer, Reach } from './loop-ir.js';

/** The argument of a reduction as the plan holds it. */
export interface ReducedValue {
  readonly shape: readonly number[];
  readonly stride: readonly number[];
  readonly reach: Reach;
}

/**
 * max / min / logsumexp along `axes`: one loop per kept axis (pointers carried), and in the
 * innermost one a `reduce` statement over the reduced block, stored dense row-major:
 *   out[i] = logsumexp_j x[i,j]  →  loop i { reduce(logsumexp, x + i·s0, extents [n], strides [s1]) }
 */
export function lowerReduceKernel(label: string, op: ReductionOp, arg: ReducedValue, axes: readonly number[]): Kernel {
  const names = createNameSupply();
  const kept = arg.shape.map((_, k) => k).filter((k) => !axes.includes(k));
  const shape = kept.map((k) => arg.shape[k]!);
  const length = shape.reduce((p, n) => p * n, 1);
  const out = buffer(names.fresh('out'), 'output', names.fresh('o'), { min: 0, max: Math.max(0, length - 1) });
  const x = buffer(names.fresh('x'), 'input', names.fresh('o'), arg.reach);
  const indices = kept.map((k) => `a${k}`);
  const outStrides = rowMajorStrides(shape);
  const cursors: Cursor[] = [
    { buffer: out.name, pointer: out.base, strides: new Map(indices.map((i, j) => [i, outStrides[j]!])) },
    { buffer: x.name, pointer: x.base, strides: new Map(indices.map((i, j) => [i, arg.stride[kept[j]!]!])) },
  ];
  const body = nestedLoops(names, indices, new Map(indices.map((i, j) => [i, shape[j]!])), cursors, ([o, from]) => [{
    kind: 'reduce', op,
    from: { buffer: from!.buffer, pointer: from!.pointer, offset: 0 },
    extents: axes.map((a) => arg.shape[a]!), strides: axes.map((a) => arg.stride[a]!),
    to: { buffer: o!.buffer, pointer: o!.pointer, offset: 0 },
    counters: axes.map(() => names.fresh('i')), value: names.fresh('v'), accumulator: names.fresh('acc'), total: names.fresh('acc'),
  }]);
  return { name: `${label}_${op}`, buffers: [out, x], scratchLength: 0, body };
}

function buffer(name: string, role: KernelBuffer['role'], base: string, reach: Reach): KernelBuffer {
  return { name, role, base, reach };
}
