import type { MatmulStep } from '../5-lower/matmul-step.js';
import type { Local, WasmCode } from './wasm-code.js';

/**
 * The blocking of the SIMD GEMM: `tileRows` rows × 4 columns of accumulators (two f64x2 per row),
 * cache blocks of the contracted index (kc) and of the columns (nc, packed operand only), and the
 * largest right operand (in elements) read in place rather than packed.
 */
export interface WasmTiling {
  readonly tileRows: number;
  readonly kc: number;
  readonly nc: number;
  readonly inPlaceLimit: number;
}

export const defaultWasmTiling: WasmTiling = { tileRows: 4, kc: 128, nc: 256, inPlaceLimit: 32768 };

const f64 = 8;
const tileColumns = 4;
const panelRow = tileColumns * f64;

/** Whether R is copied into tile-wide panels: when its columns are strided or it is too large to stay in cache. */
export function packsRight(step: MatmulStep, tiling: WasmTiling): boolean {
  return step.right.column !== 1 || step.depth * step.columns > tiling.inPlaceLimit;
}

/** Scratch bytes the kernel needs: kc × nc of packed panels (none when R is read in place). */
export function matmulScratchBytes(step: MatmulStep, tiling: WasmTiling): number {
  if (!packsRight(step, tiling)) return 0;
  const width = Math.ceil(Math.min(step.columns, tiling.nc) / tileColumns) * tileColumns;
  return Math.min(step.depth, tiling.kc) * width * f64;
}

/** A run of equal blocks along one extent: `count` blocks of `size` starting at `first`. */
interface Blocks { readonly first: number; readonly size: number; readonly count: number }

/** Full blocks, then one edge block of the remainder: 7 by 4 → [0, 4 ×1], [4, 3 ×1]. */
function blocks(extent: number, block: number): Blocks[] {
  const count = Math.floor(extent / block);
  const full = count * block;
  return [...(count > 0 ? [{ first: 0, size: block, count }] : []), ...(extent > full ? [{ first: full, size: extent - full, count: 1 }] : [])];
}

interface Context {
  readonly code: WasmCode;
  readonly step: MatmulStep;
  readonly tiling: WasmTiling;
  readonly scratch: Local;
  readonly accumulators: readonly (readonly Local[])[];
  readonly right: readonly Local[];
  readonly left: Local;
  /** More than one kc block: the output is zeroed first and every block adds to it. */
  readonly accumulate: boolean;
  readonly packed: boolean;
}

/**
 * The kernel body, parameters (output, input0, input1, scratch) as byte addresses of each
 * buffer's base element:
 *   for outer… for k-block { pack R? ; for row tile { for 4-column tile { acc = Σ_k splat(L[r,k]) · R[k, c..c+1] } } }
 */
export function emitMatmul(code: WasmCode, step: MatmulStep, tiling: WasmTiling): void {
  const ctx: Context = {
    code, step, tiling, scratch: code.param(3),
    accumulators: Array.from({ length: tiling.tileRows }, () => [code.local('v128'), code.local('v128')]),
    right: [code.local('v128'), code.local('v128')], left: code.local('v128'),
    accumulate: step.depth > tiling.kc, packed: packsRight(step, tiling),
  };
  if (ctx.accumulate) code.get(code.param(0)).i32(0).i32(step.outputLength * f64).memoryFill();
  outerLoops(ctx, 0, code.param(0), code.param(1 + step.leftInput), code.param(2 - step.leftInput));
}

/** `extent` passes of `body`, each carried pointer advanced by its byte step after each pass. */
function counted(code: WasmCode, extent: number, carried: readonly (readonly [Local, number])[], body: () => void): void {
  if (extent === 1) return body();
  const counter = code.local('i32');
  code.i32(0).set(counter).loop(() => {
    body();
    for (const [pointer, bytes] of carried) if (bytes !== 0) code.advance(pointer, pointer, bytes);
    code.get(counter).i32(1).i32Add().tee(counter).i32(extent).i32LtU();
  });
}

/** A fresh pointer local set to source + bytes. */
function pointer(code: WasmCode, source: Local, bytes: number): Local {
  const p = code.local('i32');
  code.advance(p, source, bytes);
  return p;
}

function outerLoops(ctx: Context, level: number, out: Local, left: Local, right: Local): void {
  const loop = ctx.step.outer[level];
  if (loop === undefined) return depthBlocks(ctx, out, left, right);
  const [o, l, r] = [pointer(ctx.code, out, 0), pointer(ctx.code, left, 0), pointer(ctx.code, right, 0)];
  counted(ctx.code, loop.extent, [[o, loop.output * f64], [l, loop.left * f64], [r, loop.right * f64]],
    () => outerLoops(ctx, level + 1, o, l, r));
}

function depthBlocks(ctx: Context, out: Local, left: Local, right: Local): void {
  const { code, step, tiling } = ctx;
  for (const k of blocks(step.depth, tiling.kc)) {
    const l = pointer(code, left, k.first * step.left.depth * f64);
    const r = pointer(code, right, k.first * step.right.depth * f64);
    counted(code, k.count, [[l, k.size * step.left.depth * f64], [r, k.size * step.right.depth * f64]],
      () => columnBlocks(ctx, out, l, r, k.size));
  }
}

