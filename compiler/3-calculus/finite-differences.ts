import { allocate, elementCount, toDense, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';

export type Inputs = Readonly<Record<string, StridedArray>>;

/**
 * Nested central differences of f with respect to wrt[0], then wrt[1], …: the result has f's axes
 * followed by each wrt's axes, the layout of a symbolic Jacobian/Hessian.
 *   ∂f/∂X[e] ≈ (f(X + h e) − f(X − h e)) / 2h,  h = step · max(1, |X[e]|)
 * A `symmetric` matrix moves symmetrically: e is the independent entry s_rc = s_cr (symmetric-inputs.ts).
 */
export function centralDifferences(f: (inputs: Inputs) => DenseArray, inputs: Inputs,
  wrt: readonly string[], step: number, symmetric: ReadonlySet<string> = new Set()): DenseArray {
  if (wrt.length === 0) return f(inputs);
  const inner = (values: Inputs): DenseArray => centralDifferences(f, values, wrt.slice(0, -1), step, symmetric);
  const mirror = symmetric.has(wrt[wrt.length - 1]!);
  const name = wrt[wrt.length - 1]!;
  const x = toDense(inputs[name]!);
  const n = elementCount(x.shape);
  let out: DenseArray | undefined;
  for (let e = 0; e < n; e++) {
    const h = step * Math.max(1, Math.abs(x.data[e]!));
    const plus = inner({ ...inputs, [name]: perturbed(x, e, h, mirror) });
    const minus = inner({ ...inputs, [name]: perturbed(x, e, -h, mirror) });
    out ??= allocate([...plus.shape, ...x.shape]);
    for (let k = 0; k < plus.data.length; k++) out.data[k * n + e] = (plus.data[k]! - minus.data[k]!) / (2 * h);
  }
  return out ?? allocate([...f(inputs).shape, ...x.shape]);
}

/** A finite-difference derivative with, per entry, an estimate of its own error. */
export interface Estimate {
  readonly value: DenseArray;
  /** |D(h) − D(h/2)|: bounds the truncation error of D(h/2), and shows round-off noise where it dominates. */
  readonly error: DenseArray;
}

/**
 * Richardson extrapolation of central differences over h and h/2: the h² error terms cancel,
 *   R = (4 D(h/2) − D(h)) / 3,  error ≈ |D(h) − D(h/2)|,
 * tried for each step of a ladder (largest first, ÷10 each), keeping per entry the estimate with the
 * smallest error — a large step where round-off would dominate, a small one where the function
 * turns fast (cos of 5e4), as in Ridders' method.
 */
export function richardsonDifferences(f: (inputs: Inputs) => DenseArray, inputs: Inputs,
  wrt: readonly string[], ladder: { readonly largest: number; readonly levels: number; readonly symmetric?: ReadonlySet<string> }): Estimate {
  let best: Estimate | undefined;
  for (let level = 0, h = ladder.largest; level < ladder.levels; level++, h /= 10) {
    const next = extrapolated(f, inputs, wrt, h, ladder.symmetric ?? new Set());
    best = best ? betterOf(best, next) : next;
  }
  return best!;
}

function extrapolated(f: (inputs: Inputs) => DenseArray, inputs: Inputs, wrt: readonly string[], h: number, symmetric: ReadonlySet<string>): Estimate {
  const coarse = centralDifferences(f, inputs, wrt, h, symmetric);
  const fine = centralDifferences(f, inputs, wrt, h / 2, symmetric);
  const value = allocate(coarse.shape);
  const error = allocate(coarse.shape);
  for (let k = 0; k < coarse.data.length; k++) {
    value.data[k] = (4 * fine.data[k]! - coarse.data[k]!) / 3;
    error.data[k] = Math.abs(fine.data[k]! - coarse.data[k]!);
  }
  return { value, error };
}

function betterOf(a: Estimate, b: Estimate): Estimate {
  const value = allocate(a.value.shape);
  const error = allocate(a.value.shape);
  for (let k = 0; k < value.data.length; k++) {
    const fromB = b.error.data[k]! < a.error.data[k]! || !Number.isFinite(a.error.data[k]!);
    value.data[k] = (fromB ? b : a).value.data[k]!;
    error.data[k] = (fromB ? b : a).error.data[k]!;
  }
  return { value, error };
}

/** X + h e; for a symmetric matrix the independent entry s_rc = s_cr moves both places (once on the diagonal). */
function perturbed(x: DenseArray, e: number, h: number, mirror: boolean): DenseArray {
  const copy = allocate(x.shape);
  copy.data.set(x.data);
  copy.data[e]! += h;
  if (mirror && x.shape.length === 2) {
    const n = x.shape[1]!;
    const [r, c] = [Math.floor(e / n), e % n];
    if (r !== c) copy.data[c * n + r]! += h;
  }
  return copy;
}
