import type { ElementwiseFn, IndexName } from '../2-network/network.js';
import type { Reach } from './loop-ir.js';

/**
 * One step of a path as the lowering sees it: each operand and the output as a stride per index
 * (a repeated index has the sum of its axes' strides: the diagonal view, no copy).
 *   out[o] = map(scale · Σ_{summed} Π_k operand_k[…])
 */
export interface StepOperand {
  readonly strides: ReadonlyMap<IndexName, number>;
  readonly reach: Reach;
}

export interface StepSpec {
  readonly operands: readonly StepOperand[];
  /** Output indices in row-major order; the output is dense. */
  readonly output: readonly IndexName[];
  readonly outputStrides: ReadonlyMap<IndexName, number>;
  readonly sizes: ReadonlyMap<IndexName, number>;
  readonly scale: number;
  /** An elementwise function fused into the store (none: the identity). */
  readonly map: ElementwiseFn | undefined;
}

/** Stride per index: A[i,i] with strides (n,1) → {i: n+1}. */
export function stridesByIndex(indices: readonly IndexName[], stride: readonly number[]): Map<IndexName, number> {
  const strides = new Map<IndexName, number>();
  indices.forEach((name, axis) => strides.set(name, (strides.get(name) ?? 0) + stride[axis]!));
  return strides;
}

/** The element offsets an array can reach from its base: Σ min(0,(n−1)s) … Σ max(0,(n−1)s). */
export function reachOf(shape: readonly number[], stride: readonly number[]): Reach {
  let min = 0;
  let max = 0;
  shape.forEach((n, k) => {
    const span = (n - 1) * stride[k]!;
    if (n > 0) { min += Math.min(0, span); max += Math.max(0, span); }
  });
  return { min, max };
}

/** Indices of the whole step: output first, then summed ones in operand order. */
export function stepIndices(spec: StepSpec): IndexName[] {
  return [...new Set([...spec.output, ...spec.operands.flatMap((o) => [...o.strides.keys()])])];
}

export function summedIndices(spec: StepSpec): IndexName[] {
  return stepIndices(spec).filter((i) => !spec.outputStrides.has(i));
}

/** Size-1 indices only ever take the value 0: remove them everywhere. */
export function dropUnitIndices(spec: StepSpec): StepSpec {
  const keep = (i: IndexName): boolean => spec.sizes.get(i) !== 1;
  const filter = (m: ReadonlyMap<IndexName, number>): Map<IndexName, number> => new Map([...m].filter(([i]) => keep(i)));
  return {
    ...spec,
    operands: spec.operands.map((o) => ({ ...o, strides: filter(o.strides) })),
    output: spec.output.filter(keep),
    outputStrides: filter(spec.outputStrides),
  };
}

/**
 * Merges index pairs that every tensor lays out as one: x outer, y inner with s(x) = s(y)·n(y) in
 * each operand and the output holding either. abcd,cdef→abef becomes (ab)(cd),(cd)(ef)→(ab)(ef).
 */
export function coalesceIndices(spec: StepSpec): StepSpec {
  for (const x of stepIndices(spec))
    for (const y of stepIndices(spec))
      if (x !== y && mergeable(spec, x, y)) return coalesceIndices(merge(spec, x, y));
  return spec;
}

function tensorsOf(spec: StepSpec): ReadonlyMap<IndexName, number>[] {
  return [spec.outputStrides, ...spec.operands.map((o) => o.strides)];
}

function mergeable(spec: StepSpec, x: IndexName, y: IndexName): boolean {
  const inner = spec.sizes.get(y)!;
  const outputAdjacent = !spec.outputStrides.has(x) || spec.output.indexOf(x) + 1 === spec.output.indexOf(y);
  return outputAdjacent && tensorsOf(spec).every((t) =>
    t.has(x) === t.has(y) && (!t.has(x) || t.get(x) === t.get(y)! * inner));
}

function merge(spec: StepSpec, x: IndexName, y: IndexName): StepSpec {
  const joined = `${x}·${y}`;
  const rename = (m: ReadonlyMap<IndexName, number>): Map<IndexName, number> => {
    if (!m.has(x)) return new Map(m);
    return new Map([...m].flatMap(([i, s]): [IndexName, number][] => (i === x ? [[joined, m.get(y)!]] : i === y ? [] : [[i, s]])));
  };
  const sizes = new Map(spec.sizes);
  sizes.set(joined, spec.sizes.get(x)! * spec.sizes.get(y)!);
  return {
    ...spec,
    operands: spec.operands.map((o) => ({ ...o, strides: rename(o.strides) })),
    output: spec.output.flatMap((i) => (i === x ? [joined] : i === y ? [] : [i])),
    outputStrides: rename(spec.outputStrides),
    sizes,
  };
}
