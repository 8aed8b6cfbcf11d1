import { fail } from '../diagnostics/ricci-error.js';
import { span, type Span } from '../diagnostics/span.js';
import { parseMatrixInput, type MatrixInput } from './matrix-input-parse.js';
import {
  isScalarShape, isSquare, readShapes, readResultName, sameShape, scalarShape, showMatrixShape, type MatrixShape, type MatrixSize,
} from './matrix-input-shape.js';
import { nameIndicesInReadingOrder } from './matrix-input-names.js';
import {
  elementwiseFunctions, isElementwiseFunction, type Declaration, type DefinitionStatement, type Expr, type Identifier,
  type Program, type ProductFactor, type SizeLiteral,
} from './ricci-ast.js';
import { printProgram } from './ricci-print.js';

export interface MatrixInputOptions {
  /** The name of the defined result; default 'f'. An identifier, not a word of the Ricci language. */
  readonly name?: string;
}

/** The Ricci program a matrix-notation expression means, shown to the user. */
export interface MatrixInputProgram {
  /** Declarations, helper definitions, then `name[...] = ...`: `printProgram(program)`. */
  readonly source: string;
  /** The program as a syntax tree; its spans point into the matrix-notation text. */
  readonly program: Program;
  readonly name: string;
  /** The result's index names in the last definition (rows, then cols). */
  readonly indices: readonly string[];
  readonly shape: MatrixShape;
}

/** An index slot of a matrix value: an index, or null for a side that is 1 (no index). */
type Slot = Identifier | null;

/** A checked subexpression: its shape and its Ricci expression for given row/col indices. */
interface Typed {
  readonly shape: MatrixShape;
  /** A plain matrix name (what inv/det may take directly). */
  readonly name?: string;
  emit(row: Slot, col: Slot): Expr;
}

/** One definition being written: its index names are provisional until `define` names them in reading order. */
interface Definition {
  index(): Identifier;
}

interface Context {
  readonly source: string;
  readonly shapes: ReadonlyMap<string, MatrixShape>;
  /** Tensor and size names; helper and result names join as they are chosen. */
  readonly used: Set<string>;
  readonly helpers: DefinitionStatement[];
  /** The definition whose body is being emitted: new indices belong to it. */
  current: Definition;
}

function describeOptions(options: unknown): string {
  if (typeof options !== 'object' || options === null) return describe(options);
  return `an object with keys ${Object.keys(options).map((k) => `'${k}'`).join(', ')}`;
}

/**
 * matrixcalculus.org-style input → a Ricci `Program` and its source (`printProgram`), e.g.
 *   x'*A*x                →  f = x[i] A[i,j] x[j]
 *   X*W + b               →  f[i,j] = X[i,k] W[k,j] + b[i,j]
 *   tr(A*X*B)             →  t1 = A[i,j] X[j,k] B[k,i]; f = t1
 * Hadamard products, elementwise powers, traces and sums become helper definitions, so each
 * index's summation is unambiguous under the language's rules. Index names read i, j, k, … in
 * each definition's reading order.
 * @example
 * import { fromMatrixNotation, grad } from 'ricci';
 * const p = fromMatrixNotation("x'*A*x", { x: ['n'], A: ['n', 'n'] });
 * p.source; // → x: [n]\nA: [n, n]\nf = x[i] A[i,j] x[j]
 * grad(p.source, p.name, 'x').toMatrix().text.split('\n')[0]; // → ∂f/∂x = (A + Aᵀ) x
 */
export function fromMatrixNotation(text: string, shapes: Readonly<Record<string, readonly MatrixSize[]>>, options: MatrixInputOptions = {}): MatrixInputProgram {
  if (typeof text !== 'string') fail('matrix_input_bad_argument', undefined, 'the expression as a string', describe(text));
  if (typeof shapes !== 'object' || shapes === null || Array.isArray(shapes))
    fail('matrix_input_bad_argument', undefined, "the shapes as an object ({ A: ['m', 'n'], x: ['n'] })", describe(shapes));
  if (typeof options !== 'object' || options === null || Object.keys(options).some((key) => key !== 'name'))
    fail('matrix_input_bad_argument', undefined, "options of the form { name: 'f' }", describeOptions(options));
  const declared = readShapes(shapes);
  const requested = readResultName(options.name ?? 'f');
  const ast = parseMatrixInput(text);
  const ctx = createContext(text, declared);
  const typed = check(ast, ctx);
  const name = freshName(requested, ctx.used);
  const last = define(ctx, () => name, typed.shape, ast.span, (row, col) => typed.emit(row, col));
  const declarations = [...declared].filter(([n, s]) => mentions(ast, n) && !isScalarShape(s)).map(([n, s]) => declaration(n, s, ast.span));
  const program: Program = { source: text, statements: [...declarations, ...ctx.helpers, last] };
  return { source: printProgram(program), program, name, indices: last.indices.map((i) => i.text), shape: typed.shape };
}

