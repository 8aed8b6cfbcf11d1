import type { Catalogue } from './catalogue.js';

/** Messages of the lower stage. */
export const lowerMessages = {
  result_too_large: (what: string, elements: number, limit: number) =>
    `${what[0]!.toUpperCase()}${what.slice(1)} would have ${elements} elements, more than the limit of ${limit} (limits.maxElements)`,
  plan_memory_too_large: (elements: number, limit: number) =>
    `The plan's results and intermediates would hold ${elements} elements together, more than the limit of ${limit} (limits.maxTotalElements)`,
  work_too_large: (iterations: number, limit: number) =>
    `This contraction would run ${iterations} loop iterations, more than the limit of ${limit} (limits.maxWork)`,
  reference_work_too_large: (steps: number, limit: number) =>
    `The reference evaluator would take ${steps} steps, more than the limit of ${limit} (limits.maxReferenceWork); compiled plans contract pairwise`,
  invalid_resource_limit: (name: string, value: string, expected = 'a positive number (Infinity for none)') =>
    `${name} is ${value}; it must be ${expected}`,
  operand_count_mismatch: (expected: number, actual: number) =>
    `The compiled expression takes ${expected} operand${expected === 1 ? '' : 's'} but ${actual} ${actual === 1 ? 'was' : 'were'} given`,
  operand_shape_mismatch: (operand: number, expected: string, actual: string) =>
    `Operand ${operand} should have shape ${expected} (as compiled) but has shape ${actual}`,
  operand_not_array: (operand: number, got: string) =>
    `Operand ${operand} must be an ndarray-like {data, shape, stride, offset} or a number; got ${got}`,
  network_node_unsupported: (kind: string) =>
    `A ${kind} node has no loop-nest lowering; it must be computed outside the plan and passed in as an external input`,
} as const satisfies Catalogue;
