import { fail } from '../diagnostics/pipeline-errors.js';
import type { Where } from '../diagnostics/span.js';
import type { InputNode, Size } from './network.js';

/** Symbolic sizes bound to integers from the shapes of the inputs given. */
export type SizeBinding = ReadonlyMap<string, number>;

/** Anything with a shape: a strided array, or just the shape an input will have. */
export interface Shaped {
  readonly shape: readonly number[];
}

/** What the binder needs of an input: its name and declared shape (an InputNode, or a compiled shape). */
export type DeclaredInput = Pick<InputNode, 'name' | 'shape'>;

export interface BindOptions {
  /** Where an input is written in the source (its declaration or first use), for the caret. */
  readonly where?: ((name: string) => Where | undefined) | undefined;
  /** Inputs checked and bound when given, not required (a program input the result does not read). */
  readonly optional?: readonly DeclaredInput[] | undefined;
}

/**
 * The one input binder: every entry point (evaluate, a Derivative's evaluate/check/compile,
 * compileNetwork, the reference evaluator) binds through it, so one mistake has one code:
 *   missing_input          an input without a value (or shape)
 *   input_shape_disagrees  a rank or a fixed size other than declared
 *   input_size_conflict    one symbolic size given two values by two inputs
 * (A value that is not a tensor at all is invalid_input, raised where values are read.)
 *   inputs x: [n], W: [n, m] given shapes [3], [3, 2]  →  { n: 3, m: 2 }
 */
export function bindSizes(inputs: readonly DeclaredInput[], values: Readonly<Record<string, Shaped>>, options: BindOptions = {}): SizeBinding {
  const bound = new Map<string, number>();
  const firstInput = new Map<string, string>();
  const where = (name: string): Where | undefined => options.where?.(name);
  const bind = (node: DeclaredInput, value: Shaped): void => {
    const actual = value.shape;
    const disagrees = (): never => fail('input_shape_disagrees', where(node.name), node.name, showShape(node.shape), showShape(actual));
    if (actual.length !== node.shape.length) disagrees();
    node.shape.forEach((size, axis) => {
      const n = actual[axis]!;
      if (typeof size === 'number') {
        if (size !== n) disagrees();
        return;
      }
      const seen = bound.get(size);
      if (seen === undefined) {
        bound.set(size, n);
        firstInput.set(size, node.name);
      } else if (seen !== n) fail('input_size_conflict', where(node.name), size, node.name, n, seen, firstInput.get(size)!);
    });
  };
  for (const node of inputs) {
    const value = valueOf(values, node.name);
    if (!value) return fail('missing_input', where(node.name), node.name);
    bind(node, value);
  }
  for (const node of options.optional ?? []) {
    const value = valueOf(values, node.name);
    if (value) bind(node, value);
  }
  return bound;
}

export function resolveSize(size: Size, binding: SizeBinding): number {
  if (typeof size === 'number') return size;
  const n = binding.get(size);
  if (n === undefined) return fail('symbol_unbound', undefined, size);
  return n;
}

/** Own properties only: `constructor` or `__proto__` are input names like any other. */
function valueOf(values: Readonly<Record<string, Shaped>>, name: string): Shaped | undefined {
  return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
}

function showShape(shape: readonly Size[]): string {
  return `[${shape.join(', ')}]`;
}
