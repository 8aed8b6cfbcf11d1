import type { IndexName } from '../2-network/network.js';
import type { IndexRoles } from './classify-indices.js';
import type { LoweringParameters } from './lowering-parameters.js';
import type { DType } from '../../runtime/strided-array.js';
import { gemmReach, type GemmReach } from './gemm-reach.js';
import { gemmParts, type GemmPart } from './split-step.js';
import type { StepSpec } from './step-spec.js';

/**
 * A step in GEMM form, the description a SIMD backend renders next to the loop nest (element
 * strides, compile-time integers), with its blocking decided here:
 *   for outer… { C[r, c] = scale · Σ_k L[r, k] R[k, c] }  with C's columns at unit stride
 * `leftInput` says which of the kernel's two inputs (in buffer order) is L.
 */
export interface MatmulStep {
  readonly outer: readonly MatmulLoop[];
  readonly rows: number;
  readonly columns: number;
  readonly depth: number;
  readonly leftInput: 0 | 1;
  readonly left: { readonly row: number; readonly depth: number };
  readonly right: { readonly depth: number; readonly column: number };
  readonly outputRow: number;
  readonly outputLength: number;
  readonly scale: number;
  /** The element type the kernel computes in (float32 accumulates in float32). */
  readonly dtype: DType;
  readonly blocking: GemmBlocking;
  /** The step split across threads (split-step.ts), each part a whole form; undefined: one thread. */
  readonly parts?: readonly GemmPart[];
}

/**
 * How the GEMM form is blocked, decided once from the `LoweringParameters`:
 *   for outer… { for k-block (kc) { for column block (nc) { pack R? ;
 *     for row tile (tileRows) { for column tile (tileColumns) { acc = Σ_k L[r,k] · R[k,c..] } } } } }
 * With more than one k-block the output is zeroed first and every block adds to it.
 */
export interface GemmBlocking {
  readonly tileRows: number;
  readonly tileColumns: number;
  /**
   * Columns of the register tile of a last row tile of at most `tileRows / 2` rows (30 rows in
   * tiles of 4 end with 2): twice `tileColumns` when whole vectors fill a tile's width, so it keeps
   * as many independent accumulators as a full tile instead of running at half the rate; else `tileColumns`.
   */
  readonly edgeTileColumns: number;
  readonly kc: number;
  /** Column block; the whole width when R is read in place. */
  readonly nc: number;
  /** R copied per block into `tileColumns`-wide panels P[panel][k][c] (zero-padded), else read in place. */
  readonly packRight: boolean;
  /** L's rows of each row tile copied into one panel Q[k][r] (at `leftPanelAt` in scratch), else read in place. */
  readonly packLeft: boolean;
  readonly leftPanelAt: number;
  /** Elements of scratch the panels need (0 when nothing is packed). */
  readonly scratchLength: number;
  /**
   * The first outer loop is run by the caller, one kernel call per value: each call stages one
   * slice (a batch of attention) instead of the whole operands, so a large batched product runs in
   * a small arena. Only when the output's slices are consecutive blocks and both operands move
   * with the loop (nothing is staged twice).
   */
  readonly sliced: boolean;
}

/** An output index looped outside the matrix product, with its stride in C, L and R. */
export interface MatmulLoop {
  readonly extent: number;
  readonly output: number;
  readonly left: number;
  readonly right: number;
}

/**
 * The GEMM form of a normalised step whose operands are ordered (L, R) as the tile expects, or
 * undefined when the step is not one: two operands, one contracted index, the output's unit-stride
 * index only in R, the rows index (if any) only in L, no fused function, no empty extent.
 */
export function matmulStepOf(spec: StepSpec, roles: IndexRoles, leftInput: number, outputLength: number,
  params: LoweringParameters, dtype: DType): MatmulStep | undefined {
  const [l, r] = spec.operands;
  const { rows, columns } = roles;
  if (!l || !r || spec.operands.length !== 2 || spec.map !== undefined || columns === undefined) return undefined;
  if (roles.contracted.length !== 1 || outputLength === 0 || spec.outputStrides.get(columns) !== 1) return undefined;
  const k = roles.contracted[0]!;
  const only = (index: IndexName, inLeft: boolean): boolean => l.strides.has(index) === inLeft && r.strides.has(index) !== inLeft;
  if (!only(columns, false) || (rows !== undefined && !only(rows, true))) return undefined;
  const stride = (m: ReadonlyMap<IndexName, number>, i: IndexName | undefined): number => (i === undefined ? 0 : m.get(i) ?? 0);
  const size = (i: IndexName | undefined): number => (i === undefined ? 1 : spec.sizes.get(i)!);
  const form: Omit<MatmulStep, 'blocking'> = {
    outer: roles.outer.map((i) => ({ extent: size(i), output: stride(spec.outputStrides, i), left: stride(l.strides, i), right: stride(r.strides, i) })),
    rows: size(rows), columns: size(columns), depth: size(k),
    leftInput: leftInput === 0 ? 0 : 1,
    left: { row: stride(l.strides, rows), depth: stride(l.strides, k) },
    right: { depth: stride(r.strides, k), column: stride(r.strides, columns) },
    outputRow: stride(spec.outputStrides, rows),
    outputLength,
    scale: spec.scale,
    dtype,
  };
  const step: MatmulStep = { ...form, blocking: gemmBlocking(form, params) };
  const parts = gemmParts(step, params);
  if (parts === undefined) return step;
  // The whole step is run as its parts. A batched one's parts are sliced alike (one module per
  // batch), and the runtime lets every thread take the next batch; otherwise each part is whole.
  const whole = (s: MatmulStep): MatmulStep => ({ ...s, blocking: { ...s.blocking, sliced: false } });
  const sliced = (s: MatmulStep): MatmulStep => ({ ...s, blocking: { ...s.blocking, sliced: slicedPays(s, params) } });
  return { ...whole(step), parts: parts.map((p) => ({ ...p, form: sliced(p.form) })) };
}

