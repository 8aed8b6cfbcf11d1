import type { Node } from '../2-network/network.js';
import { compileStages, type CompiledNetwork } from './network.js';
import type { CompileOptions } from './options.js';

/**
 * Several roots that share subexpressions (a value and its gradients: the forward pass, the
 * adjoints) as one plan: its output is `roots[0]`, its further results the other roots, and a
 * node under several roots is computed once and kept in the plan's buffers until its last user
 * (in its WebAssembly arena between WebAssembly steps), never copied out and staged back in.
 */
export function compileSharedNetwork(roots: readonly Node[], shapes: Readonly<Record<string, readonly number[]>>,
  options: CompileOptions = {}): CompiledNetwork {
  return compileStages(roots, shapes, options, true);
}
