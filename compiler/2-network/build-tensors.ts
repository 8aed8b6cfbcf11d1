import type { Declaration, DefinitionStatement, Expr, Identifier, Program } from '../1-parse/ricci-ast.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Span } from '../diagnostics/span.js';
import type { SizeVariables } from './build-sizes.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * The tensor table: what each name means at a point of the program. Each axis is a size
 * variable (build-sizes.ts): a declared axis is a global symbol (`sym:n`) or an integer; an
 * undeclared input's axis is free; a definition's axes are the size variables of its left indices.
 */
export type TensorInfo =
  | {
    readonly kind: 'input'; readonly name: string; readonly axes: readonly string[];
    readonly symmetric: boolean; readonly distribution?: boolean; readonly declaration?: Declaration; readonly span: Span;
  }
  | { readonly kind: 'definition'; readonly name: string; readonly axes: readonly string[]; readonly statement: DefinitionStatement };

export interface TensorTable {
  readonly tensors: Map<string, TensorInfo>;
  /** Names defined anywhere in the program, to tell "used before its definition" from "undeclared". */
  readonly definedLater: ReadonlySet<string>;
  /** Each name's first use with indices anywhere in the program (`S[i,j]`, `inv(S)[i,j]`), to size `det(S)`. */
  readonly indexedUses: ReadonlyMap<string, readonly Identifier[]>;
  /**
   * Declared shapes of defined names (`J: [m, m, n]` and `J[i,j,k] = x[k] δ[i,j]`): the definition's
   * indices take these sizes, as a pasted derivative whose δ alone carries an index needs.
   */
  readonly definitionShapes: ReadonlyMap<string, { readonly axes: readonly string[]; readonly declaration: Declaration }>;
}

/**
 * Declarations are facts about the whole program, wherever they are written. A declared name that
 * the program defines is not an input: the declaration states the definition's shape.
 */
export function declareInputs(program: Program, sizes: SizeVariables): TensorTable {
  const where = (span: Span) => ({ source: program.source, span });
  const tensors = new Map<string, TensorInfo>();
  const defined = new Set(program.statements.flatMap((s) => (s.kind === 'definition' ? [s.name.text] : [])));
  const definitionShapes = new Map<string, { axes: readonly string[]; declaration: Declaration }>();
  for (const s of program.statements) {
    if (s.kind === 'definition') continue;
    if (tensors.has(s.name.text) || definitionShapes.has(s.name.text)) fail('redefinition', where(s.name.span), s.name.text, 'declared');
    if (s.symmetric && !isSquareDeclaration(s)) fail('symmetric_not_square', where(s.span), s.name.text, shapeText(program.source, s));
    if (s.distribution && s.shape.length === 0) fail('distribution_scalar', where(s.span), s.name.text);
    const axes = declaredAxes(program.source, s, sizes);
    if (defined.has(s.name.text)) {
      if (s.symmetric || s.distribution) fail('declared_definition_attribute', where(s.span), s.name.text, s.symmetric ? 'symmetric' : 'distribution');
      definitionShapes.set(s.name.text, { axes, declaration: s });
      continue;
    }
    tensors.set(s.name.text, { kind: 'input', name: s.name.text, axes, symmetric: s.symmetric, distribution: s.distribution === true, declaration: s, span: s.span });
  }
  return { tensors, definedLater: defined, indexedUses: indexedUses(program), definitionShapes };
}

function indexedUses(program: Program): Map<string, readonly Identifier[]> {
  const uses = new Map<string, readonly Identifier[]>();
  const note = (name: Identifier, indices: readonly Identifier[]): void => {
    if (indices.length > 0 && !uses.has(name.text)) uses.set(name.text, indices);
  };
  const visit = (e: Expr): void => {
    switch (e.kind) {
      case 'number': case 'delta': return;
      case 'access': return note(e.tensor, e.indices);
      case 'matrix': return note(e.matrix, e.indices);
      case 'negate': return visit(e.operand);
      case 'add': return e.terms.forEach((t) => visit(t.expr));
      case 'multiply': return e.factors.forEach((f) => visit(f.expr));
      case 'power': return visit(e.base);
      case 'call': return visit(e.arg);
      case 'sum': case 'reduce': return visit(e.body);
      default: return assertNever(e);
    }
  };
  for (const s of program.statements) if (s.kind === 'definition') visit(s.body);
  return uses;
}

function declaredAxes(source: string, d: Declaration, sizes: SizeVariables): string[] {
  const origin = `${d.name.text}: ${shapeText(source, d)}`;
  return d.shape.map((size, axis) => {
    if (size.kind === 'symbol') {
      sizes.define(`sym:${size.name}`, { kind: 'symbol', name: size.name, origin });
      return `sym:${size.name}`;
    }
    const key = `int:${d.name.text}:${axis}`;
    sizes.define(key, { kind: 'integer', value: size.value, origin });
    return key;
  });
}

function isSquareDeclaration(d: Declaration): boolean {
  const [a, b] = d.shape;
  if (d.shape.length !== 2 || !a || !b) return false;
  return a.kind === 'integer' ? b.kind === 'integer' && a.value === b.value : b.kind === 'symbol' && a.name === b.name;
}

/** The shape as the user wrote it: `[m, 10]`. */
export function shapeText(source: string, d: Declaration): string {
  return `[${d.shape.map((s) => source.slice(s.span.start, s.span.end)).join(', ')}]`;
}
