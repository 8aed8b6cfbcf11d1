import type { RicciWarning } from '../diagnostics/ricci-warning.js';
import type { Span } from '../diagnostics/span.js';
import type { Graph } from './graph.js';
import type { IndexName, InputNode, Node } from './network.js';

/**
 * A Ricci-language program as tensor networks (built by build-network.ts from the parsed AST).
 *   W: [m, n]; f[j] = x[i] W[i,j]; L = f[j] y[j]
 * Every definition is a node of one shared Graph; a later definition uses an earlier one's node
 * directly, so the program is one DAG and equal subexpressions are shared.
 */
export interface ProgramNetwork {
  readonly source: string;
  readonly graph: Graph;
  /** Declared inputs and inputs inferred from first use, by name, in order of appearance. */
  readonly inputs: ReadonlyMap<string, InputNode>;
  /** Definitions by name, in source order. */
  readonly definitions: ReadonlyMap<string, Definition>;
  /** Legal but suspicious constructs (1-parse/ricci-warnings.ts), for Derivative, the CLI and the playground to show. */
  readonly warnings: readonly RicciWarning[];
  /** The size symbols declarations name (`W: [m, n]` → m, n); other symbolic sizes were inferred. */
  readonly declaredSizes?: ReadonlySet<string>;
  /**
   * Where each elementwise function's Map was first written (a Map equal to another is one node),
   * for errors about its values; the relu that max(a, b) and min(a, b) stand for points at them.
   */
  readonly functionCalls?: ReadonlyMap<Node, Span>;
}

export interface Definition {
  readonly name: string;
  /** The node's axes, named as on the left-hand side (`f[a,j]` → ['a','j']; a scalar → []). */
  readonly indices: readonly IndexName[];
  readonly node: Node;
  /** The whole definition line, for diagnostics. */
  readonly span: Span;
}