function columnBlocks(ctx: Context, out: Local, left: Local, right: Local, depth: number): void {
  const { code, step, tiling } = ctx;
  for (const n of blocks(step.columns, ctx.packed ? tiling.nc : step.columns)) {
    const o = pointer(code, out, n.first * f64);
    const r = pointer(code, right, n.first * step.right.column * f64);
    counted(code, n.count, [[o, n.size * f64], [r, n.size * step.right.column * f64]], () => {
      if (ctx.packed) packRight(ctx, r, depth, n.size);
      const panels = ctx.packed
        ? { base: ctx.scratch, depthStride: panelRow, panelStride: depth * panelRow }
        : { base: r, depthStride: step.right.depth * f64, panelStride: panelRow };
      rowTiles(ctx, o, left, panels, depth, n.size);
    });
  }
}

interface Panels { readonly base: Local; readonly depthStride: number; readonly panelStride: number }

function rowTiles(ctx: Context, out: Local, left: Local, panels: Panels, depth: number, width: number): void {
  const { code, step, tiling } = ctx;
  for (const t of blocks(step.rows, tiling.tileRows)) {
    const l = pointer(code, left, t.first * step.left.row * f64);
    const o = pointer(code, out, t.first * step.outputRow * f64);
    counted(code, t.count, [[l, t.size * step.left.row * f64], [o, t.size * step.outputRow * f64]], () => {
      for (const c of blocks(width, tileColumns)) {
        const p = pointer(code, panels.base, (c.first / tileColumns) * panels.panelStride);
        const oc = pointer(code, o, c.first * f64);
        counted(code, c.count, [[p, panels.panelStride], [oc, panelRow]],
          () => tile(ctx, oc, l, p, panels.depthStride, t.size, c.size, depth));
      }
    });
  }
}

/** Column pairs of a tile `width` wide: a pair read as one v128, a lone last column in lane 0. */
function columnPairs(width: number): ('pair' | 'single')[] {
  return Array.from({ length: Math.ceil(width / 2) }, (_, g) => (2 * g + 1 < width ? 'pair' : 'single'));
}

/** One register tile: height × width accumulators over `depth` values of k, then the stores. */
function tile(ctx: Context, out: Local, left: Local, right: Local, rightDepthStride: number,
  height: number, width: number, depth: number): void {
  const { code, step } = ctx;
  const pairs = columnPairs(width);
  for (let r = 0; r < height; r++) pairs.forEach((_, g) => code.v128Zero().set(ctx.accumulators[r]![g]!));
  const l = pointer(code, left, 0);
  const rk = pointer(code, right, 0);
  counted(code, depth, [[l, step.left.depth * f64], [rk, rightDepthStride]], () => {
    pairs.forEach((kind, g) => {
      if (kind === 'pair') code.v128Load(rk, g * 16);
      else code.v128Load64Zero(rk, g * 16);
      code.set(ctx.right[g]!);
    });
    for (let r = 0; r < height; r++) {
      code.v128Load64Splat(l, r * step.left.row * f64).set(ctx.left);
      pairs.forEach((_, g) => {
        const acc = ctx.accumulators[r]![g]!;
        code.get(acc).get(ctx.left).get(ctx.right[g]!).f64x2Mul().f64x2Add().set(acc);
      });
    }
  });
  for (let r = 0; r < height; r++) pairs.forEach((kind, g) => store(ctx, out, r * step.outputRow * f64 + g * 16, ctx.accumulators[r]![g]!, kind));
}

/** out = scale · acc (one block) or out += scale · acc (kc blocks), a pair or lane 0 only. */
function store(ctx: Context, out: Local, offset: number, acc: Local, kind: 'pair' | 'single'): void {
  const { code, step } = ctx;
  const memarg = code.address(out, offset);
  code.get(acc);
  if (step.scale !== 1) code.f64(step.scale).f64x2Splat().f64x2Mul();
  if (ctx.accumulate) {
    if (kind === 'pair') code.v128Load(out, offset);
    else code.v128Load64Zero(out, offset);
    code.f64x2Add();
  }
  if (kind === 'pair') code.v128Store(memarg);
  else code.v128Store64Lane0(memarg);
}

/**
 * P[panel][k][c] = R[k, panel·4 + c] for the block, the last panel padded with zeros. Panels are
 * the outer loop so a transposed R (k at unit stride) is read along its rows.
 */
function packRight(ctx: Context, right: Local, depth: number, width: number): void {
  const { code, step, scratch } = ctx;
  const column = step.right.column * f64;
  const panel = (from: Local, to: Local, count: number): void => {
    const row = pointer(code, from, 0);
    const at = pointer(code, to, 0);
    counted(code, depth, [[row, step.right.depth * f64], [at, panelRow]], () => copyRow(code, row, at, column, count));
  };
  const full = Math.floor(width / tileColumns);
  if (full > 0) {
    const from = pointer(code, right, 0);
    const to = pointer(code, scratch, 0);
    counted(code, full, [[from, tileColumns * column], [to, depth * panelRow]], () => panel(from, to, tileColumns));
  }
  if (width > full * tileColumns)
    panel(pointer(code, right, full * tileColumns * column), pointer(code, scratch, full * depth * panelRow), width - full * tileColumns);
}

/** `count` values at `column` byte stride → 4 consecutive f64 (zeros past `count`). */
function copyRow(code: WasmCode, from: Local, to: Local, column: number, count: number): void {
  if (column === f64 && count === tileColumns) {
    for (const at of [0, 16]) { const m = code.address(to, at); code.v128Load(from, at).v128Store(m); }
    return;
  }
  for (let c = 0; c < tileColumns; c++) {
    const m = code.address(to, c * f64);
    if (c < count) code.f64Load(from, c * column);
    else code.f64(0);
    code.f64Store(m);
  }
}
