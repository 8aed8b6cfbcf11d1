import { fail } from '../compiler/diagnostics/pipeline-errors.js';

/**
 * Argument checks of the public functions: each names the function and the parameter, so plain
 * JavaScript misuse (a null, a missing shapes list, a string for an array) ends in
 * `invalid_argument` instead of a TypeError from deep inside the compiler.
 */
export function invalidArgument(fn: string, parameter: string, got: unknown, expected: string): never {
  return fail('invalid_argument', undefined, fn, parameter, describe(got), expected);
}

export function checkString(fn: string, parameter: string, got: unknown): string {
  return typeof got === 'string' ? got : invalidArgument(fn, parameter, got, 'a string');
}

/** A list of shapes, each a list of whole numbers ≥ 0, copied into owned arrays. */
export function checkShapeList(fn: string, parameter: string, got: unknown): number[][] {
  if (!Array.isArray(got)) return invalidArgument(fn, parameter, got, 'an array of shapes such as [[2, 3], [3, 4]]');
  return got.map((shape: unknown, k) => checkShape(fn, `${parameter}[${k}]`, shape));
}

/** Shapes by input name: { x: [3], W: [3, 4] }, copied into owned arrays. */
export function checkShapeRecord(fn: string, parameter: string, got: unknown): Record<string, number[]> {
  if (typeof got !== 'object' || got === null || Array.isArray(got))
    return invalidArgument(fn, parameter, got, "an object of shapes by input name such as { x: [3], W: [3, 4] }");
  // prototype-less, so '__proto__' stays a plain input name
  const owned: Record<string, number[]> = Object.create(null);
  for (const [name, shape] of Object.entries(got))
    Object.defineProperty(owned, name, { value: checkShape(fn, `${parameter}.${name}`, shape), enumerable: true });
  return owned;
}

function checkShape(fn: string, parameter: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) return invalidArgument(fn, parameter, shape, 'a shape: an array of whole numbers ≥ 0');
  const owned = [...shape as unknown[]];
  owned.forEach((n, axis) => {
    if (!(typeof n === 'number' && Number.isSafeInteger(n) && n >= 0))
      invalidArgument(fn, `${parameter}[${axis}]`, n, 'a whole number ≥ 0');
  });
  return owned as number[];
}

/** An options object or nothing; only the keys listed. */
export function checkOptionsObject<T>(fn: string, got: unknown, keys: readonly string[]): T {
  if (got === undefined) return {} as T;
  if (typeof got !== 'object' || got === null || Array.isArray(got)) return invalidArgument(fn, 'options', got, 'an object of options');
  for (const [key, value] of Object.entries(got))
    if (!keys.includes(key)) invalidArgument(fn, `options.${key}`, value, `absent: the options are ${keys.map((k) => `'${k}'`).join(', ')}`);
  return got as T;
}

/** One of the listed values, or undefined for the default. */
export function checkEnum<T extends string>(fn: string, parameter: string, got: unknown, allowed: readonly T[]): T | undefined {
  if (got === undefined || (allowed as readonly unknown[]).includes(got)) return got as T | undefined;
  return invalidArgument(fn, parameter, got, `one of ${allowed.map((a) => `'${a}'`).join(', ')}`);
}

/** A short description of a value for messages, never echoing long user text. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (typeof x === 'string') return `a string ${JSON.stringify(x.length > 20 ? `${x.slice(0, 20)}…` : x)}`;
  if (typeof x === 'boolean' || typeof x === 'bigint') return `a ${typeof x} (${String(x)})`;
  if (typeof x === 'function') return 'a function';
  if (typeof x === 'symbol') return 'a symbol';
  if (typeof x === 'number') return `the number ${x}`;
  return Array.isArray(x) ? `an array of length ${x.length}` : 'an object';
}
