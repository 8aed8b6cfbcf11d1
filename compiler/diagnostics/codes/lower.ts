import type { Catalogue } from './catalogue.js';

/** Messages of the lower stage. */
export const lowerMessages = {
  operand_count_mismatch: (expected: number, actual: number) =>
    `The compiled expression takes ${expected} operands but ${actual} were given`,
  operand_shape_mismatch: (operand: number, expected: string, actual: string) =>
    `Operand ${operand} should have shape ${expected} (as compiled) but has shape ${actual}`,
  operand_not_array: (operand: number, got: string) =>
    `Operand ${operand} must be an ndarray-like {data, shape, stride, offset} or a number; got ${got}`,
  network_node_unsupported: (kind: string) =>
    `A ${kind} node has no loop-nest lowering; it must be computed outside the plan and passed in as an external input`,
} as const satisfies Catalogue;
