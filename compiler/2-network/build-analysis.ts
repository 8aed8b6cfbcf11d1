import type { DefinitionStatement, Expr, Identifier, Program } from '../1-parse/ricci-ast.js';
import { fail } from '../diagnostics/ricci-error.js';
import type { Span } from '../diagnostics/span.js';
import { createSizeVariables, type SizeVariables } from './build-sizes.js';
import { declareInputs, shapeText, type TensorInfo, type TensorTable } from './build-tensors.js';
import { type Size } from './network.js';
import { declaredSizeSymbols } from './size-values.js';
import { assertNever } from '../diagnostics/assert-never.js';

/**
 * The semantic pass before any node is built: resolves every name (declared input, earlier
 * definition, or an input inferred from its first use), checks ranks, and unifies sizes.
 *   W: [m, 10];  L = x[i] W[i,j] y[j]   →  x: [m], y: [10]
 */
export interface Analysis {
  /** Inputs (declared first, then inferred) and definitions, by name. */
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly sizeOf: (variable: string) => Size;
  /** Definitions whose shape a declaration states: a left index their right-hand side lacks is broadcast. */
  readonly declaredShapes: ReadonlySet<string>;
}

/** The size variable of index `name` inside the definition at statement position `d`. */
export function indexVariable(d: number, name: string): string {
  return `ix:${d}:${name}`;
}

export function analyzeProgram(program: Program): Analysis {
  const sizes = createSizeVariables();
  const table = declareInputs(program, sizes);
  const sizeNames = declaredSizeSymbols(program);
  program.statements.forEach((s, d) => {
    if (s.kind === 'definition') analyzeDefinition({ source: program.source, statement: s, position: d, table, sizes, sizeNames });
  });
  return { tensors: table.tensors, sizeOf: sizes.resolve(), declaredShapes: new Set(table.definitionShapes.keys()) };
}

interface Context {
  readonly source: string;
  readonly statement: DefinitionStatement;
  readonly position: number;
  readonly table: TensorTable;
  readonly sizes: SizeVariables;
  /** Declared size symbols that a bare name means as a value (size-values.ts). */
  readonly sizeNames: ReadonlySet<string>;
}

function analyzeDefinition(ctx: Context): void {
  const { statement, position, table } = ctx;
  const name = statement.name.text;
  const previous = table.tensors.get(name);
  if (previous) fail('redefinition', where(ctx, statement.name.span), name, previous.kind === 'input' ? 'declared as an input' : 'defined');
  statement.indices.forEach((index, k) => {
    if (statement.indices.findIndex((other) => other.text === index.text) !== k)
      fail('repeated_left_index', where(ctx, index.span), index.text, name);
    indexOf(ctx, index);
  });
  visit(ctx, statement.body);
  const axes = statement.indices.map((index) => indexVariable(position, index.text));
  const declared = table.definitionShapes.get(name);
  if (declared) {
    if (declared.axes.length !== axes.length) fail('rank_mismatch', where(ctx, statement.name.span), name, declared.axes.length, axes.length);
    const origin = `${name}: ${shapeText(ctx.source, declared.declaration)}`;
    statement.indices.forEach((index, k) => unifyAt(ctx, index, axes[k]!, declared.axes[k]!, origin));
  }
  table.tensors.set(name, { kind: 'definition', name, axes, statement });
}

function visit(ctx: Context, e: Expr): void {
  switch (e.kind) {
    case 'number':
      return;
    case 'access':
      if (e.indices.length === 0 && ctx.sizeNames.has(e.tensor.text)) return;
      if (e.indices.length === 0) checkBareName(ctx, e.tensor);
      return bindAxes(ctx, e.tensor, tensorAxes(ctx, e.tensor, e.indices), e.indices);
    case 'negate':
      return visit(ctx, e.operand);
    case 'add':
      return e.terms.forEach((t) => visit(ctx, t.expr));
    case 'multiply':
      return e.factors.forEach((f) => visit(ctx, f.expr));
    case 'power':
      return visit(ctx, e.base);
    case 'call':
      return visit(ctx, e.arg);
    case 'matrix': {
      const axes = squareAxes(ctx, e.fn, e.matrix, e.indices);
      return bindAxes(ctx, e.matrix, e.fn === 'inv' ? axes : [], e.indices);
    }
    case 'sum':
      e.indices.forEach((index, k) => {
        if (e.indices.findIndex((other) => other.text === index.text) !== k) fail('repeated_sum_index', where(ctx, index.span), index.text);
      });
      return visit(ctx, e.body);
    case 'reduce':
      e.indices.forEach((index, k) => {
        if (e.indices.findIndex((other) => other.text === index.text) !== k) fail('repeated_reduction_index', where(ctx, index.span), e.op, index.text);
      });
      return visit(ctx, e.body);
    case 'delta': {
      const [i, j] = e.indices as readonly [Identifier, Identifier];
      return unifyAt(ctx, j, indexOf(ctx, i), indexOf(ctx, j));
    }
    default:
      return assertNever(e);
  }
}

/** `T[i,j]`: T's axis k takes the size of the k-th index. */
function bindAxes(ctx: Context, tensor: Identifier, axes: readonly string[], indices: readonly Identifier[]): void {
  if (axes.length !== indices.length) fail('rank_mismatch', where(ctx, tensor.span), tensor.text, axes.length, indices.length);
  const declared = ctx.table.tensors.get(tensor.text);
  const origin = declared?.kind === 'input' && declared.declaration ? `${tensor.text}: ${shapeText(ctx.source, declared.declaration)}` : undefined;
  indices.forEach((index, k) => unifyAt(ctx, index, indexOf(ctx, index), axes[k]!, origin));
}

