import { allocate, elementCount, toDense, type DenseArray, type StridedArray } from '../../runtime/strided-array.js';

export type Inputs = Readonly<Record<string, StridedArray>>;

/**
 * Nested central differences of f with respect to wrt[0], then wrt[1], …: the result has f's axes
 * followed by each wrt's axes, the layout of a symbolic Jacobian/Hessian.
 *   ∂f/∂X[e] ≈ (f(X + h e) − f(X − h e)) / 2h,  h = step · max(1, |X[e]|)
 */
export function centralDifferences(f: (inputs: Inputs) => DenseArray, inputs: Inputs,
  wrt: readonly string[], step: number): DenseArray {
  if (wrt.length === 0) return f(inputs);
  const inner = (values: Inputs): DenseArray => centralDifferences(f, values, wrt.slice(0, -1), step);
  const name = wrt[wrt.length - 1]!;
  const x = toDense(inputs[name]!);
  const n = elementCount(x.shape);
  let out: DenseArray | undefined;
  for (let e = 0; e < n; e++) {
    const h = step * Math.max(1, Math.abs(x.data[e]!));
    const plus = inner({ ...inputs, [name]: perturbed(x, e, h) });
    const minus = inner({ ...inputs, [name]: perturbed(x, e, -h) });
    out ??= allocate([...plus.shape, ...x.shape]);
    for (let k = 0; k < plus.data.length; k++) out.data[k * n + e] = (plus.data[k]! - minus.data[k]!) / (2 * h);
  }
  return out ?? allocate([...f(inputs).shape, ...x.shape]);
}

function perturbed(x: DenseArray, e: number, h: number): DenseArray {
  const copy = allocate(x.shape);
  copy.data.set(x.data);
  copy.data[e]! += h;
  return copy;
}
