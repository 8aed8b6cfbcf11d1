import type { IndexName } from '../2-network/network.js';
import type { DType } from '../../runtime/strided-array.js';
import type { StepSpec } from './step-spec.js';

/**
 * A memory-bound step (any number of operands — more than two when 4-contraction-order/fuse-steps.ts
 * fused steps —, at most one summed index, no scale, no fused function) in the form a SIMD backend
 * renders next to its loop nest, when its layout allows one. Products multiply the operands in
 * buffer order, as the loop nest does.
 * Vectors run along one index, `vector`, at unit stride or broadcast (stride 0) in every operand:
 *   map:        for outer… { out[…, c] = Π_k op_k[…, c] }                          (Hadamard, outer product)
 *   accumulate: for outer… { out[…, c] = 0; for s { out[…, c] += Π_k op_k[…, s, c] } } (vec-mat, `ij->j`)
 *   dot:        for outer… { out[…] = Σ_c Π_k op_k[…, c] }                          (mat-vec, `ij->i`, Hadamard-reduce)
 * where `vector` is the output's last index (map, accumulate) or the summed one (dot: `ij,ij,i->i`'s
 * x[i] broadcast along it, one value per row). Strides are in elements, never negative; operands in the
 * kernel's buffer order (not the tile's).
 */
export interface StreamStep {
  readonly kind: 'map' | 'accumulate' | 'dot';
  readonly dtype: DType;
  /** Output indices outside the vector, outermost first. */
  readonly outer: readonly StreamLoop[];
  /** accumulate: the summed index (its output stride 0), looped outside the vector. */
  readonly summed: StreamLoop | undefined;
  readonly vector: { readonly extent: number; readonly operands: readonly (0 | 1)[] };
}

export interface StreamLoop {
  readonly extent: number;
  readonly output: number;
  readonly operands: readonly number[];
}

/** The step's stream form, or undefined when it has none (see StreamStep). `spec` is normalised, operands in buffer order. */
export function streamStepOf(spec: StepSpec, dtype: DType): StreamStep | undefined {
  const { operands, output, outputStrides, sizes } = spec;
  if (spec.map !== undefined || spec.scale !== 1 || operands.length === 0) return undefined;
  if ([...sizes.values()].some((n) => n === 0)) return undefined;
  if (operands.some((o) => [...o.strides.values()].some((s) => s < 0))) return undefined;
  const summed = [...new Set(operands.flatMap((o) => [...o.strides.keys()]))].filter((i) => !outputStrides.has(i));
  if (summed.length > 1) return undefined;
  const loop = (i: IndexName): StreamLoop => ({
    extent: sizes.get(i)!, output: outputStrides.get(i) ?? 0, operands: operands.map((o) => o.strides.get(i) ?? 0),
  });
  const along = (i: IndexName): (0 | 1)[] | undefined => {
    const strides = operands.map((o) => o.strides.get(i) ?? 0);
    return strides.every((s) => s === 0 || s === 1) && strides.includes(1) ? (strides as (0 | 1)[]) : undefined;
  };
  const last = output.at(-1);
  const columns = last === undefined ? undefined : along(last);
  if (last !== undefined && columns !== undefined && outputStrides.get(last) === 1) {
    return {
      kind: summed.length === 0 ? 'map' : 'accumulate', dtype,
      outer: output.slice(0, -1).map(loop), summed: summed.length === 0 ? undefined : loop(summed[0]!),
      vector: { extent: sizes.get(last)!, operands: columns },
    };
  }
  const s = summed[0];
  const vector = s === undefined ? undefined : along(s);
  if (s === undefined || vector === undefined) return undefined;
  return { kind: 'dot', dtype, outer: output.map(loop), summed: undefined, vector: { extent: sizes.get(s)!, operands: vector } };
}

/** Multiply-adds (or products) the step does: its loops' extents multiplied. */
export function streamWork(step: StreamStep): number {
  return [...step.outer, ...(step.summed ? [step.summed] : [])].reduce((n, l) => n * l.extent, step.vector.extent);
}