/** `b` is an axis of the tensor declared as `bOrigin`: a declared symbol there is named by that declaration. */
function unifyAt(ctx: Context, index: Identifier, a: string, b: string, bOrigin?: string): void {
  const conflict = ctx.sizes.unify(a, b);
  if (conflict)
    fail('index_size_conflict', where(ctx, index.span), index.text,
      String(conflict.first.size), conflict.first.origin, String(conflict.second.size),
      typeof conflict.second.size === 'string' && bOrigin !== undefined ? bOrigin : conflict.second.origin);
}

function indexOf(ctx: Context, index: Identifier): string {
  const key = indexVariable(ctx.position, index.text);
  ctx.sizes.define(key, { kind: 'free', hint: index.text, origin: `index '${index.text}'` });
  return key;
}

/** The axes of the tensor named at `tensor`; an unknown name becomes an input named after its indices. */
function tensorAxes(ctx: Context, tensor: Identifier, indices: readonly Identifier[]): readonly string[] {
  const known = knownTensor(ctx, tensor);
  if (known) return known.axes;
  const axes = indices.map((index, k) => {
    const key = `in:${tensor.text}:${k}`;
    ctx.sizes.define(key, { kind: 'free', hint: index.text, origin: `the first use of ${tensor.text}` });
    return key;
  });
  ctx.table.tensors.set(tensor.text, { kind: 'input', name: tensor.text, axes, symmetric: false, span: tensor.span });
  return axes;
}

/**
 * A name written without brackets is a scalar. A tensor with axes used that way is a
 * matrix-notation habit (`L = x W y`), not a scalar: say which indices it takes.
 */
function checkBareName(ctx: Context, tensor: Identifier): void {
  const known = knownTensor(ctx, tensor);
  const name = tensor.text;
  if (known && known.axes.length > 0) {
    const left = known.kind === 'definition' ? known.statement.indices.map((i) => i.text) : undefined;
    const example = `${name}[${(left ?? exampleIndices(known.axes.length)).join(',')}]`;
    const what = known.kind === 'definition' ? `is defined as ${example}`
      : known.declaration ? `is declared ${shapeText(ctx.source, known.declaration)}` : `is used as ${indexedUse(ctx, name) ?? example} elsewhere`;
    fail('missing_indices', where(ctx, tensor.span), name, what, example);
  }
  const use = known ? undefined : indexedUse(ctx, name);
  if (use) fail('missing_indices', where(ctx, tensor.span), name, `is used as ${use} elsewhere`, use);
}

function indexedUse(ctx: Context, name: string): string | undefined {
  const indices = ctx.table.indexedUses.get(name);
  return indices ? `${name}[${indices.map((i) => i.text).join(',')}]` : undefined;
}

function exampleIndices(rank: number): string[] {
  const letters = ['i', 'j', 'k', 'l', 'm', 'n', 'p', 'q'];
  return Array.from({ length: rank }, (_, k) => letters[k] ?? `i${k + 1}`);
}

function knownTensor(ctx: Context, tensor: Identifier): TensorInfo | undefined {
  if (tensor.text === ctx.statement.name.text) fail('cyclic_definition', where(ctx, tensor.span), tensor.text);
  const known = ctx.table.tensors.get(tensor.text);
  if (known) return known;
  if (ctx.table.definedLater.has(tensor.text)) fail('use_before_definition', where(ctx, tensor.span), tensor.text);
  return undefined;
}

/**
 * inv/det/logdet need a named square matrix: unify its two axes, or say why it is not square.
 * An undeclared matrix is an input named after the indices of its first indexed use, like any
 * other: `inv(X)[i,j]` itself, or for `det(X)` a use elsewhere (`logdet(S) + r[i] inv(S)[i,j] r[j]`);
 * a matrix never written with indices is square with a fresh size (`f = det(X)`: X is n×n).
 */
function squareAxes(ctx: Context, fn: string, matrix: Identifier, indices: readonly Identifier[]): readonly string[] {
  const use = indices.length > 0 ? indices : ctx.table.indexedUses.get(matrix.text) ?? squareUse(matrix);
  const known = knownTensor(ctx, matrix) ?? (use.length === 2 ? inferredSquare(ctx, matrix, use) : undefined);
  if (!known) return fail('unknown_tensor', where(ctx, matrix.span), matrix.text, fn);
  const [a, b] = known.axes;
  if (known.axes.length !== 2 || !a || !b) return fail('matrix_not_square', where(ctx, matrix.span), fn, matrix.text, describeShape(ctx, known));
  const symbols = ctx.sizes.distinctSymbols(a, b);
  if (symbols || ctx.sizes.unify(a, b)) fail('matrix_not_square', where(ctx, matrix.span), fn, matrix.text, describeShape(ctx, known));
  return known.axes;
}

/** `det(X)` of a matrix never written with indices: an n×n input (its size a fresh symbol named `n`). */
function squareUse(matrix: Identifier): readonly Identifier[] {
  return [{ text: 'n', span: matrix.span }, { text: 'n', span: matrix.span }];
}

function inferredSquare(ctx: Context, matrix: Identifier, indices: readonly Identifier[]): TensorInfo {
  const axes = tensorAxes(ctx, matrix, indices);
  ctx.sizes.unify(axes[0]!, axes[1]!);
  return ctx.table.tensors.get(matrix.text)!;
}

function describeShape(ctx: Context, t: TensorInfo): string {
  if (t.kind === 'input' && t.declaration) return `declared ${shapeText(ctx.source, t.declaration)}`;
  return t.axes.length === 0 ? 'a scalar' : `of rank ${t.axes.length}`;
}

function where(ctx: Context, span: Span): { source: string; span: Span } {
  return { source: ctx.source, span };
}
