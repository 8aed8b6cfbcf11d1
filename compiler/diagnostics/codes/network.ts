import type { Catalogue } from './catalogue.js';

/**
 * Messages of the tensor-network IR and the reference evaluator. The one input binder
 * (bind-sizes.ts) reports with the codes of ./inputs.ts, whichever entry point binds.
 */
export const networkMessages = {
  symbol_unbound: (symbol: string) => `Size '${symbol}' is not bound by any input`,
  singular_matrix: (fn: string, size: number) => `${fn} of a singular ${size}×${size} matrix`,
  non_finite_result: (what: string, detail: string) => `${what} is not finite: ${detail}`,
} as const satisfies Catalogue;
