import type { Size } from '../2-network/network.js';
import { elementwiseFunctions } from './ricci-ast.js';
import { fail } from '../diagnostics/ricci-error.js';
import { parseMatrixInput, type MatrixInput } from './matrix-input-parse.js';
import {
  isScalarShape, isSquare, readShapes, sameShape, scalarShape, showMatrixShape, type MatrixShape, type Side,
} from './matrix-input-shape.js';

export interface MatrixInputOptions {
  /** The name of the defined result; default 'f'. */
  readonly name?: string;
}

/** The Ricci program a matrix-notation expression means, shown to the user. */
export interface MatrixInputProgram {
  /** Declarations, helper definitions, then `name[...] = ...`. */
  readonly source: string;
  readonly name: string;
  /** The result's index names in the last definition (rows, then cols). */
  readonly indices: readonly string[];
  readonly shape: MatrixShape;
}

/** An index slot: an index name, or null for a side that is 1 (no index). */
type Slot = string | null;

/** A checked subexpression: its shape and how to write it with given row/col indices. */
interface Typed {
  readonly shape: MatrixShape;
  /** A plain matrix name (what inv/det may take directly). */
  readonly name?: string;
  emit(row: Slot, col: Slot): string;
}

interface Context {
  readonly source: string;
  readonly shapes: ReadonlyMap<string, MatrixShape>;
  readonly used: Set<string>;
  readonly helpers: string[];
  /** A placeholder index; each definition's placeholders are named i, j, k… in reading order. */
  index(): string;
  helper(): string;
  /** `lhs = body` with its indices named. */
  define(lhs: string, body: string): string;
}

/**
 * matrixcalculus.org-style input → Ricci-language source, e.g.
 *   x'*A*x                →  f = x[i] A[i,j] x[j]
 *   X*W + b               →  f[i,j] = (X[i,k] W[k,j] + b[i,j])
 *   tr(A*X*B)             →  t1 = A[i,j] X[j,k] B[k,i]; f = t1
 * Hadamard products, elementwise powers, traces and sums become helper definitions, so each
 * index's summation is unambiguous under the language's rules.
 */
export function fromMatrixNotation(text: string, shapes: Readonly<Record<string, readonly Size[]>>, options: MatrixInputOptions = {}): MatrixInputProgram {
  const declared = readShapes(shapes);
  const ast = parseMatrixInput(text);
  const ctx = createContext(text, declared);
  const typed = check(ast, ctx);
  const name = freshName(options.name ?? 'f', ctx.used);
  const indices = [typed.shape.rows, typed.shape.cols].filter((s) => s !== null).map(() => ctx.index());
  const [row, col] = slotsFor(typed.shape, indices);
  const body = typed.emit(row, col);
  const lhs = indices.length === 0 ? name : `${name}[${indices.join(',')}]`;
  const declarations = [...declared].filter(([n, s]) => mentions(ast, n) && !isScalarShape(s))
    .map(([n, s]) => `${n}: [${[s.rows, s.cols].filter((d) => d !== null).join(', ')}]`);
  const last = ctx.define(lhs, body);
  const named = last.slice(0, last.indexOf(' = ')).match(/\[(.*)\]/)?.[1]?.split(',') ?? [];
  return { source: [...declarations, ...ctx.helpers, last].join('\n'), name, indices: named, shape: typed.shape };
}

function createContext(source: string, shapes: ReadonlyMap<string, MatrixShape>): Context {
  const sizeNames = [...shapes.values()].flatMap((s) => [s.rows, s.cols]).filter((s): s is string => typeof s === 'string');
  const used = new Set<string>([...shapes.keys(), ...sizeNames]);
  const pool = ['i', 'j', 'k', 'l', 'm', 'n', 'p', 'q', 'r', 's', 'u', 'v', 'w', 'a', 'b', 'c', 'd', 'e', 'g', 'h'];
  let placeholders = 0;
  return {
    source, shapes, used, helpers: [],
    index: () => `\u0001${placeholders++}\u0002`,
    helper: () => freshName('t1', used),
    define: (lhs, body) => {
      const names = new Map<string, string>();
      const taken = new Set(used);
      return `${lhs} = ${body}`.replace(/\u0001\d+\u0002/g, (p) => {
        if (!names.has(p)) names.set(p, freshName(pool.find((q) => !taken.has(q)) ?? 'i', taken));
        return names.get(p)!;
      });
    },
  };
}

