import type { Catalogue } from './catalogue.js';

/** Messages of the matrix-notation input front end (1-parse/matrix-input*.ts). */
export const matrixInputMessages = {
  matrix_input_too_deep: (limit: number) =>
    `Matrix-notation input may nest at most ${limit} levels deep (parentheses, calls, unary minus, transposes, and the operands of one chain of + or *)`,
  matrix_input_unexpected_character: (char: string, hint: string) =>
    `Unexpected character '${char}' in matrix notation${hint} (operators: + - * / .* ./ ^ .^ ' and function calls like tr(...) or max(0, x))`,
  matrix_input_unexpected_token: (found: string, expected: string) =>
    `Expected ${expected} but found ${found}`,
  matrix_input_unknown_name: (name: string, known: string) =>
    `Unknown matrix '${name}': give its shape (known: ${known})`,
  matrix_input_unknown_function: (name: string, known: string, hint: string) =>
    `Unknown function '${name}' (known: ${known})${hint}`,
  matrix_input_shape_mismatch: (op: string, left: string, right: string) =>
    `Shapes do not fit for '${op}': left is ${left}, right is ${right}`,
  matrix_input_function_arity: (fn: string, expected: string, actual: number) =>
    `${fn}(...) takes ${expected}, got ${actual}`,
  matrix_input_not_square: (fn: string, shape: string) =>
    `${fn}(...) needs a square matrix, got ${shape}`,
  matrix_input_matrix_power: (shape: string) =>
    `'^' of a ${shape} value is a matrix power, which is not supported: use '.^' for an elementwise power`,
  matrix_input_division_by_matrix: (shape: string) =>
    `'/' divides by a scalar only, got ${shape}: use './' for elementwise division`,
  matrix_input_bad_shape: (name: string, shape: string) =>
    `Shape of '${name}' must be [], [n] or [m, n] with positive integers or size names, got ${shape}`,
  matrix_input_bad_argument: (what: string, got: string) =>
    `fromMatrixNotation needs ${what}, got ${got}`,
  matrix_input_bad_attribute: (attribute: string, name: string, reason: string) =>
    `'${name}' cannot be declared ${attribute}: ${reason}`,
  matrix_input_bad_name: (name: string) =>
    `The result's name must be an identifier (a letter or '_', then letters, digits or '_') and not a Ricci word, got ${name}`,
  matrix_input_non_finite_number: (text: string) =>
    `The number ${text} is too large: it overflows to Infinity`,
  matrix_input_ones_size: () =>
    `The size of 𝟏 cannot be read from what it meets here (it takes its size from the value it is added to, multiplied with or compared with): write it beside a value of known size, e.g. 𝟏ᵀ x, or use sum(x)`,
  matrix_input_reserved_name: (name: string) =>
    `'${name}' is a function name in the Ricci language and cannot name a matrix`,
} as const satisfies Catalogue;
