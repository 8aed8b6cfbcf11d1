import type { Catalogue } from './catalogue.js';

/** Messages of the contraction-order stage. */
export const contractionOrderMessages = {
  path_memory_limit: (limit: number, smallest: number) =>
    `No contraction order keeps every intermediate within memoryLimit = ${limit} elements; ` +
    `the smallest largest intermediate found is ${smallest} elements`,
  path_memory_limit_invalid: (value: number) =>
    `memoryLimit must be a positive number of elements, got ${value}`,
  path_option_invalid: (option: string, value: string, expected: string) =>
    `Path search option ${option} must be ${expected}, got ${value}`,
  path_unknown_optimizer: (name: string, known: readonly string[]) =>
    `Unknown path optimizer '${name}'; registered optimizers: ${known.join(', ')}`,
  path_search_too_large: (optimizer: string, operands: number, limit: number) =>
    `Path optimizer '${optimizer}' searches at most ${limit} operands, got ${operands}; use ${['auto', 'dp', 'random-greedy', 'greedy'].filter((o) => o !== optimizer).map((o) => `'${o}'`).join(', ')}`,
  path_invalid: (path: string, operands: number, origin: string, detail: string) =>
    `Invalid contraction path ${path} for ${operands} operands (${origin}): ${detail}`,
} as const satisfies Catalogue;
