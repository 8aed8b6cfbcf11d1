import { showShape, type Catalogue } from './catalogue.js';

/** Messages of the driver: options every compiling entry point takes, and running out of memory. */
export const driverMessages = {
  allocation_failed: (what: string, shape: readonly number[], elements: number) =>
    `Could not allocate ${what} of shape ${showShape(shape)} (${elements} elements) or an intermediate on the way`,
  compile_option_invalid: (option: string, got: string, allowed: string) =>
    `Option ${option} is ${got}; it must be ${allowed}`,
  module_matrix_function: (fn: string) =>
    `A standalone module cannot compute ${fn}(…): inv, det and logdet run outside the generated kernels; use compile(shapes).run(inputs) instead`,
  invalid_argument: (fn: string, parameter: string, got: string, expected: string) =>
    `${fn}'s argument ${parameter} is ${got}; it must be ${expected}`,
} as const satisfies Catalogue;
