import { fail } from '../compiler/diagnostics/pipeline-errors.js';
import { describe } from './tensor-like.js';

/**
 * One axis label in numpy's sublist form: an integer in [0, 52) or the ellipsis '...'.
 * @example
 * import { einsum, type SublistLabel } from 'ricci';
 * const rows: SublistLabel[] = [0, 1];
 * einsum([[1, 2], [3, 4]], rows, [0]).data; // → [3, 7]
 */
export type SublistLabel = number | '...';

/**
 * numpy's second calling convention, einsum(A, [0, 1], B, [1, 2], [0, 2]), rewritten as
 * subscripts ('AB,BC->AC') plus the operands. Integers map 0–25 → 'A'–'Z' and 26–51 → 'a'–'z' (as
 * numpy's C implementation does), so implicit output order is the integers' order.
 */
export function fromSublists(args: readonly unknown[]): { readonly subscripts: string; readonly operands: readonly unknown[] } {
  const operands: unknown[] = [];
  const terms: string[] = [];
  let k = 0;
  for (; k + 1 < args.length; k += 2) {
    operands.push(args[k]);
    terms.push(termOf(args[k + 1], operands.length - 1));
  }
  const output = k < args.length ? `->${termOf(args[k], 'output')}` : '';
  return { subscripts: `${terms.join(',')}${output}`, operands };
}

/** Whether args look like the sublist form: an operand, then an array of labels. */
export function isSublistCall(args: readonly unknown[]): boolean {
  return args.length >= 2 && typeof args[0] !== 'string' && Array.isArray(args[1]) && args[1].every(isLabel);
}

function isLabel(x: unknown): x is SublistLabel {
  return x === '...' || (typeof x === 'number' && Number.isInteger(x));
}

function termOf(sublist: unknown, owner: number | 'output'): string {
  if (!Array.isArray(sublist)) fail('einsum_sublist_invalid', undefined, owner, describe(sublist));
  return (sublist as readonly unknown[]).map((label) => {
    if (label === '...') return '...';
    if (typeof label !== 'number' || !Number.isInteger(label) || label < 0 || label >= 52)
      return fail('einsum_sublist_invalid', undefined, owner, describe(label));
    return String.fromCharCode(label < 26 ? 65 + label : 97 + label - 26);
  }).join('');
}
