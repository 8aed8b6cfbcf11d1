import { assertNever } from '../diagnostics/assert-never.js';
import { closestWord } from '../diagnostics/did-you-mean.js';
import { fail } from './matrix-input-errors.js';
import { span, type Span } from '../diagnostics/span.js';
import { matrixInputFunctions, parseMatrixInput, type MatrixInput } from './matrix-input-parse.js';
import {
  isScalarShape, isSquare, readShapes, readResultName, sameShape, scalarShape, showMatrixShape, type MatrixShape, type MatrixSize,
} from './matrix-input-shape.js';
import { nameIndicesInReadingOrder } from './matrix-input-names.js';
import {
  elementwiseFunctions, isElementwiseFunction, type Declaration, type DefinitionStatement, type Expr, type Identifier,
  type Program, type ProductFactor, type SizeLiteral, type Term,
} from './ricci-ast.js';
import { printProgram } from './ricci-print.js';
import { binaryCall, reduction, tensorPower } from './ricci-sugar.js';

export interface MatrixInputOptions {
  /** The name of the defined result; default 'f'. An identifier, not a word of the Ricci language. */
  readonly name?: string;
  /** Square matrices declared `symmetric` (S = Sᵀ; the calculus uses it, and derivatives by S follow its convention). */
  readonly symmetric?: readonly string[];
  /** Vectors or matrices declared `distribution` (entries ≥ 0, each row summing to 1 along its last side). */
  readonly distribution?: readonly string[];
  /**
   * How a declared `[n]` and `𝟏` read: columns (default) or rows, as the matrix view printed them
   * (`toMatrixNotation(d, { vectors: 'row' })`: x is a row, xᵀ a column).
   */
  readonly vectors?: 'column' | 'row';
}

/** The declaration attributes options may give, each a list of declared names. */
const attributes = ['symmetric', 'distribution'] as const;
type Attribute = (typeof attributes)[number];

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
  /** options.vectors is 'row': 𝟏 is a row. */
  readonly rowVectors: boolean;
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
 * import { fromMatrixNotation, grad, toMatrixNotation } from 'ricci';
 * const p = fromMatrixNotation("x'*A*x", { x: ['n'], A: ['n', 'n'] });
 * p.source; // → x: [n]\nA: [n, n]\nf = x[i] A[i,j] x[j]
 * toMatrixNotation(grad(p.program, p.name, 'x')).text.split('\n')[0]; // → ∂f/∂x = (A + Aᵀ) x
 */
export function fromMatrixNotation(text: string, shapes: Readonly<Record<string, readonly MatrixSize[]>>, options: MatrixInputOptions = {}): MatrixInputProgram {
  if (typeof text !== 'string') fail('matrix_input_bad_argument', undefined, 'the expression as a string', describe(text));
  if (typeof shapes !== 'object' || shapes === null || Array.isArray(shapes))
    fail('matrix_input_bad_argument', undefined, "the shapes as an object ({ A: ['m', 'n'], x: ['n'] })", describe(shapes));
  if (typeof options !== 'object' || options === null || Object.keys(options).some((key) => key !== 'name' && key !== 'vectors' && !(attributes as readonly string[]).includes(key))
    || (options.vectors !== undefined && options.vectors !== 'column' && options.vectors !== 'row'))
    fail('matrix_input_bad_argument', undefined, "options of the form { name: 'f', symmetric: ['S'], distribution: ['y'], vectors: 'column' | 'row' }", describeOptions(options));
  const rows = options.vectors === 'row';
  const declared = new Map([...readShapes(shapes)].map(([name, shape]) => [name, rows && shape.cols === null && shape.rows !== null ? { rows: null, cols: shape.rows } : shape]));
  const attributed = readAttributes(options, declared);
  const requested = readResultName(options.name ?? 'f');
  const ast = parseMatrixInput(text);
  const ctx = createContext(text, declared, rows);
  const typed = check(ast, ctx);
  const name = freshName(requested, ctx.used);
  // a 𝟏 whose size nothing in the expression fixes: the caret on the first 𝟏 written
  if (typed.shape.rows === ones || typed.shape.cols === ones) fail('matrix_input_ones_size', { source: text, span: firstMention(ast, ones)?.span ?? ast.span });
  const last = define(ctx, () => name, typed.shape, ast.span, (row, col) => typed.emit(row, col));
  const declarations = [...declared].filter(([n, s]) => mentions(ast, n) && !isScalarShape(s)).map(([n, s]) => declaration(n, s, ast.span, attributed.get(n)));
  const program: Program = { source: text, statements: [...declarations, ...ctx.helpers, last] };
  return { source: printProgram(program), program, name, indices: last.indices.map((i) => i.text), shape: typed.shape };
}