/** `base` if free, else base with the smallest free number (t1, t2, …). */
function freshName(base: string, used: Set<string>): string {
  let name = base;
  for (let k = 1; used.has(name); k++) name = `${base.replace(/\d+$/, '')}${k}`;
  used.add(name);
  return name;
}

function slotsFor(shape: MatrixShape, indices: readonly string[]): [Slot, Slot] {
  if (shape.rows !== null) return [indices[0]!, shape.cols !== null ? indices[1]! : null];
  return [null, shape.cols !== null ? indices[0]! : null];
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

const access = (name: string, row: Slot, col: Slot): string => {
  const idx = [row, col].filter((s) => s !== null);
  return idx.length === 0 ? name : `${name}[${idx.join(',')}]`;
};

const exponentText = (e: number): string => (e < 0 ? `(${e})` : String(e));

function check(ast: MatrixInput, ctx: Context): Typed {
  switch (ast.kind) {
    case 'number':
      return { shape: scalarShape, emit: () => String(ast.value) };
    case 'name': {
      const shape = ctx.shapes.get(ast.name);
      if (!shape) return fail('matrix_input_unknown_name', { source: ctx.source, span: ast.span }, ast.name, [...ctx.shapes.keys()].join(', ') || 'none');
      return { shape, name: ast.name, emit: (r, c) => access(ast.name, r, c) };
    }
    case 'transpose': {
      const arg = check(ast.arg, ctx);
      return { shape: { rows: arg.shape.cols, cols: arg.shape.rows }, emit: (r, c) => arg.emit(c, r) };
    }
    case 'negate': {
      const arg = check(ast.arg, ctx);
      return { shape: arg.shape, emit: (r, c) => `-${wrap(arg.emit(r, c))}` };
    }
    case 'binary':
      return checkBinary(ast, ctx);
    case 'power':
      return checkPower(ast, ctx);
    case 'call':
      return checkCall(ast, ctx);
  }
}

/** Adds a helper definition `t[a,b] = body(a,b)` (after the helpers its body needs); returns t. */
function defineHelper(ctx: Context, shape: MatrixShape, body: (r: Slot, c: Slot) => string): string {
  const [a, b] = [shape.rows !== null ? ctx.index() : null, shape.cols !== null ? ctx.index() : null];
  const text = body(a, b);
  const name = ctx.helper();
  ctx.helpers.push(ctx.define(access(name, a, b), text));
  return name;
}

/** A helper read back as t[r,c]. */
function helper(ctx: Context, shape: MatrixShape, body: (r: Slot, c: Slot) => string): (r: Slot, c: Slot) => string {
  const name = defineHelper(ctx, shape, body);
  return (r, c) => access(name, r, c);
}

/** Parentheses unless the text is a number or a single tensor entry. */
function wrap(text: string): string {
  return /^([\p{L}_][\p{L}\p{N}_]*(\[[^\]]*\])?|\d+(\.\d+)?(e[+-]?\d+)?)$/u.test(text) ? text : `(${text})`;
}

