import { showShape, type Catalogue } from './catalogue.js';

/** Messages of the tensor-network IR and the reference evaluator. */
export const networkMessages = {
  input_missing: (name: string) => `No value was given for input '${name}'`,
  input_shape_mismatch: (name: string, expected: string, actual: readonly number[]) =>
    `Input '${name}' should have shape ${expected} but has shape ${showShape(actual)}`,
  symbol_size_conflict: (symbol: string, first: number, second: number, name: string) =>
    `Size '${symbol}' is ${first} from an earlier input but ${second} from input '${name}'`,
  symbol_unbound: (symbol: string) => `Size '${symbol}' is not bound by any input`,
  singular_matrix: (fn: string, size: number) => `${fn} of a singular ${size}×${size} matrix`,
  non_finite_result: (what: string, detail: string) => `${what} is not finite: ${detail}`,
} as const satisfies Catalogue;
