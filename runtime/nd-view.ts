import type ndarray from 'ndarray';
import type { FloatData } from './strided-array.js';

/**
 * The scijs ndarray interface over float data, written out instead of taken from the `ndarray`
 * package, which builds its classes with `new Function` (refused under a CSP without
 * 'unsafe-eval'). Same fields and view semantics (lo, hi, step, transpose, pick, T); views share data.
 */
export class NdView<D extends FloatData> implements ndarray.NdArray<D> {
  constructor(
    readonly data: D,
    readonly shape: number[],
    readonly stride: number[],
    readonly offset: number,
  ) {}

  get dtype(): ndarray.DataType<D> {
    return (this.data instanceof Float32Array ? 'float32' : 'float64') as ndarray.DataType<D>;
  }

  get size(): number {
    return this.shape.reduce((a, b) => a * b, 1);
  }

  get dimension(): number {
    return this.shape.length;
  }

  /** Axes by increasing |stride| (scijs's `order`). */
  get order(): number[] {
    return this.stride.map((s, d) => [Math.abs(s), d] as const).sort((a, b) => a[0] - b[0]).map(([, d]) => d);
  }

  get T(): NdView<D> {
    return this.transpose(...this.shape.map((_, d) => this.shape.length - 1 - d));
  }

  /** The flat position of an element (typed as scijs types it). */
  index(...i: number[]): ndarray.Value<D> {
    return this.at(i) as ndarray.Value<D>;
  }

  get(...i: number[]): ndarray.Value<D> {
    return this.data[this.at(i)] as ndarray.Value<D>;
  }

  set(...args: number[]): ndarray.Value<D> {
    const value = args[this.shape.length]!;
    this.data[this.at(args)] = value;
    return value as ndarray.Value<D>;
  }

  private at(i: readonly number[]): number {
    let at = this.offset;
    for (let d = 0; d < this.stride.length; d++) at += this.stride[d]! * (i[d] ?? 0);
    return at;
  }

  /** Ends each axis at i (exclusive) where i is a non-negative number. */
  hi(...i: number[]): NdView<D> {
    return new NdView(this.data, this.shape.map((n, d) => (isIndex(i[d]) ? Math.trunc(i[d]!) : n)), [...this.stride], this.offset);
  }

  /** Starts each axis at i where i is a non-negative number. */
  lo(...i: number[]): NdView<D> {
    let offset = this.offset;
    const shape = this.shape.map((n, d) => {
      if (!isIndex(i[d])) return n;
      const k = Math.trunc(i[d]!);
      offset += this.stride[d]! * k;
      return n - k;
    });
    return new NdView(this.data, shape, [...this.stride], offset);
  }

  /** Every s-th element of each axis given a number s (a negative s walks it backwards). */
  step(...s: number[]): NdView<D> {
    let offset = this.offset;
    const shape = [...this.shape];
    const stride = [...this.stride];
    for (let d = 0; d < shape.length; d++) {
      if (typeof s[d] !== 'number' || s[d] === 0) continue;
      const k = Math.trunc(s[d]!);
      if (k < 0) {
        offset += stride[d]! * (shape[d]! - 1);
        shape[d] = Math.ceil(-shape[d]! / k);
      } else shape[d] = Math.ceil(shape[d]! / k);
      stride[d] = stride[d]! * k;
    }
    return new NdView(this.data, shape, stride, offset);
  }

  /** Axis d of the view is axis order[d] of this one (missing entries keep their place). */
  transpose(...order: number[]): NdView<D> {
    const axes = this.shape.map((_, d) => order[d] ?? d);
    return new NdView(this.data, axes.map((a) => this.shape[a]!), axes.map((a) => this.stride[a]!), this.offset);
  }

  /** Fixes each axis given a non-negative index, dropping it; null or a negative keeps it. */
  pick(...i: (number | null)[]): NdView<D> {
    let offset = this.offset;
    const shape: number[] = [];
    const stride: number[] = [];
    this.shape.forEach((n, d) => {
      const k = i[d];
      if (typeof k === 'number' && k >= 0) offset += this.stride[d]! * Math.trunc(k);
      else { shape.push(n); stride.push(this.stride[d]!); }
    });
    return new NdView(this.data, shape, stride, offset);
  }
}

function isIndex(i: number | undefined): boolean {
  return typeof i === 'number' && i >= 0;
}