/** A value for a message: its JSON, or its type when it has none. */
function describe(value: unknown): string {
  return value === undefined ? 'undefined' : typeof value === 'function' ? 'a function' : JSON.stringify(value) ?? typeof value;
}

function createContext(source: string, shapes: ReadonlyMap<string, MatrixShape>, rowVectors: boolean): Context {
  const sizeNames = [...shapes.values()].flatMap((s) => [s.rows, s.cols]).filter((s): s is string => typeof s === 'string');
  return { source, shapes, rowVectors, used: new Set<string>([...shapes.keys(), ...sizeNames]), helpers: [], current: provisional(span(0, 0)) };
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
  if (shape.rows === ones || shape.cols === ones) fail('matrix_input_ones_size', { source: ctx.source, span: where });
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

function declaration(name: string, shape: MatrixShape, where: Span, attribute: Attribute | undefined): Declaration {
  const size = (s: MatrixSize): SizeLiteral => (typeof s === 'number'
    ? { kind: 'integer', value: s, span: where } : { kind: 'symbol', name: s, span: where });
  const sides = [shape.rows, shape.cols].filter((s) => s !== null);
  return {
    kind: 'declaration', name: identifier(name, where), shape: sides.map(size), symmetric: attribute === 'symmetric',
    ...(attribute === 'distribution' ? { distribution: true } : {}), span: where,
  };
}

/**
 * options.symmetric / options.distribution: lists of declared names, as the Ricci language's
 * `S: [n, n] symmetric` and `y: [k] distribution` (one attribute per name). A symmetric name is a
 * square matrix; a distribution is not a scalar.
 */
function readAttributes(options: MatrixInputOptions, shapes: ReadonlyMap<string, MatrixShape>): Map<string, Attribute> {
  const result = new Map<string, Attribute>();
  for (const attribute of attributes) {
    const names: unknown = options[attribute];
    if (names === undefined) continue;
    if (!Array.isArray(names) || !names.every((n) => typeof n === 'string'))
      fail('matrix_input_bad_argument', undefined, `${attribute} as a list of names (${attribute}: ['${attribute === 'symmetric' ? 'S' : 'y'}'])`, describe(names));
    const list = names as string[];
    const listed = `${attribute}: ${JSON.stringify(list)}`;
    for (const name of list) {
      const quoted = JSON.stringify(name);
      const at = listed.indexOf(quoted);
      const where = { source: listed, span: span(at, at + quoted.length) };
      const shape = shapes.get(name);
      const reason = shape === undefined ? 'it has no declared shape'
        : result.has(name) ? `it is already declared ${result.get(name)!}`
          : attribute === 'symmetric' && !isSquare(shape) ? `a symmetric matrix is square, and it is ${showMatrixShape(shape)}`
            : attribute === 'distribution' && isScalarShape(shape) ? 'a distribution is a vector or a matrix, and it is a scalar' : undefined;
      if (reason !== undefined) fail('matrix_input_bad_attribute', where, attribute, name, reason);
      result.set(name, attribute);
    }
  }
  return result;
}

/** Whether `name` occurs in `ast`; a loop over a work list (a 5,000-term sum is 5,000 deep on its left). */
function mentions(ast: MatrixInput, name: string): boolean {
  return firstMention(ast, name) !== undefined;
}

/** The leftmost place `name` is written in `ast`. */
function firstMention(ast: MatrixInput, name: string): MatrixInput | undefined {
  const pending: MatrixInput[] = [ast];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    switch (node.kind) {
      case 'name': if (node.name === name) return node; break;
      case 'number': break;
      case 'transpose': case 'negate': pending.push(node.arg); break;
      case 'call': pending.push(...node.args); break;
      case 'power': pending.push(node.base); break;
      case 'tensor-power': pending.push(node.exponent, node.base); break;
      case 'binary': pending.push(node.right, node.left); break;
      default: assertNever(node);
    }
  }
  return undefined;
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
      if (shape) return { shape, name: ast.name, emit: (r, c) => access(ast.name, r, c, ast.span) };
      return printedSymbol(ast, ctx) ?? fail('matrix_input_unknown_name', { source: ctx.source, span: ast.span }, ast.name, [...ctx.shapes.keys()].join(', ') || 'none');
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
      return checkChain(ast, ctx);
    case 'power':
      return checkPower(ast, ctx);
    case 'tensor-power':
      return checkTensorPower(ast, ctx);
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

type BinaryInput = Extract<MatrixInput, { kind: 'binary' }>;

/** A checked link of a chain: how the value so far combines with the link's right operand. */
interface Link {
  readonly ast: BinaryInput;
  readonly right: Typed;
  readonly leftScalar: boolean;
  readonly rightScalar: boolean;
  /** A matrix product of two matrices: the inner index joins them (none when the left has one column side of 1). */
  readonly inner: 'index' | 'none' | undefined;
}

/**
 * A chain a + b − c, A*B*C, x/2/2, …: its tree leans left as deep as the chain is long, so the left
 * spine is checked in a loop, link by link against the shape so far, and emitted in a loop
 * (emitChain). Only right operands recurse; their depth is the input's true nesting.
 */
function checkChain(ast: BinaryInput, ctx: Context): Typed {
  const spine: BinaryInput[] = [];
  let bottom: MatrixInput = ast;
  for (; bottom.kind === 'binary'; bottom = bottom.left) spine.push(bottom);
  let start = check(bottom, ctx);
  let links: Link[] = [];
  let shape = start.shape;
  for (const node of spine.reverse()) {
    const right = check(node.right, ctx);
    const [ls, rs] = [isScalarShape(shape), isScalarShape(right.shape)];
    const mismatch = (): never => fail('matrix_input_shape_mismatch', { source: ctx.source, span: node.opSpan }, node.op, showMatrixShape(shape), showMatrixShape(right.shape));
    const link: Link = { ast: node, right, leftScalar: ls, rightScalar: rs, inner: undefined };
    const joined = ls ? right.shape : rs ? shape : merged(shape, right.shape);
    switch (node.op) {
      case '+': case '-':
        if (!ls && !rs && !fits(shape, right.shape)) mismatch();
        links.push(link);
        break;
      case '/':
        if (!rs) return fail('matrix_input_division_by_matrix', { source: ctx.source, span: node.right.span }, showMatrixShape(right.shape));
        links.push(link);
        break;
      case '.*': case './': {
        if (!ls && !rs && !fits(shape, right.shape)) mismatch();
        links.push(link);
        if (isScalarShape(joined)) break;
        // an elementwise product of matrices is a helper definition; the chain goes on from its name
        start = { shape: joined, emit: helper(ctx, joined, node.span, chainEmitter(ctx, start, links)) };
        links = [];
        break;
      }
      case '*':
        if (ls || rs) { links.push(link); break; }
        if (!fitsSide(shape.cols, right.shape.rows) || (shape.cols === ones && right.shape.rows === ones)) mismatch();
        links.push({ ...link, inner: shape.cols === null ? 'none' : 'index' });
        shape = { rows: shape.rows, cols: right.shape.cols };
        continue;
      default:
        assertNever(node.op);
    }
    shape = joined;
  }
  return links.length === 0 ? start : { shape, emit: chainEmitter(ctx, start, links) };
}

/**
 * The chain's expression for index slots (r, c), in two loops: slots from the last link back to the
 * first (a matrix product's inner index joins its two sides), then the expression from the first
 * link on. A sum continues a sum made here (a + b − c is one sum of three terms) and a product
 * continues a product (A*B*C is one product of three factors), each appended in place.
 */
function chainEmitter(ctx: Context, start: Typed, links: readonly Link[]): (r: Slot, c: Slot) => Expr {
  return (r, c) => {
    const slots: [Slot, Slot][] = [];
    const rightSlots: [Slot, Slot][] = [];
    let [i, j] = [r, c];
    for (let k = links.length - 1; k >= 0; k--) {
      const link = links[k]!;
      if (link.inner !== undefined) {
        const inner = link.inner === 'index' ? ctx.current.index() : null;
        slots[k] = [i, inner];
        rightSlots[k] = [inner, j];
        [i, j] = [i, inner];
        continue;
      }
      rightSlots[k] = link.rightScalar ? [null, null] : [i, j];
      slots[k] = [i, j];
      if (link.leftScalar) [i, j] = [null, null];
    }
    let expr = start.emit(i, j);
    let own: { readonly expr: Expr; readonly list: Term[] | ProductFactor[] } | undefined;
    const continued = <T extends Term | ProductFactor>(kind: 'add' | 'multiply', first: () => T[]): T[] =>
      (own !== undefined && own.expr === expr && expr.kind === kind ? own.list as T[] : first());
    links.forEach((link, k) => {
      const right = link.right.emit(...rightSlots[k]!);
      const where = link.ast.span;
      switch (link.ast.op) {
        case '+': case '-': {
          const terms = continued<Term>('add', () => (expr.kind === 'add' ? [...expr.terms] : [{ sign: 1, expr }]));
          terms.push({ sign: link.ast.op === '+' ? 1 : -1, expr: right });
          expr = { kind: 'add', terms, span: where };
          own = { expr, list: terms };
          return;
        }
        case '*': case '/': case '.*': case './': {
          const matrix = link.inner !== undefined;
          const factors = continued<ProductFactor>('multiply', () => (matrix ? [...chained(expr)] : [times(expr)]));
          const divide = link.ast.op === '/' || link.ast.op === './';
          if (matrix) factors.push(...chained(right));
          else factors.push(divide ? over(right) : times(right));
          expr = multiply(factors, where);
          own = { expr, list: factors };
          return;
        }
        default:
          assertNever(link.ast.op);
      }
    });
    return expr;
  };
}

function checkPower(ast: Extract<MatrixInput, { kind: 'power' }>, ctx: Context): Typed {
  if (ast.base.kind === 'call' && ast.base.fn === 'norm2' && ast.exponent === 2 && ast.base.args.length === 1) return squaredNorm(check(ast.base.args[0]!, ctx), ctx, ast.span);
  const base = check(ast.base, ctx);
  const scalar = isScalarShape(base.shape);
  if (!ast.elementwise && !scalar) return fail('matrix_input_matrix_power', { source: ctx.source, span: ast.span }, showMatrixShape(base.shape));
  const body = (r: Slot, c: Slot): Expr => ({ kind: 'power', base: base.emit(r, c), exponent: ast.exponent, span: ast.span });
  return { shape: base.shape, emit: scalar ? body : helper(ctx, base.shape, ast.span, body) };
}

/** x .^ p, entry by entry (either may be a scalar): a helper, as an elementwise power is. */
function checkTensorPower(ast: Extract<MatrixInput, { kind: 'tensor-power' }>, ctx: Context): Typed {
  const [base, exponent] = [check(ast.base, ctx), check(ast.exponent, ctx)];
  const [bs, es] = [isScalarShape(base.shape), isScalarShape(exponent.shape)];
  if (!bs && !es && !fits(base.shape, exponent.shape))
    fail('matrix_input_shape_mismatch', { source: ctx.source, span: ast.span }, '.^', showMatrixShape(base.shape), showMatrixShape(exponent.shape));
  const shape = bs ? exponent.shape : es ? base.shape : merged(base.shape, exponent.shape);
  const slots = (t: Typed, r: Slot, c: Slot): Expr => (isScalarShape(t.shape) ? t.emit(null, null) : t.emit(r, c));
  const body = (r: Slot, c: Slot): Expr => tensorPower(slots(base, r, c), slots(exponent, r, c), ast.span);
  return { shape, emit: isScalarShape(shape) ? body : helper(ctx, shape, ast.span, body) };
}

/** ‖v‖² = sum[i,j](v[i,j]^2), summed over every index of v. */
function squaredNorm(arg: Typed, ctx: Context, where: Span): Typed {
  return { shape: scalarShape, emit: helper(ctx, scalarShape, where, () => sumOfEntries(arg, ctx, where, (entry) => ({ kind: 'power', base: entry, exponent: 2, span: where }))) };
}

/**
 * `whole` over every index of v of `entry(v[i,j])` (sum, a reduction, mean), its indices written out
 * so none is summed implicitly; a scalar's entry is itself.
 */
function overEntries(arg: Typed, ctx: Context, whole: (indices: Identifier[], body: Expr) => Expr, entry: (e: Expr) => Expr = (e) => e): Expr {
  const [r, c] = [arg.shape.rows !== null ? ctx.current.index() : null, arg.shape.cols !== null ? ctx.current.index() : null];
  const indices = [r, c].filter((s) => s !== null);
  const body = entry(arg.emit(r, c));
  return indices.length === 0 ? body : whole(indices, body);
}

/** sum[i,j](f(v[i,j])) over every index of v. */
function sumOfEntries(arg: Typed, ctx: Context, where: Span, f: (entry: Expr) => Expr): Expr {
  return overEntries(arg, ctx, (indices, body) => ({ kind: 'sum', indices, body, span: where }), f);
}

/** op over every entry of v, like sum(v): max(X) is the largest entry; mean(X) is written with the language's mean (ricci-sugar.ts). */
function reduceOfEntries(op: 'max' | 'min' | 'logsumexp' | 'mean', arg: Typed, ctx: Context, where: Span): Expr {
  return overEntries(arg, ctx, (indices, body) => (op === 'mean' ? reduction('mean', indices, body, where) : { kind: 'reduce', op, indices, body, span: where }));
}

const matrixCalls = matrixInputFunctions.filter((f) => !isElementwiseFunction(f));

/** A side of 𝟏 that takes its size from what it meets (𝟏 − p, Y 𝟏, 0.01 𝟏 + w^∘2): never a declared size, which is an identifier. */
const ones = '𝟏';

function fitsSide(a: MatrixShape['rows'], b: MatrixShape['rows']): boolean {
  return a === b || (a === ones && b !== null) || (b === ones && a !== null);
}

function fits(a: MatrixShape, b: MatrixShape): boolean {
  return fitsSide(a.rows, b.rows) && fitsSide(a.cols, b.cols);
}

/** The shape of two that fit, 𝟏's sides taking the other's size. */
function merged(a: MatrixShape, b: MatrixShape): MatrixShape {
  return { rows: a.rows === ones ? b.rows : a.rows, cols: a.cols === ones ? b.cols : a.cols };
}

/** op[j](v[r,j]): a reduction along row r's entries (a column's single entry is itself). */
function alongRows(op: 'max' | 'min' | 'logsumexp', arg: Typed, ctx: Context, r: Slot, where: Span): Expr {
  if (arg.shape.cols === null) return arg.emit(r, null);
  const j = ctx.current.index();
  return { kind: 'reduce', op, indices: [j], body: arg.emit(r, j), span: where };
}

function deltaOf(r: Slot, c: Slot, where: Span): Expr {
  if (r === null || c === null) return { kind: 'number', value: 1, span: where };
  return { kind: 'delta', indices: [r, c], span: where };
}

/**
 * What the matrix view prints that is not a declared name: 𝟏 (its size from what it meets, written
 * Σ_t δ[i,t] so its index is read), I_n (δ over a declared size), and a declared size as a value
 * (N^-1 in a mean's derivative, as the Ricci language reads a bare size name).
 */
function printedSymbol(ast: Extract<MatrixInput, { kind: 'name' }>, ctx: Context): Typed | undefined {
  const sizes = new Set([...ctx.shapes.values()].flatMap((s) => [s.rows, s.cols]).filter((s) => s !== null).map(String));
  if (ast.name === ones) {
    return {
      shape: ctx.rowVectors ? { rows: null, cols: ones } : { rows: ones, cols: null },
      emit: (r, c) => {
        const slot = r ?? c;
        if (slot === null) return { kind: 'number', value: 1, span: ast.span };
        const t = ctx.current.index();
        return { kind: 'sum', indices: [t], body: deltaOf(slot, t, ast.span), span: ast.span };
      },
    };
  }
  const identity = /^I_(.+)$/u.exec(ast.name)?.[1];
  if (identity !== undefined && sizes.has(identity)) {
    const side = /^\d+$/u.test(identity) ? Number(identity) : identity;
    return { shape: { rows: side, cols: side }, emit: (r, c) => deltaOf(r, c, ast.span) };
  }
  if (sizes.has(ast.name)) return { shape: scalarShape, emit: () => access(ast.name, null, null, ast.span) };
  return undefined;
}

type CallInput = Extract<MatrixInput, { kind: 'call' }>;

/**
 * max(a, b), min(a, b): elementwise, of values of one shape or a scalar with anything (max(0, A*x)),
 * written as the language writes them (ricci-sugar.ts binaryCall: max(0, z) is relu(z)).
 */
function checkBinaryCall(ast: CallInput, fn: 'max' | 'min', ctx: Context): Typed {
  const [a, b] = [check(ast.args[0]!, ctx), check(ast.args[1]!, ctx)];
  const shape = isScalarShape(a.shape) ? b.shape : a.shape;
  if (!isScalarShape(a.shape) && !isScalarShape(b.shape) && !sameShape(a.shape, b.shape))
    fail('matrix_input_shape_mismatch', { source: ctx.source, span: ast.span }, `${fn}(a, b)`, showMatrixShape(a.shape), showMatrixShape(b.shape));
  return { shape, emit: (r, c) => binaryCall(fn, a.emit(r, c), b.emit(r, c), ast.span) };
}

function checkCall(ast: CallInput, ctx: Context): Typed {
  const fn = ast.fn;
  if ((fn === 'max' || fn === 'min') && ast.args.length === 2) return checkBinaryCall(ast, fn, ctx);
  if (ast.args.length !== 1) {
    const known = isElementwiseFunction(fn) || matrixCalls.includes(fn);
    if (!known) return unknownFunction(ast, fn, ctx);
    const expected = fn === 'max' || fn === 'min' ? 'one argument (its largest / smallest entry) or two (elementwise)' : 'one argument';
    return fail('matrix_input_function_arity', { source: ctx.source, span: ast.span }, fn, expected, ast.args.length);
  }
  const arg = check(ast.args[0]!, ctx);
  const where = { source: ctx.source, span: ast.span };
  const square = (): void => { if (!isSquare(arg.shape)) fail('matrix_input_not_square', where, ast.fn, showMatrixShape(arg.shape)); };
  const named = (): string => arg.name ?? defineHelper(ctx, arg.shape, ast.span, (r, c) => arg.emit(r, c));
  if (isElementwiseFunction(fn)) return { shape: arg.shape, emit: (r, c) => ({ kind: 'call', fn, arg: arg.emit(r, c), span: ast.span }) };
  switch (fn) {
    case 'tr':
      square();
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => { const k = ctx.current.index(); return arg.emit(k, k); }) };
    case 'sum':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => sumOfEntries(arg, ctx, ast.span, (entry) => entry)) };
    case 'mean':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => reduceOfEntries('mean', arg, ctx, ast.span)) };
    case 'norm1':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => sumOfEntries(arg, ctx, ast.span, (entry) => ({ kind: 'call', fn: 'abs', arg: entry, span: ast.span }))) };
    case 'norm2':
      return { shape: scalarShape, emit: () => ({ kind: 'call', fn: 'sqrt', arg: squaredNorm(arg, ctx, ast.span).emit(null, null), span: ast.span }) };
    case 'max': case 'min': case 'logsumexp':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, ast.span, () => reduceOfEntries(fn, arg, ctx, ast.span)) };
    case 'softmax': case 'log_softmax': {
      // v − logsumexp(v) over every entry, and its exp: the shifted forms, finite at logits of ±1000
      const lse = helper(ctx, scalarShape, ast.span, () => reduceOfEntries('logsumexp', arg, ctx, ast.span));
      const shifted = (r: Slot, c: Slot): Expr => ({ kind: 'add', terms: [{ sign: 1, expr: arg.emit(r, c) }, { sign: -1, expr: lse(null, null) }], span: ast.span });
      return { shape: arg.shape, emit: fn === 'softmax' ? (r, c) => ({ kind: 'call', fn: 'exp', span: ast.span, arg: shifted(r, c) }) : shifted };
    }
    case 'det': case 'logdet': {
      square();
      const m = named();
      return { shape: scalarShape, emit: () => ({ kind: 'matrix', fn, matrix: identifier(m, ast.span), indices: [], span: ast.span }) };
    }
    case 'diag': {
      // a helper t[i,j] = v[i] δ[i,j]: inline, (diag(v) P − Y) would sum i inside the parentheses
      if (arg.shape.cols !== null && arg.shape.rows !== null) fail('matrix_input_shape_mismatch', where, 'diag(v)', showMatrixShape(arg.shape), 'a vector');
      const side = arg.shape.rows ?? arg.shape.cols;
      const shape = { rows: side, cols: side };
      const entry = (r: Slot): Expr => (arg.shape.rows === null ? arg.emit(null, r) : arg.emit(r, null));
      return { shape, emit: helper(ctx, shape, ast.span, (r, c) => multiply([times(entry(r)), times(deltaOf(r, c, ast.span))], ast.span)) };
    }
    case 'max_rows': case 'min_rows': case 'logsumexp_rows': {
      // what the matrix view prints for a reduction along each row: a column over the rows
      const op = fn.slice(0, -'_rows'.length) as 'max' | 'min' | 'logsumexp';
      const shape = { rows: arg.shape.rows, cols: null };
      return { shape, emit: helper(ctx, shape, ast.span, (r) => alongRows(op, arg, ctx, r, ast.span)) };
    }
    case 'softmax_rows': {
      const lse = helper(ctx, { rows: arg.shape.rows, cols: null }, ast.span, (r) => alongRows('logsumexp', arg, ctx, r, ast.span));
      return {
        shape: arg.shape,
        emit: (r, c) => ({ kind: 'call', fn: 'exp', span: ast.span, arg: { kind: 'add', terms: [{ sign: 1, expr: arg.emit(r, c) }, { sign: -1, expr: lse(r, null) }], span: ast.span } }),
      };
    }
    case 'diagvec': {
      square();
      return { shape: { rows: arg.shape.rows, cols: null }, emit: helper(ctx, { rows: arg.shape.rows, cols: null }, ast.span, (r) => arg.emit(r, r)) };
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
      return unknownFunction(ast, fn, ctx);
  }
}

/** `A(1)` with A a matrix is a product written without `*`, `tahn(x)` a misspelling: the message says so. */
function unknownFunction(ast: CallInput, fn: string, ctx: Context): never {
  const known = [...elementwiseFunctions, ...matrixCalls];
  const closest = closestWord(fn, known);
  const hint = ctx.shapes.has(fn) ? `; '${fn}' is a matrix, not a function: write ${fn}*(…) to multiply`
    : closest !== undefined ? `; did you mean ${closest}?` : '';
  return fail('matrix_input_unknown_function', { source: ctx.source, span: ast.nameSpan }, fn, known.join(', '), hint);
}
