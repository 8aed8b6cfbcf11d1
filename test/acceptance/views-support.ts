import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { MatrixExpr } from '../../compiler/views/matrix-notation/matrix-expr.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, hessian, jacobian, type Derivative } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { fromNested, type Nested } from '../views/views-support.js';
import type { Matrix } from '../views/matrix-evaluate.js';
import { viewCases, type ViewCase } from './views-cases.js';

export interface FixtureCase {
  readonly name: string;
  readonly inputs: Readonly<Record<string, Nested>>;
  /** The textbook value in ricci's index order (function's axes, then the variable's). */
  readonly value: Nested;
  readonly column?: Nested;
  readonly row?: Nested;
}

const fixture = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/acceptance-views.json'), 'utf8')) as {
  sizes: Record<string, number>;
  cases: FixtureCase[];
};

/** The form with symbolic sizes (𝟏 of size n, I_n) bound to the fixture's numbers. */
export function withSizes(e: MatrixExpr): MatrixExpr {
  return JSON.parse(JSON.stringify(e), (key, v: unknown) =>
    ((key === 'size' || key === 'rows' || key === 'cols') && typeof v === 'string' ? fixture.sizes[v] : v)) as MatrixExpr;
}

export interface PreparedCase {
  readonly spec: ViewCase;
  readonly fixture: FixtureCase;
  readonly derivative: Derivative;
  readonly inputs: Record<string, DenseArray>;
  /** Inputs and every definition's value: what the matrix form's symbols name. */
  readonly env: Record<string, DenseArray>;
}

export function deriveCase(c: ViewCase): Derivative {
  switch (c.kind) {
    case 'grad': return grad(c.source, c.of, c.wrt as string);
    case 'jacobian': return jacobian(c.source, c.of, c.wrt as string);
    case 'hessian': return hessian(c.source, c.of, c.wrt);
  }
}

export function prepareCases(): PreparedCase[] {
  return viewCases.map((spec) => {
    const found = fixture.cases.find((f) => f.name === spec.name);
    if (!found) throw new Error(`no fixture for '${spec.name}': run python3 test/fixtures/acceptance-views.py`);
    const inputs = Object.fromEntries(Object.entries(found.inputs).map(([k, v]) => [k, fromNested(v)]));
    const defined = evaluate(spec.source, inputs);
    const env: Record<string, DenseArray> = { ...inputs };
    for (const [k, v] of Object.entries(defined)) env[k] = fromNested(toNested(Float64Array.from(v.data), v.shape));
    return { spec, fixture: found, derivative: deriveCase(spec), inputs, env };
  });
}

function toNested(data: Float64Array, shape: readonly number[]): Nested {
  if (shape.length === 0) return data[0]!;
  const step = data.length / shape[0]!;
  return Array.from({ length: shape[0]! }, (_, k) => toNested(data.subarray(k * step, (k + 1) * step), shape.slice(1)));
}

/** A tensor of rank ≤ 2 as a matrix (rank 1 → column), transposed when asked. */
export function asMatrix(t: DenseArray, transposed: boolean): Matrix {
  const [rows, cols] = [t.shape[0] ?? 1, t.shape[1] ?? 1];
  const at = (r: number, c: number): number => t.data[t.offset + r * (t.stride[0] ?? 0) + c * (t.stride[1] ?? 0)]!;
  const [R, C] = transposed ? [cols, rows] : [rows, cols];
  const data = new Float64Array(R * C);
  for (let r = 0; r < R; r++) for (let c = 0; c < C; c++) data[r * C + c] = transposed ? at(c, r) : at(r, c);
  return { rows: R, cols: C, data };
}

/**
 * J[vec F, vec X] from a tensor whose first `lead` axes are F's, written out independently of
 * the view: column-major vec runs the first index fastest, row-major the last.
 */
export function flattenIndependently(t: DenseArray, lead: number, vec: 'column' | 'row'): Matrix {
  const fShape = t.shape.slice(0, lead);
  const xShape = t.shape.slice(lead);
  const linear = (idx: readonly number[], shape: readonly number[]): number => (vec === 'column'
    ? idx.reduceRight((acc, v, k) => acc * shape[k]! + v, 0)
    : idx.reduce((acc, v, k) => acc * shape[k]! + v, 0));
  const rows = fShape.reduce((p, n) => p * n, 1);
  const cols = xShape.reduce((p, n) => p * n, 1);
  const data = new Float64Array(rows * cols);
  const total = rows * cols;
  for (let flat = 0; flat < total; flat++) {
    const idx: number[] = [];
    let rest = flat;
    for (let k = t.shape.length - 1; k >= 0; k--) { idx.unshift(rest % t.shape[k]!); rest = Math.floor(rest / t.shape[k]!); }
    const offset = idx.reduce((o, v, k) => o + v * t.stride[k]!, t.offset);
    data[linear(idx.slice(0, lead), fShape) * cols + linear(idx.slice(lead), xShape)] = t.data[offset]!;
  }
  return { rows, cols, data };
}

export function maxDifference(a: Matrix, b: Matrix): number {
  if (a.rows !== b.rows || a.cols !== b.cols) return Infinity;
  let worst = 0;
  a.data.forEach((v, k) => { worst = Math.max(worst, Math.abs(v - b.data[k]!) / Math.max(1, Math.abs(b.data[k]!))); });
  return worst;
}
