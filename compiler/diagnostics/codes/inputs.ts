import type { Catalogue } from './catalogue.js';

/**
 * Messages of the one input binder (2-network/bind-sizes.ts): the same code for the same mistake
 * from every entry point that takes named inputs (evaluate, a Derivative, compileNetwork).
 */
export const inputMessages = {
  missing_input: (name: string) => `No value was given for input '${name}'`,
  input_shape_disagrees: (name: string, expected: string, actual: string) =>
    `Input '${name}' should have shape ${expected} but has shape ${actual}`,
  input_size_conflict: (size: string, name: string, actual: number, earlier: number, first: string) =>
    `Size '${size}' is ${actual} from the shape of input '${name}' but ${earlier} from input '${first}'`,
  invalid_input: (name: string, detail: string) => `Input '${name}' ${detail}`,
  distribution_negative_entry: (name: string, at: string, value: number) =>
    `Input '${name}' is declared a distribution, but ${name}[${at}] = ${value} is negative`,
  distribution_sum_not_one: (name: string, row: string, sum: number, tolerance: number) =>
    `Input '${name}' is declared a distribution, but ${row} sums to ${sum}, not 1 (within ${tolerance})`,
} as const satisfies Catalogue;
