import { showShape, type Catalogue } from './catalogue.js';

/** Messages of the calculus stage. */
export const calculusMessages = {
  expansion_too_large: (count: number, limit: number) =>
    `Expanding this expression into a sum of products gives ${count} terms, more than the limit of ${limit}`,
  expression_too_large: (what: string, size: number, limit: number) =>
    `This expression is too large to simplify: ${what} is ${size}, more than the limit of ${limit}`,
  derivative_of_unknown: (name: string, known: string) =>
    `'${name}' is not a definition of this program (definitions: ${known})`,
  adjoint_not_intermediate: (name: string, of: string, definitions: string) =>
    `Cannot name the adjoint of '${name}': adjoints are of definitions between the inputs and '${of}' (definitions: ${definitions})`,
  adjoint_name_taken: (symbol: string, name: string) =>
    `The adjoint of '${name}' is written '${symbol}', but the program already uses that name`,
  adjoints_need_first_derivative: (order: number) =>
    `Named adjoints stand for first derivatives and cannot be differentiated again; this derivative has order ${order}`,
  derivative_wrt_not_input: (name: string, of: string, inputs: string, definitions: string) =>
    `Cannot differentiate '${of}' with respect to '${name}': it is neither an input nor a definition other than '${of}' (inputs: ${inputs}; definitions: ${definitions})`,
  gradients_without_variables: (of: string) =>
    `gradients of '${of}' needs at least one variable to differentiate with respect to (wrt is empty)`,
  grad_of_not_scalar: (name: string, shape: readonly (number | string)[]) =>
    `grad needs a scalar, but '${name}' has shape ${showShape(shape)}; use jacobian for a tensor`,
  non_differentiable_point: (fn: string, position: string, value: number) =>
    `${fn} is not differentiable at ${value}, which its argument takes${position}`,
  non_differentiable_tie: (call: string, position: string) =>
    `${call} is not differentiable where its two arguments are equal, as they are${position}`,
  symmetric_input_not_symmetric: (name: string, i: number, j: number, a: number, b: number) =>
    `Input '${name}' is declared symmetric, but ${name}[${i},${j}] = ${a} and ${name}[${j},${i}] = ${b}`,
  check_option_invalid: (option: string, got: string, allowed: string) =>
    `check's option ${option} is ${got}; it must be ${allowed}`,
  check_not_finite: (what: string, position: string) =>
    `The ${what} value at ${position} is not finite, so it cannot be checked against finite differences`,
} as const satisfies Catalogue;
