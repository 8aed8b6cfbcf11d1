import type { GemmBlocking, MatmulStep } from '../5-lower/matmul-step.js';
import type { Local, WasmCode } from './wasm-code.js';

const f64 = 8;

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
  readonly blocking: GemmBlocking;
  /** Bytes of one panel row: `tileColumns` values. */
  readonly panelRow: number;
  readonly scratch: Local;
  readonly accumulators: readonly (readonly Local[])[];
  readonly right: readonly Local[];
  readonly left: Local;
  /** More than one kc block: the output is zeroed first and every block adds to it. */
  readonly accumulate: boolean;
}

/**
 * Renders the GEMM form with the blocking 5-lower chose (`step.blocking`); parameters (output,
 * input0, input1, scratch) are byte addresses of each buffer's base element:
 *   for outer… for k-block { for column block { pack R? ; for row tile { for column tile {
 *     acc = Σ_k splat(L[r,k]) · R[k, c..c+1] } } } }
 */
export function emitMatmul(code: WasmCode, step: MatmulStep): void {
  const blocking = step.blocking;
  const pairs = Math.ceil(blocking.tileColumns / 2);
  const v128s = (n: number): Local[] => Array.from({ length: n }, () => code.local('v128'));
  const ctx: Context = {
    code, step, blocking, panelRow: blocking.tileColumns * f64, scratch: code.param(3),
    accumulators: Array.from({ length: blocking.tileRows }, () => v128s(pairs)),
    right: v128s(pairs), left: code.local('v128'),
    accumulate: step.depth > blocking.kc,
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
  const { code, step, blocking } = ctx;
  for (const k of blocks(step.depth, blocking.kc)) {
    const l = pointer(code, left, k.first * step.left.depth * f64);
    const r = pointer(code, right, k.first * step.right.depth * f64);
    counted(code, k.count, [[l, k.size * step.left.depth * f64], [r, k.size * step.right.depth * f64]],
      () => columnBlocks(ctx, out, l, r, k.size));
  }
}

function columnBlocks(ctx: Context, out: Local, left: Local, right: Local, depth: number): void {
  const { code, step, blocking, panelRow } = ctx;
  for (const n of blocks(step.columns, blocking.nc)) {
    const o = pointer(code, out, n.first * f64);
    const r = pointer(code, right, n.first * step.right.column * f64);
    counted(code, n.count, [[o, n.size * f64], [r, n.size * step.right.column * f64]], () => {
      if (blocking.packRight) packRight(ctx, r, depth, n.size);
      const panels = blocking.packRight
        ? { base: ctx.scratch, depthStride: panelRow, panelStride: depth * panelRow }
        : { base: r, depthStride: step.right.depth * f64, panelStride: panelRow };
      rowTiles(ctx, o, left, panels, depth, n.size);
    });
  }
}

interface Panels { readonly base: Local; readonly depthStride: number; readonly panelStride: number }

function rowTiles(ctx: Context, out: Local, left: Local, panels: Panels, depth: number, width: number): void {
  const { code, step, blocking, panelRow } = ctx;
  for (const t of blocks(step.rows, blocking.tileRows)) {
    const l = pointer(code, left, t.first * step.left.row * f64);
    const o = pointer(code, out, t.first * step.outputRow * f64);
    counted(code, t.count, [[l, t.size * step.left.row * f64], [o, t.size * step.outputRow * f64]], () => {
      const rows: LeftRows = blocking.packLeft
        ? { base: packLeft(ctx, l, depth, t.size), row: f64, depth: t.size * f64 }
        : { base: l, row: step.left.row * f64, depth: step.left.depth * f64 };
      for (const c of blocks(width, blocking.tileColumns)) {
        const p = pointer(code, panels.base, (c.first / blocking.tileColumns) * panels.panelStride);
        const oc = pointer(code, o, c.first * f64);
        counted(code, c.count, [[p, panels.panelStride], [oc, panelRow]],
          () => tile(ctx, oc, rows, p, panels.depthStride, t.size, c.size, depth));
      }
    });
  }
}

/** Where a row tile's L values are read: a base pointer and byte strides per row and per k. */
interface LeftRows { readonly base: Local; readonly row: number; readonly depth: number }

/**
 * Q[k][r] = L[r, k] for the `height` rows of one tile and the k-block, after R's panels in
 * scratch: L read along its rows once per tile, the micro-kernel then reads Q at unit stride.
 */
function packLeft(ctx: Context, left: Local, depth: number, height: number): Local {
  const { code, step } = ctx;
  const panel = pointer(code, ctx.scratch, ctx.blocking.leftPanelAt * f64);
  for (let r = 0; r < height; r++) {
    const from = pointer(code, left, r * step.left.row * f64);
    const to = pointer(code, panel, r * f64);
    counted(code, depth, [[from, step.left.depth * f64], [to, height * f64]], () => {
      const m = code.address(to, 0);
      code.f64Load(from, 0).f64Store(m);
    });
  }
  return panel;
}

/** Column pairs of a tile `width` wide: a pair read as one v128, a lone last column in lane 0. */
function columnPairs(width: number): ('pair' | 'single')[] {
  return Array.from({ length: Math.ceil(width / 2) }, (_, g) => (2 * g + 1 < width ? 'pair' : 'single'));
}

/** One register tile: height × width accumulators over `depth` values of k, then the stores. */
function tile(ctx: Context, out: Local, left: LeftRows, right: Local, rightDepthStride: number,
  height: number, width: number, depth: number): void {
  const { code, step } = ctx;
  const pairs = columnPairs(width);
  for (let r = 0; r < height; r++) pairs.forEach((kind, g) => initial(ctx, out, r * step.outputRow * f64 + g * 16, kind).set(ctx.accumulators[r]![g]!));
  const l = pointer(code, left.base, 0);
  const rk = pointer(code, right, 0);
  counted(code, depth, [[l, left.depth], [rk, rightDepthStride]], () => {
    pairs.forEach((kind, g) => {
      if (kind === 'pair') code.v128Load(rk, g * 16);
      else code.v128Load64Zero(rk, g * 16);
      code.set(ctx.right[g]!);
    });
    for (let r = 0; r < height; r++) {
      code.v128Load64Splat(l, r * left.row).set(ctx.left);
      pairs.forEach((_, g) => {
        const acc = ctx.accumulators[r]![g]!;
        code.get(acc).get(ctx.left).get(ctx.right[g]!).f64x2Mul().f64x2Add().set(acc);
      });
    }
  });
  for (let r = 0; r < height; r++) pairs.forEach((kind, g) => store(ctx, out, r * step.outputRow * f64 + g * 16, ctx.accumulators[r]![g]!, kind));
}

/**
 * Later k-blocks continue from the output when there is no scale (the loop nest's summation
 * order: acc = out; acc += …; out = acc); with a scale they start from zero and add scale · acc.
 */
function continues(ctx: Context): boolean {
  return ctx.accumulate && ctx.step.scale === 1;
}

function initial(ctx: Context, out: Local, offset: number, kind: 'pair' | 'single'): WasmCode {
  if (!continues(ctx)) return ctx.code.v128Zero();
  return kind === 'pair' ? ctx.code.v128Load(out, offset) : ctx.code.v128Load64Zero(out, offset);
}

/** out = scale · acc (one block, or continued), else out += scale · acc; a pair or lane 0 only. */
function store(ctx: Context, out: Local, offset: number, acc: Local, kind: 'pair' | 'single'): void {
  const { code, step } = ctx;
  const memarg = code.address(out, offset);
  code.get(acc);
  if (step.scale !== 1) code.f64(step.scale).f64x2Splat().f64x2Mul();
  if (ctx.accumulate && !continues(ctx)) {
    if (kind === 'pair') code.v128Load(out, offset);
    else code.v128Load64Zero(out, offset);
    code.f64x2Add();
  }
  if (kind === 'pair') code.v128Store(memarg);
  else code.v128Store64Lane0(memarg);
}

/**
 * P[panel][k][c] = R[k, panel·w + c] for the block, the last panel padded with zeros. Panels are
 * the outer loop so a transposed R (k at unit stride) is read along its rows.
 */
function packRight(ctx: Context, right: Local, depth: number, width: number): void {
  const { code, step, scratch, panelRow } = ctx;
  const tileColumns = ctx.blocking.tileColumns;
  const column = step.right.column * f64;
  const panel = (from: Local, to: Local, count: number): void => {
    const row = pointer(code, from, 0);
    const at = pointer(code, to, 0);
    counted(code, depth, [[row, step.right.depth * f64], [at, panelRow]], () => copyRow(code, row, at, column, count, tileColumns));
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

/** `count` values at `column` byte stride → `width` consecutive f64 (zeros past `count`). */
function copyRow(code: WasmCode, from: Local, to: Local, column: number, count: number, width: number): void {
  if (column === f64 && count === width && width % 2 === 0) {
    for (let at = 0; at < width * f64; at += 16) { const m = code.address(to, at); code.v128Load(from, at).v128Store(m); }
    return;
  }
  for (let c = 0; c < width; c++) {
    const m = code.address(to, c * f64);
    if (c < count) code.f64Load(from, c * column);
    else code.f64(0);
    code.f64Store(m);
  }
}