/** A value for a message: its JSON, or its type when it has none. */
function describe(value: unknown): string {
  return value === undefined ? 'undefined' : typeof value === 'function' ? 'a function' : JSON.stringify(value) ?? typeof value;
}

function createContext(source: string, shapes: ReadonlyMap<string, MatrixShape>): Context {
  const sizeNames = [...shapes.values()].flatMap((s) => [s.rows, s.cols]).filter((s): s is string => typeof s === 'string');
  return { source, shapes, used: new Set<string>([...shapes.keys(), ...sizeNames]), helpers: [], current: provisional(span(0, 0)) };
}

/** Provisional index names (k1, k2, …), unique within one definition; `define` renames them. */
function provisional(where: Span): Definition {
  let count = 0;
  return { index: () => ({ text: `k${++count}`, span: where }) };
}

/**
 * `name[a,b] = body(a,b)` as a definition with its indices named in reading order, avoiding every
 * tensor, size and helper name. Definitions the body needs are written first (they join ctx.helpers).
 */
function define(ctx: Context, name: () => string, shape: MatrixShape, where: Span, body: (r: Slot, c: Slot) => Expr): DefinitionStatement {
  const outer = ctx.current;
  ctx.current = provisional(where);
  const [row, col] = [shape.rows !== null ? ctx.current.index() : null, shape.cols !== null ? ctx.current.index() : null];
  const expr = body(row, col);
  ctx.current = outer;
  const statement: DefinitionStatement = {
    kind: 'definition', name: identifier(name(), where), indices: [row, col].filter((s) => s !== null), body: expr, span: where,
  };
  return nameIndicesInReadingOrder(statement, ctx.used);
}

/** `base` if free, else base with the smallest free number (t1, t2, …). */
function freshName(base: string, used: Set<string>): string {
  let name = base;
  for (let k = 1; used.has(name); k++) name = `${base.replace(/\d+$/, '')}${k}`;
  used.add(name);
  return name;
}

function identifier(text: string, where: Span): Identifier {
  return { text, span: where };
}

function declaration(name: string, shape: MatrixShape, where: Span): Declaration {
  const size = (s: MatrixSize): SizeLiteral => (typeof s === 'number'
    ? { kind: 'integer', value: s, span: where } : { kind: 'symbol', name: s, span: where });
  const sides = [shape.rows, shape.cols].filter((s) => s !== null);
  return { kind: 'declaration', name: identifier(name, where), shape: sides.map(size), symmetric: false, span: where };
}

function mentions(ast: MatrixInput, name: string): boolean {
  switch (ast.kind) {
    case 'name': return ast.name === name;
    case 'number': return false;
    case 'transpose': case 'negate': case 'call': return mentions(ast.arg, name);
    case 'power': return mentions(ast.base, name);
    case 'binary': return mentions(ast.left, name) || mentions(ast.right, name);
  }
}

function access(name: string, row: Slot, col: Slot, where: Span): Expr {
  return { kind: 'access', tensor: identifier(name, where), indices: [row, col].filter((s) => s !== null), span: where };
}

function multiply(factors: readonly ProductFactor[], where: Span): Expr {
  return { kind: 'multiply', factors, span: where };
}

const times = (expr: Expr): ProductFactor => ({ expr, divide: false });
const over = (expr: Expr): ProductFactor => ({ expr, divide: true });

/** The factors of a product written side by side (a matrix product chains its operands: A[i,k] B[k,l] C[l,j]). */
function chained(expr: Expr): readonly ProductFactor[] {
  return expr.kind === 'multiply' ? expr.factors : [times(expr)];
}

