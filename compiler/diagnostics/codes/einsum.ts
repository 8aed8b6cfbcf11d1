import { showShape, type Catalogue } from './catalogue.js';

/** Messages of the einsum front end: subscripts syntax, shapes against subscripts, operands, options. */
export const einsumMessages = {
  einsum_subscripts_type: (got: string) => `einsum subscripts must be a string such as 'ij,jk->ik', got ${got}`,
  einsum_no_operands: () => `einsum needs at least one operand after the subscripts`,
  einsum_invalid_character: (ch: string, at: number) =>
    `Invalid character '${ch}' at position ${at}: einsum labels are the letters a–z and A–Z`,
  einsum_broken_arrow: (ch: string) => `'${ch}' is not part of an output arrow: write '->' with nothing in between`,
  einsum_multiple_arrows: () => `The subscripts contain more than one '->'; there is exactly one output term`,
  einsum_output_comma: () => `',' after '->': the output is a single term`,
  einsum_ellipsis_partial: (dots: number) =>
    `A run of ${dots} dot${dots === 1 ? '' : 's'}: an ellipsis is exactly three dots '...'`,
  einsum_ellipsis_repeated: (where: string) => `The term of ${where} contains '...' more than once`,
  einsum_operand_count: (terms: number, operands: number) =>
    `The subscripts name ${terms} operand${terms === 1 ? '' : 's'} but ${operands} ${operands === 1 ? 'was' : 'were'} given`,
  einsum_rank_mismatch: (operand: number, term: string, labels: number, shape: readonly number[], ellipsis: boolean) =>
    `Operand ${operand} has shape ${showShape(shape)} with ${shape.length} ${shape.length === 1 ? 'axis' : 'axes'} but its term '${term}' names ${labels}` +
    (labels > shape.length ? '' : ellipsis ? '' : ` and has no '...' to cover the other ${shape.length - labels}`),
  einsum_diagonal_size_mismatch: (label: string, operand: number, first: number, second: number) =>
    `Label '${label}' is repeated in operand ${operand} (a diagonal) on axes of sizes ${first} and ${second}; they must be equal`,
  einsum_label_size_conflict: (label: string, firstOperand: number, first: number, secondOperand: number, second: number) =>
    `Label '${label}' has size ${first} in operand ${firstOperand} but size ${second} in operand ${secondOperand}` +
    ` (sizes must be equal, or 1 to broadcast)`,
  einsum_ellipsis_broadcast: (firstOperand: number, first: readonly number[], secondOperand: number, second: readonly number[]) =>
    `The '...' dimensions ${showShape(first)} of operand ${firstOperand} and ${showShape(second)} of operand ${secondOperand}` +
    ` do not broadcast (aligned from the right, sizes must be equal or 1)`,
  einsum_output_label_unknown: (label: string) => `Output label '${label}' does not appear in any input term`,
  einsum_output_label_repeated: (label: string) => `Output label '${label}' appears more than once in the output`,
  einsum_output_missing_ellipsis: (dims: readonly number[]) =>
    `The inputs' '...' covers ${dims.length} dimension${dims.length === 1 ? '' : 's'} ${showShape(dims)}` +
    ` but the output has no '...' to keep them`,
  einsum_shape_invalid: (operand: number, shape: string) =>
    `The shape of operand ${operand} is ${shape}; sizes must be non-negative integers`,
  einsum_operand_type: (operand: number, got: string) =>
    `Operand ${operand} is ${got}; expected an ndarray, a (nested) array of numbers, a typed array or a number`,
  einsum_operand_not_numeric: (operand: number, path: string, got: string) =>
    `Operand ${operand} holds ${got} at ${path}; every element must be a number`,
  einsum_operand_ragged: (operand: number, path: string, found: string, expected: string) =>
    `Operand ${operand} is a ragged nested array: ${path} is ${found} where ${expected} was expected`,
  einsum_operand_too_deep: (operand: number, limit: number) =>
    `Operand ${operand} is an array nested more than ${limit} levels deep (or contains itself)`,
  einsum_allocation_failed: (shape: readonly number[], elements: number) =>
    `einsum could not allocate its result of shape ${showShape(shape)} (${elements} elements) or an intermediate on the way`,
  einsum_operand_malformed: (operand: number, detail: string) => `Operand ${operand} is not a valid ndarray: ${detail}`,
  einsum_option_unknown: (key: string, known: readonly string[]) =>
    `Unknown einsum option '${key}'; the options are ${known.map((k) => `'${k}'`).join(', ')}`,
  einsum_sublist_invalid: (owner: number | 'output', got: string) =>
    `In the sublist form einsum(A, [0, 1], B, [1, 2], [0, 2]), the ${owner === 'output' ? 'output sublist' : `sublist of operand ${owner}`} must hold integers 0–51 or '...'; got ${got}`,
  einsum_option_invalid: (key: string, got: string, expected: string) => `Option '${key}' is ${got}; expected ${expected}`,
  einsum_optimize_unknown: (got: string, known: readonly string[], hint = '') =>
    `Unknown optimize strategy ${got}; choose one of ${known.map((k) => `'${k}'`).join(', ')}${hint}`,
  einsum_out_type: (got: string) => `Option 'out' is ${got}; expected an ndarray to write the result into`,
  einsum_out_shape: (expected: readonly number[], got: readonly number[]) => `out has shape ${showShape(got)}; the result has shape ${showShape(expected)}`,
  einsum_out_dtype: (expected: string, got: string) => `out holds a ${got}; the result is ${expected}`,
  einsum_out_layout: (stride: readonly number[], offset: number, length: number, expected: readonly number[]) =>
    `out has stride ${showShape(stride)} and offset ${offset} in ${length} elements; expected a row-major view, stride ${showShape(expected)}, inside them`,
  einsum_out_overlap: (operand: number, out: readonly number[], theirs: readonly number[]) =>
    `out (bytes ${out.join('..')}) shares memory with operand ${operand} (bytes ${theirs.join('..')} of the same buffer)`,
} as const satisfies Catalogue;