/**
 * R is read in place when its columns are at unit stride and it is small enough to stay in cache
 * (≤ `inPlaceLimit` elements); otherwise each kc × nc block is packed into tile-wide panels. L is
 * packed per row tile when its k is not at unit stride (`ij,jk->ki`: L's rows would be read a
 * whole row apart at every k), so the micro-kernel streams both operands at unit stride. A float32
 * tile is twice as wide (f32x4 holds twice the f64x2 lanes: the same number of accumulators).
 */
export function gemmBlocking(form: Omit<MatmulStep, 'blocking'>, params: LoweringParameters): GemmBlocking {
  const { tileRows } = params;
  const kc = depthBlock(form.depth, params.kc);
  const tileColumns = form.dtype === 'float32' ? 2 * params.tileColumns : params.tileColumns;
  const packRight = form.right.column !== 1 || form.depth * form.columns > params.inPlaceLimit;
  const packLeft = Math.abs(form.left.depth) !== 1 && form.depth > 1;
  const depth = Math.min(form.depth, kc);
  const width = Math.ceil(Math.min(form.columns, params.nc) / tileColumns) * tileColumns;
  const leftPanelAt = packRight ? depth * width : 0;
  const scratchLength = leftPanelAt + (packLeft ? depth * tileRows : 0);
  const sliced = slicedPays(form, params);
  const lanes = form.dtype === 'float32' ? 4 : 2;
  const edgeTileColumns = tileColumns % lanes === 0 && tileRows >= 2 ? 2 * tileColumns : tileColumns;
  return { tileRows, tileColumns, edgeTileColumns, kc, nc: packRight ? params.nc : form.columns, packRight, packLeft, leftPanelAt, scratchLength, sliced };
}

/**
 * The k block: `kc`, or the whole depth when it is at most twice that. Every k block after the
 * first is another pass over the output (zeroed first, then loaded and stored per tile), while a
 * block of up to 2·kc keeps L's tile panel and R's panel in L1 and R's packed block in L2 (256
 * deep: 8 KiB each, 512 KiB). Measured (same process, CPU time, loaded machine): the training step
 * (Xᵀ·δ1 is 256 deep, its output 784×128) 0.979–1.003× the time in seven runs, median 0.988 (A/A
 * runs 0.995–0.998); the 256-deep kernels alone 0.974–0.996×. A default kc of 256 for every depth
 * made `ji,jk->ik` 512² 1.03× slower.
 * Without a scale the sum runs in k order either way, so the result is unchanged bit for bit.
 */
export function depthBlock(depth: number, kc: number): number {
  return depth <= 2 * kc ? depth : kc;
}

/** One call of a sliced form: the form without its first outer loop, what one slice spans, how far each buffer moves per call. */
export interface GemmSlice {
  readonly form: MatmulStep;
  readonly count: number;
  /** Element offsets one slice of each buffer spans from its base. */
  readonly reach: GemmReach;
  /** Elements each buffer's base moves per call. */
  readonly stride: { readonly output: number; readonly left: number; readonly right: number };
}

/** The per-call form of a `sliced` GEMM (undefined when it is not sliced). */
export function gemmSlice(step: MatmulStep): GemmSlice | undefined {
  const first = step.outer[0];
  if (!step.blocking.sliced || first === undefined) return undefined;
  const form: MatmulStep = { ...step, outer: step.outer.slice(1), outputLength: first.output };
  return { form, count: first.extent, reach: gemmReach(form), stride: { output: first.output, left: first.left, right: first.right } };
}

function slicedPays(form: Omit<MatmulStep, 'blocking'>, params: LoweringParameters): boolean {
  const first = form.outer[0];
  if (first === undefined || first.left === 0 || first.right === 0) return false;
  const work = form.outer.slice(1).reduce((n, l) => n * l.extent, form.rows * form.columns * form.depth);
  return first.output * first.extent === form.outputLength && work >= params.sliceMinimum;
}
