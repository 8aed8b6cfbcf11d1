import type { IndexName } from '../2-network/network.js';
import { fail } from './python-errors.js';

/**
 * Safe names for generated Python. User text never reaches the source unvalidated: a tensor name
 * that is a plain ASCII identifier becomes `in_<name>` (the prefix keeps it clear of keywords and
 * of our own names t0, np, compute…); any other name becomes `arg<k>`. Index names become einsum
 * letters, keeping a single ASCII letter as itself when it is free.
 */
const PLAIN_IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;
const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function parameterName(tensor: string, position: number): string {
  return PLAIN_IDENTIFIER.test(tensor) ? `in_${tensor}` : `arg${position}`;
}

/** One einsum call's letters: `'i,ij->j'` for x[i] W[i,j] → [j]; fails beyond 52 indices. */
export function einsumSubscripts(inputs: readonly (readonly IndexName[])[], output: readonly IndexName[]): string {
  const names = [...new Set([...inputs.flat(), ...output])];
  if (names.length > LETTERS.length) return fail('python_too_many_indices', undefined, names.length);
  const letterOf = new Map<IndexName, string>();
  const used = new Set<string>();
  for (const n of names)
    if (n.length === 1 && LETTERS.includes(n) && !used.has(n)) {
      letterOf.set(n, n);
      used.add(n);
    }
  const spare = [...LETTERS].filter((c) => !used.has(c));
  for (const n of names) if (!letterOf.has(n)) letterOf.set(n, spare.shift()!);
  const word = (list: readonly IndexName[]): string => list.map((n) => letterOf.get(n)!).join('');
  return `'${inputs.map(word).join(',')}->${word(output)}'`;
}

/** A JavaScript number as a Python float literal: 2 → 2.0, 1e-7 → 1e-07… any finite form Python reads. */
export function pythonFloat(value: number): string {
  if (Number.isNaN(value)) return 'np.nan';
  if (!Number.isFinite(value)) return value > 0 ? 'np.inf' : '-np.inf';
  if (Object.is(value, -0)) return '-0.0';
  const text = String(value);
  return /[.e]/.test(text) ? text : `${text}.0`;
}

/** An integer literal for a size; sizes are non-negative integers by construction. */
export function pythonInt(value: number): string {
  return String(Math.trunc(value));
}
