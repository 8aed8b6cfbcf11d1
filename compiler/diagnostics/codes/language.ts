import type { Catalogue } from './catalogue.js';

/** Messages of the Ricci language: lexing, parsing, name resolution, index and size checks. */
export const languageMessages = {
  unexpected_character: (character: string, hint: string) => `Unexpected character '${character}'${hint}`,
  unexpected_token: (expected: string, found: string) => `Expected ${expected} but found ${found}`,
  non_finite_number: (text: string) => `The number ${text} is not finite`,
  number_exponent_missing: (text: string, digits: string, mark: string) =>
    `The number ${text} has an exponent mark but no exponent: write ${digits}${mark}2 for a power of ten, or ${digits} * ${mark} for a product`,
  invalid_size: (text: string, tensor: string) =>
    `Size ${text} of '${tensor}' is not a non-negative integer or a symbolic size name`,
  reserved_name: (word: string, role: string) =>
    `'${word}' is a reserved word of the language and cannot be used as ${role}`,
  transpose_in_index_notation: (mark: string, name: string) =>
    `The transpose mark ${mark}${name ? ` after '${name}'` : ''} is not needed in index notation: swap the indices instead ` +
    `(xᵀ A x is x[i] A[i,j] x[j]; Wᵀ[i,j] is W[j,i]), or write matrix notation and convert it with fromMatrixNotation`,
  unknown_function: (name: string, closest: string | undefined, functions: string) =>
    `'${name}' is not a function${closest ? `: did you mean ${closest}?` : ''} (the functions are ${functions}); ` +
    `${matrixFunctionHint(name) ?? `to multiply by ${name}, write ${name} * (…)`}`,
  nesting_too_deep: (limit: number) => `Expressions may nest at most ${limit} levels deep (parentheses, calls, unary minus)`,
  invalid_program: (found: string) => `Expected Ricci source text or a parsed Program, got ${found}`,
  division_by_zero: () => `Division by the constant 0`,
  redefinition: (name: string, first: string) => `'${name}' is already ${first}`,
  derivative_header: (written: string, definition: string) =>
    `'${written}' is a derivative's printed header, not a definition name: name the result and paste the right-hand side, ${definition} = …`,
  declared_definition_attribute: (name: string, attribute: string) =>
    `'${name}' is defined in the program, so its declaration states its shape only: it cannot be declared ${attribute}`,
  unknown_tensor: (name: string, fn: string) =>
    `Unknown tensor '${name}' in ${fn}(${name}): declare it (e.g. ${name}: [n, n]) or define it first`,
  use_before_definition: (name: string) => `'${name}' is used before its definition below`,
  cyclic_definition: (name: string) => `'${name}' is used in its own definition`,
  missing_indices: (name: string, known: string, example: string) =>
    `'${name}' ${known}: write ${example} (a tensor takes one index per axis; only a scalar is written without brackets)`,
  rank_mismatch: (tensor: string, expected: number, actual: number) =>
    `'${tensor}' has ${expected} ${expected === 1 ? 'index' : 'indices'} but is used with ${actual}`,
  index_size_conflict: (index: string, size: string, origin: string, otherSize: string, otherOrigin: string) =>
    `Index '${index}' has size ${size} (from ${origin}) but size ${otherSize} (from ${otherOrigin})`,
  repeated_left_index: (index: string, name: string) => `Index '${index}' is repeated on the left of '${name}'`,
  left_index_not_free: (index: string, name: string) =>
    `Index '${index}' on the left of '${name}' is not a free index of the right-hand side`,
  sum_index_not_free: (index: string) => `sum[${index}] sums over '${index}', which is not a free index of its argument`,
  repeated_sum_index: (index: string) => `Index '${index}' is repeated in sum[…]`,
  reduction_without_indices: (fn: string) => `${fn}[…](…) needs the indices it runs along, e.g. ${fn}[j](z[i,j])`,
  reduction_index_not_free: (fn: string, index: string) =>
    `${fn}[${index}] runs along '${index}', which is not a free index of its argument`,
  repeated_reduction_index: (fn: string, index: string) => `Index '${index}' is repeated in ${fn}[…]`,
  // raised once sizes are bound (2-network/empty-reductions.ts); here, not in the pipeline catalogue, since einsum has no reductions
  reduction_over_empty_axis: (op: string, size: string, input: string) => {
    const from = `size '${size}' from ${input === 'the inputs' ? input : `input '${input}'`}`;
    // a mean's count and a size used as a value are one node (tr Iₙ): the message names both
    return op === 'mean'
      ? `mean[…] (or a division by a size) divides by a count of 0 (${from}): the mean of no values is 0/0 `
        + '(numpy warns and gives nan; ricci refuses; a sum over an empty axis is 0)'
      : `${op}[…] runs along an axis of size 0 (${from}): the ${op} of no values has none (numpy raises here too; a sum over an empty axis is 0)`;
  },
  matrix_not_named: (fn: string, found: string) =>
    `${fn}(…) takes the name of a square matrix (declared or defined), found ${found}`,
  matrix_not_square: (fn: string, name: string, shape: string) => `${fn}(${name}) needs a square matrix but '${name}' is ${shape}`,
  function_arity: (fn: string, expected: number, actual: number) =>
    `${fn} takes ${expected} ${expected === 1 ? 'argument' : 'arguments'} but was given ${actual}`,
  symmetric_not_square: (name: string, shape: string) => `'${name}' is declared symmetric but its shape ${shape} is not square`,
  distribution_scalar: (name: string) => `'${name}' is declared a distribution but is a scalar (it sums to 1 along its last index, so it needs one)`,
  size_unbound: (size: string, index: string, name: string) =>
    `The size '${size}' of index '${index}' of '${name}' is not set by the shape of any input`,
} as const satisfies Catalogue;

/** Warnings of the Ricci language: legal programs that are likely not what was meant. */
export const languageWarnings = {
  index_summed_once: (index: string, name: string) =>
    `Index '${index}' appears only once on the right of '${name}' and not on its left, so it is summed; ` +
    `if that is meant, write sum[${index}](…) to say so, otherwise check it for a typo`,
} as const satisfies Catalogue;

/**
 * A matrix-notation function written in index notation: its index form (the language has no
 * tr, diag or transpose: indices say it), and where matrix notation is read.
 */
function matrixFunctionHint(name: string): string | undefined {
  const trace = 'a trace is a repeated index: tr(A) is A[i,i], tr(A B) is A[i,j] B[j,i]';
  const forms: Record<string, string> = {
    tr: trace,
    trace,
    diag: 'diag(x) is x[i] δ[i,j]',
    diagvec: 'diagvec(A) is the definition d[i] = A[i,i]',
    transpose: 'a transpose swaps the indices: Wᵀ[i,j] is W[j,i]',
  };
  const form = Object.prototype.hasOwnProperty.call(forms, name) ? forms[name] : undefined;
  return form && `${form}; or write matrix notation and read it with fromMatrixNotation (ricci grad --matrix)`;
}
