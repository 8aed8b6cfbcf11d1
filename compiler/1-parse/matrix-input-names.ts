import { assertNever } from '../diagnostics/assert-never.js';
import type { DefinitionStatement, Expr, Identifier } from './ricci-ast.js';

/** Index names in the order a reader meets them; past the letters, numbered names. */
const letters = ['i', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 'u', 'v', 'w', 'a', 'b', 'c', 'd', 'e', 'g', 'h'];

/**
 * Renames a generated definition's indices to i, j, k, … in reading order (left-hand side first,
 * then the body left to right), skipping `taken` (tensor, size and helper names):
 *   t1[k2] = x[k2] * y[k2]  →  t1[i] = x[i] * y[i]
 * Every index of the definition is renamed at once, so provisional and final names never mix.
 */
export function nameIndicesInReadingOrder(statement: DefinitionStatement, taken: ReadonlySet<string>): DefinitionStatement {
  const names = new Map<string, string>();
  const used = new Set(taken);
  // `used` only grows, so the first free letter and number only move forward: a 5,000-index product stays linear
  let letter = 0;
  let k = 1;
  const next = (): string => {
    while (letter < letters.length && used.has(letters[letter]!)) letter++;
    if (letter < letters.length) return letters[letter]!;
    while (used.has(`i${k}`)) k++;
    return `i${k}`;
  };
  const rename = (i: Identifier): Identifier => {
    let name = names.get(i.text);
    if (name === undefined) {
      name = next();
      used.add(name);
      names.set(i.text, name);
    }
    return { ...i, text: name };
  };
  const indices = statement.indices.map(rename);
  return { ...statement, indices, body: renameExpr(statement.body, rename) };
}

/** The expression with every index renamed, visited in printing order. */
function renameExpr(e: Expr, rename: (i: Identifier) => Identifier): Expr {
  const r = (x: Expr): Expr => renameExpr(x, rename);
  switch (e.kind) {
    case 'number':
      return e;
    case 'access':
      return { ...e, indices: e.indices.map(rename) };
    case 'negate':
      return { ...e, operand: r(e.operand) };
    case 'add':
      return { ...e, terms: e.terms.map((t) => ({ ...t, expr: r(t.expr) })) };
    case 'multiply':
      return { ...e, factors: e.factors.map((f) => ({ ...f, expr: r(f.expr) })) };
    case 'power':
      return { ...e, base: r(e.base) };
    case 'call':
      return { ...e, arg: r(e.arg) };
    case 'matrix':
      return { ...e, indices: e.indices.map(rename) };
    case 'sum':
    case 'reduce': {
      const indices = e.indices.map(rename);
      return { ...e, indices, body: r(e.body) };
    }
    case 'delta':
      return { ...e, indices: e.indices.map(rename) };
    default:
      return assertNever(e);
  }
}
