import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { resolveEinsum } from '../../../compiler/2-network/resolve-einsum.js';
import { messages } from '../../../compiler/diagnostics/messages.js';
import { einsum } from '../../../src/einsum.js';
import { expectDiagnostic, loadErrorCases, type ExpectedDiagnostic } from '../../support/error-cases.js';

/** One folder entry per case: the call einsum receives and the diagnostic it must raise. */
interface ErrorCase {
  readonly input: {
    readonly subscripts: unknown;
    /** Either operands for einsum, or bare shapes for resolveEinsum (contractPath's entry). */
    readonly operands?: readonly OperandSpec[];
    readonly shapes?: readonly (readonly number[])[];
    /** `options.out`, if present, is an OutSpec. */
    readonly options?: Readonly<Record<string, unknown>>;
  };
  readonly expected: ExpectedDiagnostic;
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

/** An `out` option: an operand spec (float32 if asked), or a row-major view of `shape` over operand `aliases`'s buffer from `offset`. */
type OutSpec = OperandSpec & { readonly dtype?: 'float32' } | { readonly aliases: number; readonly shape: readonly number[]; readonly offset: number };

function outOf(spec: OutSpec, operands: readonly unknown[]): unknown {
  if ('aliases' in spec) return ndarray((operands[spec.aliases] as ndarray.NdArray<Float64Array>).data, [...spec.shape], undefined, spec.offset);
  if ('shape' in spec && spec.dtype === 'float32') return ndarray(new Float32Array(spec.shape.reduce((p, n) => p * n, 1)), [...spec.shape]);
  return operandOf(spec);
}

function optionsOf(options: Readonly<Record<string, unknown>>, operands: readonly unknown[]): Record<string, unknown> {
  return 'out' in options ? { ...options, out: outOf(options['out'] as OutSpec, operands) } : { ...options };
}

const cases = loadErrorCases<ErrorCase>(new URL('./', import.meta.url));

describe('einsum diagnostics (test/errors/einsum/*.json)', () => {
  it.each(cases)('%s', (_, c) => {
    const operands = (c.input.operands ?? []).map(operandOf);
    const args = [...operands, ...(c.input.options ? [optionsOf(c.input.options, operands)] : [])];
    expectDiagnostic(() => c.input.shapes
      ? resolveEinsum(c.input.subscripts as string, c.input.shapes)
      : (einsum as (s: unknown, ...a: unknown[]) => unknown)(c.input.subscripts, ...args), c.expected);
  });

  it('covers every einsum code of the catalogue', () => {
    // einsum_allocation_failed is the safety net behind the resource limits (result_too_large,
    // result-too-large.json): only a machine that cannot allocate 1 GiB reaches it
    const einsumCodes = Object.keys(messages).filter((code) => code.startsWith('einsum_') && code !== 'einsum_allocation_failed');
    expect(new Set(cases.map(([, c]) => c.expected.code).filter((code) => code.startsWith('einsum_')))).toEqual(new Set(einsumCodes));
  });
});
