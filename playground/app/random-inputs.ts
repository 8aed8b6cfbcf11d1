import type { Derivative, TensorLike } from 'ricci';
import type { ProgramNames } from './program-names.js';

/** Random values for every input, and the sizes chosen for symbolic dimensions. */
export interface RandomInputs {
  readonly values: Record<string, TensorLike>;
  readonly shapes: Record<string, number[]>;
  /** Symbolic size → the number chosen, e.g. { n: 3, m: 4 }. */
  readonly sizes: Record<string, number>;
}

/** Distinct sizes for distinct symbols, so a transposed result cannot pass by accident. */
const SIZES = [3, 4, 2, 5];

/**
 * Entries in [0.2, 1.2): positive, so log and sqrt are defined; square matrices get their size
 * added to the diagonal so inv/det/logdet are well conditioned; symmetric declarations are honoured.
 */
export function randomInputs(d: Derivative, names: ProgramNames, seed: number): RandomInputs {
  const next = mulberry32(seed);
  const sizes: Record<string, number> = {};
  const size = (s: number | string): number => typeof s === 'number' ? s : (sizes[s] ??= SIZES[Object.keys(sizes).length % SIZES.length]!);
  const values: Record<string, TensorLike> = {};
  const shapes: Record<string, number[]> = {};
  d.program.inputs.forEach((input, name) => {
    const shape = input.shape.map(size);
    shapes[name] = shape;
    values[name] = tensor(shape, next, names.symmetric.has(name));
  });
  return { values, shapes, sizes };
}

function tensor(shape: readonly number[], next: () => number, symmetric: boolean): TensorLike {
  if (shape.length === 0) return 0.2 + next();
  if (shape.length === 1) return Array.from({ length: shape[0]! }, () => 0.2 + next());
  if (shape.length === 2) {
    const [rows, cols] = shape as [number, number];
    const m = Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0.2 + next()));
    if (rows === cols) for (let i = 0; i < rows; i++) {
      m[i]![i]! += rows;
      if (symmetric) for (let j = 0; j < i; j++) m[i]![j] = m[j]![i]!;
    }
    return m;
  }
  return Array.from({ length: shape[0]! }, () => tensor(shape.slice(1), next, false)) as TensorLike;
}

/** A small seeded generator: the same seed gives the same inputs, so a shared link reproduces the check. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
