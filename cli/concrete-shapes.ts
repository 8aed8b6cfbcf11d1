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

/**
 * `--sizes` as given, each name checked against the program's symbolic sizes: a misspelt name
 * (`--sizes n=5` where the sizes are i, j) is a usage error, not a size silently left at its default.
 */
export function programSizes(d: Derivative, sizes: Readonly<Record<string, number>>): Readonly<Record<string, number>> {
  const known = new Set<string>();
  for (const input of d.program.inputs.values()) for (const s of input.shape) if (typeof s === 'string') known.add(s);
  const unknown = Object.keys(sizes).filter((name) => !known.has(name));
  if (unknown.length > 0)
    throw new UsageError(`--sizes names ${unknown.map((n) => `'${n}'`).join(', ')}, which ${unknown.length === 1 ? 'is not a size' : 'are not sizes'} of this program (${known.size === 0 ? 'it has no symbolic sizes' : `its sizes: ${[...known].join(', ')}`})`);
  return sizes;
}
