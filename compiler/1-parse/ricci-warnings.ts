import { assertNever } from '../diagnostics/assert-never.js';
import { ricciWarning, type RicciWarning } from '../diagnostics/ricci-warning.js';
import type { DefinitionStatement, Expr, Identifier, Program } from './ricci-ast.js';

/**
 * Legal but suspicious programs, found on the syntax tree. An index written once on the right of
 * a definition, not on its left and not under a `sum[…]` over it, is summed over — legal (numpy's
 * `ij->`), but it is also what a typo looks like:
 *   f[i] = W[i,j] x[k]   →  index_summed_once for j and for k
 */
export function programWarnings(program: Program): RicciWarning[] {
  return program.statements.flatMap((s) => (s.kind === 'definition' ? definitionWarnings(program.source, s) : []));
}

function definitionWarnings(source: string, s: DefinitionStatement): RicciWarning[] {
  const uses = new Map<string, Identifier[]>();
  for (const index of implicitIndexUses(s.body, new Set())) uses.set(index.text, [...(uses.get(index.text) ?? []), index]);
  return [...uses.values()]
    .filter((occurrences) => occurrences.length === 1 && !s.indices.some((left) => left.text === occurrences[0]!.text))
    .map(([index]) => ricciWarning('index_summed_once', { source, span: index!.span }, index!.text, s.name.text));
}

/** Every index written in `e` that no enclosing `sum[…]` names, in source order. */
function implicitIndexUses(e: Expr, explicit: ReadonlySet<string>): Identifier[] {
  const own = (indices: readonly Identifier[]): Identifier[] => indices.filter((i) => !explicit.has(i.text));
  switch (e.kind) {
    case 'number': return [];
    case 'access': case 'matrix': case 'delta': return own(e.indices);
    case 'negate': return implicitIndexUses(e.operand, explicit);
    case 'power': return implicitIndexUses(e.base, explicit);
    case 'call': return implicitIndexUses(e.arg, explicit);
    case 'add': return e.terms.flatMap((t) => implicitIndexUses(t.expr, explicit));
    case 'multiply': return e.factors.flatMap((f) => implicitIndexUses(f.expr, explicit));
    case 'sum': return implicitIndexUses(e.body, new Set([...explicit, ...e.indices.map((i) => i.text)]));
    default: return assertNever(e);
  }
}