function check(ast: MatrixInput, ctx: Context): Typed {
  switch (ast.kind) {
    case 'number':
      return { shape: scalarShape, emit: () => ({ kind: 'number', value: ast.value, span: ast.span }) };
    case 'name': {
      const shape = ctx.shapes.get(ast.name);
      if (!shape) return fail('matrix_input_unknown_name', { source: ctx.source, span: ast.span }, ast.name, [...ctx.shapes.keys()].join(', ') || 'none');
      return { shape, name: ast.name, emit: (r, c) => access(ast.name, r, c, ast.span) };
    }
    case 'transpose': {
      const arg = check(ast.arg, ctx);
      return { shape: { rows: arg.shape.cols, cols: arg.shape.rows }, emit: (r, c) => arg.emit(c, r) };
    }
    case 'negate': {
      const arg = check(ast.arg, ctx);
      return { shape: arg.shape, emit: (r, c) => ({ kind: 'negate', operand: arg.emit(r, c), span: ast.span }) };
    }
    case 'binary':
      return checkBinary(ast, ctx);
    case 'power':
      return checkPower(ast, ctx);
    case 'call':
      return checkCall(ast, ctx);
  }
}

/** A helper definition `t[a,b] = body(a,b)`, read back as t[r,c]. */
function helper(ctx: Context, shape: MatrixShape, where: Span, body: (r: Slot, c: Slot) => Expr): (r: Slot, c: Slot) => Expr {
  const name = defineHelper(ctx, shape, where, body);
  return (r, c) => access(name, r, c, where);
}

function defineHelper(ctx: Context, shape: MatrixShape, where: Span, body: (r: Slot, c: Slot) => Expr): string {
  const statement = define(ctx, () => freshName('t1', ctx.used), shape, where, body);
  ctx.helpers.push(statement);
  return statement.name.text;
}

function checkBinary(ast: Extract<MatrixInput, { kind: 'binary' }>, ctx: Context): Typed {
  const left = check(ast.left, ctx);
  const right = check(ast.right, ctx);
  const mismatch = (): never => fail('matrix_input_shape_mismatch', { source: ctx.source, span: ast.opSpan }, ast.op, showMatrixShape(left.shape), showMatrixShape(right.shape));
  const [ls, rs] = [isScalarShape(left.shape), isScalarShape(right.shape)];
  const shape = ls ? right.shape : left.shape;
  const side = (t: Typed, scalar: boolean) => (r: Slot, c: Slot): Expr => (scalar ? t.emit(null, null) : t.emit(r, c));
  const [l, r] = [side(left, ls), side(right, rs)];
  switch (ast.op) {
    case '+': case '-':
      if (!ls && !rs && !sameShape(left.shape, right.shape)) mismatch();
      return { shape, emit: (i, j) => sum(l(i, j), ast.op === '+' ? 1 : -1, r(i, j), ast.span) };
    case '/':
      if (!rs) return fail('matrix_input_division_by_matrix', { source: ctx.source, span: ast.right.span }, showMatrixShape(right.shape));
      return { shape, emit: (i, j) => multiply([times(l(i, j)), over(r(i, j))], ast.span) };
    case '.*': case './': {
      if (!ls && !rs && !sameShape(left.shape, right.shape)) mismatch();
      const body = (i: Slot, j: Slot): Expr => multiply([times(l(i, j)), ast.op === '.*' ? times(r(i, j)) : over(r(i, j))], ast.span);
      return { shape, emit: isScalarShape(shape) ? body : helper(ctx, shape, ast.span, body) };
    }
    case '*':
      if (ls || rs) return { shape, emit: (i, j) => multiply([times(l(i, j)), times(r(i, j))], ast.span) };
      if (left.shape.cols !== right.shape.rows) mismatch();
      return {
        shape: { rows: left.shape.rows, cols: right.shape.cols },
        emit: (i, j) => {
          const inner = left.shape.cols === null ? null : ctx.current.index();
          return multiply([...chained(left.emit(i, inner)), ...chained(right.emit(inner, j))], ast.span);
        },
      };
  }
}

/** `a + b` or `a - b`; a sum on the left continues (a + b - c is one sum of three terms). */
function sum(left: Expr, sign: 1 | -1, right: Expr, where: Span): Expr {
  const terms = left.kind === 'add' ? left.terms : [{ sign: 1 as const, expr: left }];
  return { kind: 'add', terms: [...terms, { sign, expr: right }], span: where };
}

function checkPower(ast: Extract<MatrixInput, { kind: 'power' }>, ctx: Context): Typed {
  if (ast.base.kind === 'call' && ast.base.fn === 'norm2' && ast.exponent === 2) return squaredNorm(check(ast.base.arg, ctx), ctx, ast.span);
  const base = check(ast.base, ctx);
  const scalar = isScalarShape(base.shape);
  if (!ast.elementwise && !scalar) return fail('matrix_input_matrix_power', { source: ctx.source, span: ast.span }, showMatrixShape(base.shape));
  const body = (r: Slot, c: Slot): Expr => ({ kind: 'power', base: base.emit(r, c), exponent: ast.exponent, span: ast.span });
  return { shape: base.shape, emit: scalar ? body : helper(ctx, base.shape, ast.span, body) };
}

