import type { IndexName } from '../2-network/network.js';
import { stepIndices, type StepSpec } from './step-spec.js';

/**
 * The normal form of a step before it is classified: size-1 indices dropped, index pairs that
 * every tensor lays out as one merged (fewer, longer loops; abcd,cdef→abef becomes a matrix product).
 */
export function normalizeStep(spec: StepSpec): StepSpec {
  return coalesceIndices(dropUnitIndices(spec));
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
