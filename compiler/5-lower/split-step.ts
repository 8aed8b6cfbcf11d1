import { gemmReach, type GemmReach } from './gemm-reach.js';
import type { LoweringParameters } from './lowering-parameters.js';
import type { MatmulStep } from './matmul-step.js';

/**
 * One thread's share of a GEMM-form step: the same form over a range of one output index, and
 * how far its bases (element offsets) sit from the whole step's. Each part writes a disjoint,
 * consecutive block of the output and sums every element exactly as the whole step does (the
 * split is never along the summed index), so a threaded run equals a one-thread run bit for bit.
 */
export interface GemmPart {
  readonly form: MatmulStep;
  readonly offset: { readonly output: number; readonly left: number; readonly right: number };
  /** What the part touches from its bases (the runtime stages a worker's part first and hands it over). */
  readonly reach: GemmReach;
}

/** A loop of the form that may be split: its extent and strides, and how to narrow the form to a range of it. */
interface Splittable {
  readonly extent: number;
  readonly output: number;
  readonly left: number;
  readonly right: number;
  /** Values of the index a part should hold a multiple of (the register tile's rows for `rows`). */
  readonly grain: number;
  narrow(form: MatmulStep, extent: number): MatmulStep;
}

/**
 * The parts a step is split into for `params.threads` threads, or undefined when it runs whole:
 * one thread, fewer than `params.threadMinimum` multiply-adds (a worker's hand-off costs more), or
 * no output index whose values are consecutive blocks of the output (the slowest-varying one: the
 * batch of attention, else the rows of a matrix product).
 */
export function gemmParts(step: MatmulStep, params: LoweringParameters): GemmPart[] | undefined {
  const work = step.outer.reduce((n, l) => n * l.extent, step.rows * step.columns * step.depth);
  if (params.threads < 2 || work < params.threadMinimum) return undefined;
  const loops = splittable(step);
  const loop = loops.find((s) => s.extent >= 2 && s.output * s.extent === step.outputLength);
  if (loop === undefined) return undefined;
  const count = Math.min(params.threads, loop.extent);
  // even shares, the calling thread's (part 0) the smallest: it stages the workers' parts first,
  // handing each over as it is in, then its own (a batched step run a batch at a time: the threads
  // take batches as they go, so its part only says how many)
  const extents = evenly(loop.extent, count, loop.grain).reverse();
  const parts: GemmPart[] = [];
  let start = 0;
  for (const extent of extents) {
    const form = { ...loop.narrow(step, extent), outputLength: extent * loop.output };
    parts.push({ form, offset: { output: start * loop.output, left: start * loop.left, right: start * loop.right }, reach: gemmReach(form) });
    start += extent;
  }
  return parts.length > 1 ? parts : undefined;
}

/** `total` values in at most `count` near-equal extents, multiples of `grain` (the last takes the rest). */
function evenly(total: number, count: number, grain: number): number[] {
  const share = Math.ceil(total / count / grain) * grain;
  const extents: number[] = [];
  for (let left = total; left > 0; left -= Math.min(share, left)) extents.push(Math.min(share, left));
  return extents;
}

function splittable(step: MatmulStep): Splittable[] {
  const outer = step.outer.map((l, k): Splittable => ({
    ...l, grain: 1,
    narrow: (form, extent) => ({ ...form, outer: form.outer.map((m, j) => (j === k ? { ...m, extent } : m)) }),
  }));
  const rows: Splittable = {
    extent: step.rows, output: step.outputRow, left: step.left.row, right: 0, grain: step.blocking.tileRows,
    narrow: (form, extent) => ({ ...form, rows: extent }),
  };
  return [...outer, rows];
}
