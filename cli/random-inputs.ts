import type { Derivative } from '../src/index.js';
import { UsageError } from './input.js';

/** mulberry32: a small seeded generator, so `ricci check --seed N` is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Concrete shapes of the program's inputs: numbers as declared, symbolic sizes from `sizes`, else
 * from `fallback` (called once per symbol), else a usage error naming the missing ones.
 */
export function concreteShapes(d: Derivative, sizes: Readonly<Record<string, number>>,
  fallback?: (symbol: string) => number): Record<string, number[]> {
  const bound = new Map(Object.entries(sizes));
  const missing = new Set<string>();
  const shapes: Record<string, number[]> = {};
  for (const [name, input] of d.program.inputs) {
    shapes[name] = input.shape.map((s) => {
      if (typeof s === 'number') return s;
      if (!bound.has(s) && fallback) bound.set(s, fallback(s));
      const value = bound.get(s);
      if (value === undefined) { missing.add(s); return 0; }
      return value;
    });
  }
  if (missing.size > 0) throw new UsageError(`give the size of ${[...missing].join(', ')}: --sizes ${[...missing].map((s) => `${s}=3`).join(',')}`);
  return shapes;
}

/**
 * Inputs of those shapes with entries uniform in [0.5, 1.5): away from 0, where log, 1/x and sqrt
 * stay smooth; square matrices get 2n added on the diagonal (strictly diagonally dominant with a
 * positive diagonal, so det > 0 and inv, det and logdet are well conditioned).
 */
export function randomInputs(shapes: Readonly<Record<string, readonly number[]>>, random: () => number): Record<string, Dense> {
  return Object.fromEntries(Object.entries(shapes).map(([name, shape]) => {
    const data = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 0.5 + random());
    const stride = shape.map((_, d) => shape.slice(d + 1).reduce((a, b) => a * b, 1));
    if (shape.length === 2 && shape[0] === shape[1]) for (let k = 0; k < shape[0]!; k++) data[k * (shape[0]! + 1)] = data[k * (shape[0]! + 1)]! + 2 * shape[0]!;
    return [name, { data, shape: [...shape], stride, offset: 0 }];
  }));
}

export interface Dense {
  readonly data: Float64Array;
  readonly shape: number[];
  readonly stride: number[];
  readonly offset: number;
}
