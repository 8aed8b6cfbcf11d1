import type { Derivative } from '../src/index.js';
import { UsageError } from './input.js';

/**
 * Concrete shapes of the program's inputs for `compile`: numbers as declared, symbolic sizes from
 * `sizes`, else a usage error naming the missing ones (`check` takes the library's randomInputs).
 */
export function concreteShapes(d: Derivative, sizes: Readonly<Record<string, number>>): Record<string, number[]> {
  const bound = new Map(Object.entries(sizes));
  const missing = new Set<string>();
  const shapes: Record<string, number[]> = {};
  for (const [name, input] of d.program.inputs) {
    shapes[name] = input.shape.map((s) => {
      if (typeof s === 'number') return s;
      const value = bound.get(s);
      if (value === undefined) { missing.add(s); return 0; }
      return value;
    });
  }
  if (missing.size > 0) throw new UsageError(`give the size of ${[...missing].join(', ')}: --sizes ${[...missing].map((s) => `${s}=3`).join(',')}`);
  return shapes;
}
