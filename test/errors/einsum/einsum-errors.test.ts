import { readdirSync, readFileSync } from 'node:fs';
import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../../compiler/2-network/resolve-einsum.js';
import { messages } from '../../../compiler/diagnostics/messages.js';
import { RicciError } from '../../../compiler/diagnostics/ricci-error.js';
import { einsum } from '../../../src/einsum.js';

/** One folder entry per case: the call einsum receives and the diagnostic it must raise. */
interface ErrorCase {
  readonly input: {
    readonly subscripts: unknown;
    /** Either operands for einsum, or bare shapes for resolveEinsum (contractPath's entry). */
    readonly operands?: readonly OperandSpec[];
    readonly shapes?: readonly (readonly number[])[];
    readonly options?: Readonly<Record<string, unknown>>;
  };
  readonly expected: { readonly code: string; readonly message: string; readonly span: { start: number; end: number } | null };
}

type OperandSpec =
  | { readonly shape: readonly number[] }
  | { readonly value: unknown }
  | { readonly strided: { readonly length: number; readonly shape: number[]; readonly stride: number[]; readonly offset: number } };

function operandOf(spec: OperandSpec): unknown {
  if ('shape' in spec) return ndarray(new Float64Array(spec.shape.reduce((p, n) => p * n, 1)), [...spec.shape]);
  if ('value' in spec) return spec.value;
  const s = spec.strided;
  return ndarray(new Float64Array(s.length), s.shape, s.stride, s.offset);
}

const folder = new URL('./', import.meta.url);
const cases = readdirSync(folder).filter((f) => f.endsWith('.json')).sort()
  .map((f) => [f, JSON.parse(readFileSync(new URL(f, folder), 'utf8')) as ErrorCase] as const);

describe('einsum diagnostics (test/errors/einsum/*.json)', () => {
  it.each(cases)('%s', (_, c) => {
    const args = [...(c.input.operands ?? []).map(operandOf), ...(c.input.options ? [c.input.options] : [])];
    let caught: unknown;
    try {
      if (c.input.shapes) resolveEinsum(c.input.subscripts as string, c.input.shapes);
      else (einsum as (s: unknown, ...a: unknown[]) => unknown)(c.input.subscripts, ...args);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(RicciError);
    const error = caught as RicciError;
    expect(error.code).toBe(c.expected.code);
    expect(error.span ?? null).toEqual(c.expected.span);
    expect(error.message).toBe(c.expected.message);
  });

  it('covers every einsum code of the catalogue', () => {
    const einsumCodes = Object.keys(messages).filter((code) => code.startsWith('einsum_'));
    expect(new Set(cases.map(([, c]) => c.expected.code))).toEqual(new Set(einsumCodes));
  });
});
