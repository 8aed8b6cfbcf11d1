import { elementCount, rowMajorStrides, type StridedArray } from './strided-array.js';
import { diagonalView } from './views.js';

/**
 * A plain, correct einsum executor: diagonals as views, then pairwise contractions left to right,
 * each one strided loop nest writing a fresh dense array. Never forms the product of all operands;
 * an index is summed away as soon as no later operand and not the output needs it.
 */

/** What every step writes: a fresh dense row-major Float64 array. */
export type Float64Dense = StridedArray<Float64Array>;

/** An array whose axes are named; names may repeat (a diagonal) until `distinctLabels`. */
export interface LabelledArray<A extends StridedArray = StridedArray> {
  readonly array: A;
  readonly labels: readonly string[];
}

/** out[o] = Σ over every label not in `output`, operands contracted pairwise left to right. */
export function interpretPairwise(operands: readonly LabelledArray[], output: readonly string[]): Float64Dense {
  const ops = operands.map(distinctLabels);
  const neededAfter = (k: number): Set<string> => new Set([...output, ...ops.slice(k + 1).flatMap((o) => o.labels)]);
  if (ops.length === 1) return sumOver(ops[0]!, output).array;
  let acc: LabelledArray<Float64Dense> = sumOver(ops[0]!, keepOnly(ops[0]!.labels, neededAfter(0)));
  for (let k = 1; k < ops.length; k++) {
    const later = neededAfter(k);
    const right = ops[k]!;
    const rightNeeds = keepOnly(right.labels, new Set([...later, ...acc.labels]));
    const lean = rightNeeds.length < right.labels.length ? sumOver(right, rightNeeds) : right;
    const result = k === ops.length - 1 ? output : keepOnly([...new Set([...acc.labels, ...lean.labels])], later);
    acc = contractPair(acc, lean, result);
  }
  return acc.array;
}

/** Repeated labels become one axis of a zero-copy diagonal view:  A[i,i,j] → d[i,j]. */
export function distinctLabels(a: LabelledArray): LabelledArray {
  const labels = [...new Set(a.labels)];
  if (labels.length === a.labels.length) return a;
  const groups = labels.map((l) => a.labels.flatMap((m, axis) => (m === l ? [axis] : [])));
  return { array: diagonalView(a.array, groups), labels };
}

/** out[o] = Σ a[labels] over the labels not in `output`. */
export function sumOver(a: LabelledArray, output: readonly string[]): LabelledArray<Float64Dense> {
  const one: LabelledArray = { array: { data: [1], shape: [], stride: [], offset: 0 }, labels: [] };
  return contractPair(a, one, output);
}

/**
 * c[o] = Σ a[la] · b[lb] over the labels not in o, for operands with distinct labels each.
 * Output labels vary outermost and summed ones innermost, so the inner loop is a strided dot.
 */
export function contractPair(a: LabelledArray, b: LabelledArray, output: readonly string[]): LabelledArray<Float64Dense> {
  const summed = [...new Set([...a.labels, ...b.labels])].filter((l) => !output.includes(l));
  const loops = [...output, ...summed];
  const sizes = loops.map((l) => sizeOf(l, a) ?? sizeOf(l, b) ?? 1);
  const shape = output.map((_, k) => sizes[k]!);
  const c: Float64Dense = { data: new Float64Array(elementCount(shape)), shape, stride: rowMajorStrides(shape), offset: 0 };
  const stepsOf = (x: LabelledArray): number[] => loops.map((l) => { const k = x.labels.indexOf(l); return k < 0 ? 0 : x.array.stride[k]!; });
  if (!sizes.includes(0)) runLoops(sizes, stepsOf(a), stepsOf(b), [...c.stride, ...summed.map(() => 0)], a.array, b.array, c);
  return { array: c, labels: [...output] };
}

function sizeOf(label: string, x: LabelledArray): number | undefined {
  const k = x.labels.indexOf(label);
  return k < 0 ? undefined : x.array.shape[k];
}

function keepOnly(labels: readonly string[], needed: ReadonlySet<string>): string[] {
  return labels.filter((l) => needed.has(l));
}

/** An odometer over every loop but the last; the last is a tight inner loop. */
function runLoops(sizes: readonly number[], sa: readonly number[], sb: readonly number[], sc: readonly number[],
  a: StridedArray, b: StridedArray, c: Float64Dense): void {
  const A = a.data;
  const B = b.data;
  const C = c.data;
  const depth = sizes.length;
  if (depth === 0) {
    C[0] = A[a.offset]! * B[b.offset]!;
    return;
  }
  const inner = depth - 1;
  const n = sizes[inner]!;
  const ia = sa[inner]!;
  const ib = sb[inner]!;
  const ic = sc[inner]!;
  const index = new Array<number>(inner).fill(0);
  let pa = a.offset;
  let pb = b.offset;
  let pc = 0;
  for (;;) {
    if (ic === 0) {
      let sum = 0;
      for (let t = 0, qa = pa, qb = pb; t < n; t++, qa += ia, qb += ib) sum += A[qa]! * B[qb]!;
      C[pc] = C[pc]! + sum;
    } else {
      for (let t = 0, qa = pa, qb = pb, qc = pc; t < n; t++, qa += ia, qb += ib, qc += ic) C[qc] = C[qc]! + A[qa]! * B[qb]!;
    }
    let k = inner - 1;
    for (; k >= 0; k--) {
      index[k]!++;
      pa += sa[k]!;
      pb += sb[k]!;
      pc += sc[k]!;
      if (index[k]! < sizes[k]!) break;
      pa -= sa[k]! * sizes[k]!;
      pb -= sb[k]! * sizes[k]!;
      pc -= sc[k]! * sizes[k]!;
      index[k] = 0;
    }
    if (k < 0) return;
  }
}