/** ‖v‖² = sum[i,j](v[i,j]^2), summed over every index of v. */
function squaredNorm(arg: Typed, ctx: Context, where: Span): Typed {
  return { shape: scalarShape, emit: helper(ctx, scalarShape, where, () => sumOfEntries(arg, ctx, where, (entry) => ({ kind: 'power', base: entry, exponent: 2, span: where }))) };
}

/** sum[i,j](f(v[i,j])) over every index of v, written out so no index is summed implicitly. */
function sumOfEntries(arg: Typed, ctx: Context, where: Span, f: (entry: Expr) => Expr): Expr {
  const [r, c] = [arg.shape.rows !== null ? ctx.current.index() : null, arg.shape.cols !== null ? ctx.current.index() : null];
  const indices = [r, c].filter((s) => s !== null);
  const body = f(arg.emit(r, c));
  return indices.length === 0 ? body : { kind: 'sum', indices, body, span: where };
}

/** op over every entry of v, like sum(v): max(X) is the largest entry; a scalar is itself. */
function reduceOfEntries(op: 'max' | 'min' | 'logsumexp', arg: Typed, ctx: Context, where: Span): Expr {
  const [r, c] = [arg.shape.rows !== null ? ctx.current.index() : null, arg.shape.cols !== null ? ctx.current.index() : null];
  const indices = [r, c].filter((s) => s !== null);
  const body = arg.emit(r, c);
  return indices.length === 0 ? body : { kind: 'reduce', op, indices, body, span: where };
}

const matrixCalls = ['tr', 'sum', 'det', 'logdet', 'inv', 'norm1', 'norm2', 'max', 'min', 'logsumexp', 'softmax'];

function checkCall(ast: Extract<MatrixInput, { kind: 'call' }>, ctx: Context): Typed {
  const arg = check(ast.arg, ctx);
  const where = { source: ctx.source, span: ast.span };
  const square = (): void => { if (!isSquare(arg.shape)) fail('matrix_input_not_square', where, ast.fn, showMatrixShape(arg.shape)); };
  const named = (): string => arg.name ?? defineHelper(ctx, arg.shape, ast.span, (r, c) => arg.emit(r, c));
  const fn = ast.fn;
  if (isElementwiseFunction(fn)) return { shape: arg.shape, emit: (r, c) => ({ kind: 'call', fn, arg: arg.emit(r, c), span: ast.span }) };
  switch (fn) {
    case 'tr':
      square();
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => { const k = ctx.current.index(); return arg.emit(k, k); }) };
    case 'sum':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => sumOfEntries(arg, ctx, ast.span, (entry) => entry)) };
    case 'norm1':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => sumOfEntries(arg, ctx, ast.span, (entry) => ({ kind: 'call', fn: 'abs', arg: entry, span: ast.span }))) };
    case 'norm2':
      return { shape: scalarShape, emit: () => ({ kind: 'call', fn: 'sqrt', arg: squaredNorm(arg, ctx, ast.span).emit(null, null), span: ast.span }) };
    case 'max': case 'min': case 'logsumexp':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => reduceOfEntries(fn, arg, ctx, ast.span)) };
    case 'softmax': {
      // exp(v − logsumexp(v)) over every entry: the shifted form, finite at logits of ±1000
      const lse = helper(ctx, scalarShape, ast.span, () => reduceOfEntries('logsumexp', arg, ctx, ast.span));
      return { shape: arg.shape, emit: (r, c) => ({ kind: 'call', fn: 'exp', span: ast.span,
        arg: { kind: 'add', terms: [{ sign: 1, expr: arg.emit(r, c) }, { sign: -1, expr: lse(null, null) }], span: ast.span } }) };
    }
    case 'det': case 'logdet': {
      square();
      const m = named();
      return { shape: scalarShape, emit: () => ({ kind: 'matrix', fn, matrix: identifier(m, ast.span), indices: [], span: ast.span }) };
    }
    case 'inv': {
      square();
      const m = named();
      return {
        shape: arg.shape,
        emit: (r, c) => ({ kind: 'matrix', fn, matrix: identifier(m, ast.span), indices: [r, c].filter((s) => s !== null), span: ast.span }),
      };
    }
    default:
      return fail('matrix_input_unknown_function', { source: ctx.source, span: ast.nameSpan }, fn, [...elementwiseFunctions, ...matrixCalls].join(', '));
  }
}
