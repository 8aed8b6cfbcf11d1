import { assertNever } from '../diagnostics/assert-never.js';
import { ricciWarning, type RicciWarning } from '../diagnostics/ricci-warning.js';
import type { DefinitionStatement, Expr, Identifier, Program } from './ricci-ast.js';

/**
 * Legal but suspicious programs, found on the syntax tree. An index written once on the right of
 * a definition, not on its left and not under a `sum[…]` over it, is summed over. Alone in its
 * term that is the per-term convention at work (`s = W[i,j]`, `lam w[j]^2`: numpy's `ij->`), but
 * in a product whose other factors carry indices it is what a typo looks like, and so it is in one
 * term of a sum whose left side has indices (the term is summed, then broadcast along them):
 *   f[i] = W[i,j] x[k]   →  index_summed_once for j and for k
 *   f[i] = x[i] + y[j]   →  index_summed_once for j (x + Σy, where x + y was meant)
 */
export function programWarnings(program: Program): RicciWarning[] {
  return program.statements.flatMap((s) => (s.kind === 'definition' ? definitionWarnings(program.source, s) : []));
}

function definitionWarnings(source: string, s: DefinitionStatement): RicciWarning[] {
  const uses = new Map<string, IndexUse[]>();
  for (const use of implicitIndexUses(s.body, new Set())) {
    const same = uses.get(use.index.text);
    if (same) same.push(use); // appended in place: a 10,000-term sum writes i 10,000 times
    else uses.set(use.index.text, [use]);
  }
  return [...uses.values()]
    .filter((occurrences) => occurrences.length === 1 && (occurrences[0]!.besideIndexedFactor || (occurrences[0]!.inTerm && s.indices.length > 0)) &&
      !s.indices.some((left) => left.text === occurrences[0]!.index.text))
    .map(([use]) => ricciWarning('index_summed_once', { source, span: use!.index.span }, use!.index.text, s.name.text));
}

/**
 * An index as written, whether it sits in a product factor next to another factor that carries
 * indices, and whether it is in one term of a sum.
 */
interface IndexUse {
  readonly index: Identifier;
  readonly besideIndexedFactor: boolean;
  readonly inTerm: boolean;
}

/** Every index written in `e` that no enclosing `sum[…]` names, in source order. */
function implicitIndexUses(e: Expr, explicit: ReadonlySet<string>): IndexUse[] {
  const own = (indices: readonly Identifier[]): IndexUse[] =>
    indices.filter((i) => !explicit.has(i.text)).map((index) => ({ index, besideIndexedFactor: false, inTerm: false }));
  switch (e.kind) {
    case 'number': return [];
    case 'access': case 'matrix': case 'delta': return own(e.indices);
    case 'negate': return implicitIndexUses(e.operand, explicit);
    case 'power': return implicitIndexUses(e.base, explicit);
    case 'call': return implicitIndexUses(e.arg, explicit);
    case 'add': return e.terms.flatMap((t) => implicitIndexUses(t.expr, explicit).map((u) => ({ ...u, inTerm: true })));
    case 'multiply': {
      const perFactor = e.factors.map((f) => implicitIndexUses(f.expr, explicit));
      const indexed = perFactor.map((uses, k) => uses.length > 0 || writesIndices(e.factors[k]!.expr));
      return perFactor.flatMap((uses, k) => {
        const beside = indexed.some((has, other) => has && other !== k);
        return uses.map((u) => ({ ...u, besideIndexedFactor: u.besideIndexedFactor || beside }));
      });
    }
    case 'sum': case 'reduce': return implicitIndexUses(e.body, new Set([...explicit, ...e.indices.map((i) => i.text)]));
    default: return assertNever(e);
  }
}

/** Whether `e` writes any index at all, summed explicitly or not. */
function writesIndices(e: Expr): boolean {
  return implicitIndexUses(e, new Set()).length > 0;
}
