import type { DenseArray } from '../../runtime/strided-array.js';
import { rowMajorStrides } from '../../runtime/strided-array.js';

export type Nested = number | readonly Nested[];

/** A nested list from the numpy fixtures as a dense row-major array. */
export function fromNested(value: Nested): DenseArray {
  const shape: number[] = [];
  for (let v: Nested = value; Array.isArray(v); v = (v as readonly Nested[])[0]!) shape.push((v as readonly Nested[]).length);
  const flat = [value].flat(Infinity as 1) as number[];
  return { data: Float64Array.from(flat), shape, stride: rowMajorStrides(shape), offset: 0 };
}

export function fromNestedRecord(values: Readonly<Record<string, Nested>>): Record<string, DenseArray> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fromNested(v)]));
}
