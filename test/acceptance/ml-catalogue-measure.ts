import { materializeKronecker } from '../../compiler/views/kronecker/materialize.js';
import type { MatrixExpr } from '../../compiler/views/matrix-notation/matrix-expr.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, hessian, jacobian, type Derivative } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { randomInputs } from '../../src/random-inputs.js';
import { toMatrixNotation, toKronecker } from '../../src/index.js';
import { evaluateMatrix } from '../views/matrix-evaluate.js';
import { asMatrix, flattenIndependently, maxDifference } from './views-support.js';
import type { CatalogueEntry, CatalogueLayout } from './ml-catalogue.js';

/** A problem to measure; the entry may be built when measured (a refusal to build it counts as `threw`). */
export interface MeasuredProblem {
  readonly entry: CatalogueEntry | (() => CatalogueEntry);
  readonly layout: CatalogueLayout;
  readonly key: string;
}

/** What one problem gave: pass, or why not (the printed line kept for the report). */
export interface ProblemOutcome {
  readonly key: string;
  readonly ok: boolean;
  /** 'matrix' passed; otherwise the first failed requirement. */
  readonly verdict: 'matrix' | 'index-notation' | 'wrong-value' | 'threw';
  readonly printed: string;
  readonly error?: number;
}

/** The derivative an entry asks for. */
export function deriveEntry(e: CatalogueEntry): Derivative {
  const source = e.program ?? e.source;
  switch (e.kind) {
    case 'grad': return grad(source, e.of, e.wrt as string);
    case 'jacobian': return jacobian(source, e.of, e.wrt as string);
    case 'kronecker': return typeof e.wrt === 'string' ? jacobian(source, e.of, e.wrt) : hessian(source, e.of, e.wrt);
    case 'hessian': return hessian(source, e.of, e.wrt);
  }
}

/** Whether any part of a matrix form fell back to index notation. */
export function hasIndexPart(e: MatrixExpr): boolean {
  switch (e.kind) {
    case 'index': return true;
    case 'product': case 'hadamard': return e.factors.some(hasIndexPart);
    case 'sum': return e.terms.some((t) => hasIndexPart(t.expr));
    case 'transpose': case 'diag': case 'diagonal': case 'trace': case 'apply': case 'matfn': case 'reduce': case 'softmax': case 'vec': return hasIndexPart(e.arg);
    case 'kron': return hasIndexPart(e.left) || hasIndexPart(e.right);
    case 'symbol': case 'number': case 'identity': case 'ones': case 'commutation': return false;
  }
}

/** Symbolic sizes (𝟏 of size n, I_n) bound to the drawn inputs' numbers. */
function bindSizes(e: MatrixExpr, sizes: Readonly<Record<string, number>>): MatrixExpr {
  return JSON.parse(JSON.stringify(e), (key, v: unknown) =>
    ((key === 'size' || key === 'rows' || key === 'cols') && typeof v === 'string' ? sizes[v] : v)) as MatrixExpr;
}

const dense = (v: { data: DenseArray['data']; shape: readonly number[]; stride: readonly number[]; offset: number }): DenseArray =>
  ({ data: v.data, shape: [...v.shape], stride: [...v.stride], offset: v.offset });

/** Row-major contiguous copy: what evaluateMatrix reads a symbol as. */
function contiguous(v: DenseArray): DenseArray {
  const data = new Float64Array(v.shape.reduce((p, n) => p * n, 1));
  const index = new Array<number>(v.shape.length).fill(0);
  for (let flat = 0; flat < data.length; flat++) {
    let rest = flat;
    for (let k = v.shape.length - 1; k >= 0; k--) { index[k] = rest % v.shape[k]!; rest = Math.floor(rest / v.shape[k]!); }
    data[flat] = v.data[index.reduce((o, i, k) => o + i * v.stride[k]!, v.offset)]!;
  }
  return { data, shape: [...v.shape], stride: v.shape.map((_, k) => v.shape.slice(k + 1).reduce((p, n) => p * n, 1)), offset: 0 };
}

const tolerance = 1e-8;
/** Distinct numbers for the catalogue's size names, so a transposed answer cannot pass by accident. */
const sizes = { m: 5, n: 3, N: 6, d: 3, k: 4, h: 5, T: 4, S: 5, e: 2, p: 2, q: 3 };

/**
 * Measures one problem on seeded random inputs: the matrix view in the problem's layout must
 * contain no index notation, and its value by plain matrix algebra (test/views/matrix-evaluate.ts)
 * must equal the derivative's numbers (generated kernels) read in that layout. `alter` lets a test
 * break the form to see the measure reject it.
 */
export function measureProblem(
  p: MeasuredProblem, seed = 12, alter: (m: MatrixExpr) => MatrixExpr = (m) => m, sizeValues: Readonly<Record<string, number>> = sizes,
): ProblemOutcome {
  const { layout, key } = p;
  try {
    const entry = typeof p.entry === 'function' ? p.entry() : p.entry;
    const d = deriveEntry(entry);
    const drawn = randomInputs(d, { seed, sizes: { ...sizeValues } });
    const inputs = Object.fromEntries(Object.entries(drawn.values).map(([k, v]) => [k, contiguous(dense(v as DenseArray))]));
    const exact = dense(d.evaluate(inputs));
    if (entry.kind === 'kronecker') {
      const view = toKronecker(d, { vec: 'column' });
      const line = view.text.split('\n').find((l) => l.startsWith('column-major vec')) ?? '';
      const printed = line.includes('J = ') ? line.slice(line.indexOf('J = ')) : view.text.split('\n')[0]!;
      if (view.form.kind !== 'kronecker') return { key, ok: false, verdict: 'index-notation', printed };
      const J = materializeKronecker(view, inputs)!;
      const error = maxDifference(asMatrix(J, false), flattenIndependently(exact, d.of.indices.length + (d.wrt.length > 1 ? d.wrt[0]!.shape.length : 0), 'column'));
      return { key, ok: error < tolerance, verdict: error < tolerance ? 'matrix' : 'wrong-value', printed, error };
    }
    const env: Record<string, DenseArray> = { ...inputs };
    for (const [k, v] of Object.entries(evaluate(entry.source, inputs))) env[k] = contiguous(dense(v));
    const view = toMatrixNotation(d, { layout, vectors: entry.vectors ?? 'column' });
    const printed = view.text.split('\n')[0]!;
    if (hasIndexPart(view.matrix) || view.text.includes('index notation')) return { key, ok: false, verdict: 'index-notation', printed };
    const error = maxDifference(evaluateMatrix(bindSizes(alter(view.matrix), drawn.sizes), env), asMatrix(exact, view.transposed));
    return { key, ok: error < tolerance, verdict: error < tolerance ? 'matrix' : 'wrong-value', printed, error };
  } catch (e) {
    return { key, ok: false, verdict: 'threw', printed: e instanceof Error ? e.message.split('\n')[0]! : String(e) };
  }
}