function checkBinary(ast: Extract<MatrixInput, { kind: 'binary' }>, ctx: Context): Typed {
  const left = check(ast.left, ctx);
  const right = check(ast.right, ctx);
  const mismatch = (): never => fail('matrix_input_shape_mismatch', { source: ctx.source, span: ast.opSpan }, ast.op, showMatrixShape(left.shape), showMatrixShape(right.shape));
  const [ls, rs] = [isScalarShape(left.shape), isScalarShape(right.shape)];
  const shape = ls ? right.shape : left.shape;
  const side = (t: Typed, scalar: boolean) => (r: Slot, c: Slot): string => (scalar ? t.emit(null, null) : t.emit(r, c));
  const [l, r] = [side(left, ls), side(right, rs)];
  switch (ast.op) {
    case '+': case '-':
      if (!ls && !rs && !sameShape(left.shape, right.shape)) mismatch();
      return { shape, emit: (i, j) => `(${l(i, j)} ${ast.op} ${r(i, j)})` };
    case '/':
      if (!rs) return fail('matrix_input_division_by_matrix', { source: ctx.source, span: ast.right.span }, showMatrixShape(right.shape));
      return { shape, emit: (i, j) => `${wrap(l(i, j))} / ${wrap(r(i, j))}` };
    case '.*': case './': {
      if (!ls && !rs && !sameShape(left.shape, right.shape)) mismatch();
      const op = ast.op === '.*' ? '*' : '/';
      const body = (i: Slot, j: Slot): string => `${wrap(l(i, j))} ${op} ${wrap(r(i, j))}`;
      return { shape, emit: isScalarShape(shape) ? body : helper(ctx, shape, body) };
    }
    case '*':
      if (ls || rs) return { shape, emit: (i, j) => `${wrap(l(i, j))} ${wrap(r(i, j))}` };
      if (left.shape.cols !== right.shape.rows) mismatch();
      return {
        shape: { rows: left.shape.rows, cols: right.shape.cols },
        emit: (i, j) => {
          const inner = left.shape.cols === null ? null : ctx.index();
          return `${left.emit(i, inner)} ${right.emit(inner, j)}`;
        },
      };
  }
}

function checkPower(ast: Extract<MatrixInput, { kind: 'power' }>, ctx: Context): Typed {
  if (ast.base.kind === 'call' && ast.base.fn === 'norm2' && ast.exponent === 2) return squaredNorm(check(ast.base.arg, ctx), ctx);
  const base = check(ast.base, ctx);
  const scalar = isScalarShape(base.shape);
  if (!ast.elementwise && !scalar) return fail('matrix_input_matrix_power', { source: ctx.source, span: ast.span }, showMatrixShape(base.shape));
  const body = (r: Slot, c: Slot): string => `${wrap(base.emit(r, c))}^${exponentText(ast.exponent)}`;
  return { shape: base.shape, emit: scalar ? body : helper(ctx, base.shape, body) };
}

/** ‖v‖² = Σ v², summed over every index of v (a definition with no index on the left). */
function squaredNorm(arg: Typed, ctx: Context): Typed {
  return { shape: scalarShape, emit: helper(ctx, scalarShape, () => `${wrap(arg.emit(arg.shape.rows !== null ? ctx.index() : null, arg.shape.cols !== null ? ctx.index() : null))}^2`) };
}

const matrixCalls = ['tr', 'sum', 'det', 'logdet', 'inv', 'norm2'];

function checkCall(ast: Extract<MatrixInput, { kind: 'call' }>, ctx: Context): Typed {
  const arg = check(ast.arg, ctx);
  const where = { source: ctx.source, span: ast.span };
  const square = (): void => { if (!isSquare(arg.shape)) fail('matrix_input_not_square', where, ast.fn, showMatrixShape(arg.shape)); };
  const fresh = (side: Side): Slot => (side === null ? null : ctx.index());
  const named = (): string => arg.name ?? defineHelper(ctx, arg.shape, (r, c) => arg.emit(r, c));
  if ((elementwiseFunctions as readonly string[]).includes(ast.fn)) return { shape: arg.shape, emit: (r, c) => `${ast.fn}(${arg.emit(r, c)})` };
  switch (ast.fn) {
    case 'tr':
      square();
      return { shape: scalarShape, emit: helper(ctx, scalarShape, () => { const k = ctx.index(); return arg.emit(k, k); }) };
    case 'sum':
      return { shape: scalarShape, emit: helper(ctx, scalarShape, () => arg.emit(fresh(arg.shape.rows), fresh(arg.shape.cols))) };
    case 'norm2':
      return { shape: scalarShape, emit: () => `sqrt(${squaredNorm(arg, ctx).emit(null, null)})` };
    case 'det': case 'logdet': {
      square();
      const m = named();
      return { shape: scalarShape, emit: () => `${ast.fn}(${m})` };
    }
    case 'inv': {
      square();
      const m = named();
      return { shape: arg.shape, emit: (r, c) => `inv(${m})[${r},${c}]` };
    }
    default:
      return fail('matrix_input_unknown_function', { source: ctx.source, span: ast.nameSpan }, ast.fn, [...elementwiseFunctions, ...matrixCalls].join(', '));
  }
}
