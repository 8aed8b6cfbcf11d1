import { fail } from '../diagnostics/ricci-error.js';
import type { StridedArray } from '../../runtime/strided-array.js';
import type { InputNode, Size } from './network.js';

/** Symbolic sizes bound to integers from the shapes of the inputs actually given. */
export type SizeBinding = ReadonlyMap<string, number>;

/**
 * Binds every symbolic size (`n`, `m`) from the inputs' shapes and checks concrete sizes.
 * Throws input_missing, input_shape_mismatch or symbol_size_conflict with the values involved.
 */
export function bindSizes(inputs: readonly InputNode[], values: Readonly<Record<string, StridedArray>>): SizeBinding {
  const bound = new Map<string, number>();
  for (const node of inputs) {
    const value = Object.prototype.hasOwnProperty.call(values, node.name) ? values[node.name] : undefined;
    if (!value) return fail('input_missing', undefined, node.name);
    if (value.shape.length !== node.shape.length)
      fail('input_shape_mismatch', undefined, node.name, showDeclared(node.shape), value.shape);
    node.shape.forEach((size, axis) => {
      const actual = value.shape[axis]!;
      if (typeof size === 'number') {
        if (size !== actual) fail('input_shape_mismatch', undefined, node.name, showDeclared(node.shape), value.shape);
        return;
      }
      const seen = bound.get(size);
      if (seen === undefined) bound.set(size, actual);
      else if (seen !== actual) fail('symbol_size_conflict', undefined, size, seen, actual, node.name);
    });
  }
  return bound;
}

export function resolveSize(size: Size, binding: SizeBinding): number {
  if (typeof size === 'number') return size;
  const n = binding.get(size);
  if (n === undefined) return fail('symbol_unbound', undefined, size);
  return n;
}

function showDeclared(shape: readonly Size[]): string {
  return shape.length === 0 ? '() (a scalar)' : `(${shape.join(', ')})`;
}
