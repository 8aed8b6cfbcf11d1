import type { GemmBlocking, MatmulStep } from '../5-lower/matmul-step.js';
import type { SimdElement } from './simd-element.js';
import { counted, type Local, type WasmCode } from './wasm-code.js';

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
  readonly el: SimdElement;
  /** Bytes of one element. */
  readonly e: number;
  /** Bytes of one panel row: `tileColumns` values. */
  readonly panelRow: number;
  readonly scratch: Local;
  readonly accumulators: readonly (readonly Local[])[];
  readonly right: readonly Local[];
  readonly left: Local;
  /** A vector being stored (partial stores read it twice). */
  readonly value: Local;
  /** More than one kc block: the output is zeroed first and every block adds to it. */
  readonly accumulate: boolean;
}

/**
 * Renders the GEMM form with the blocking 5-lower chose (`step.blocking`) in the element type
 * `el` (f64x2 or f32x4); parameters (output, input0, input1, scratch) are byte addresses of each
 * buffer's base element:
 *   for outer… for k-block { for column block { pack R? ; for row tile { pack L? ; for column tile {
 *     acc = Σ_k splat(L[r,k]) · R[k, c..c+lanes) } } } }
 */
export function emitMatmul(code: WasmCode, step: MatmulStep, el: SimdElement): void {
  const blocking = step.blocking;
  const groups = Math.ceil(Math.max(blocking.tileColumns, blocking.edgeTileColumns) / el.lanes);
  const v128s = (n: number): Local[] => Array.from({ length: n }, () => code.local('v128'));
  const ctx: Context = {
    code, step, blocking, el, e: el.bytes, panelRow: blocking.tileColumns * el.bytes, scratch: code.param(3),
    accumulators: Array.from({ length: blocking.tileRows }, () => v128s(groups)),
    right: v128s(groups), left: code.local('v128'), value: code.local('v128'),
    accumulate: step.depth > blocking.kc,
  };
  if (ctx.accumulate) code.get(code.param(0)).i32(0).i32(step.outputLength * el.bytes).memoryFill();
  outerLoops(ctx, 0, code.param(0), code.param(1 + step.leftInput), code.param(2 - step.leftInput));
}

/** A fresh pointer local set to source + bytes. */
function pointer(code: WasmCode, source: Local, bytes: number): Local {
  const p = code.local('i32');
  code.advance(p, source, bytes);
  return p;
}

function outerLoops(ctx: Context, level: number, out: Local, left: Local, right: Local): void {
  const { e } = ctx;
  const loop = ctx.step.outer[level];
  if (loop === undefined) return depthBlocks(ctx, out, left, right);
  const [o, l, r] = [pointer(ctx.code, out, 0), pointer(ctx.code, left, 0), pointer(ctx.code, right, 0)];
  counted(ctx.code, loop.extent, [[o, loop.output * e], [l, loop.left * e], [r, loop.right * e]],
    () => outerLoops(ctx, level + 1, o, l, r));
}

function depthBlocks(ctx: Context, out: Local, left: Local, right: Local): void {
  const { code, step, blocking, e } = ctx;
  for (const k of blocks(step.depth, blocking.kc)) {
    const l = pointer(code, left, k.first * step.left.depth * e);
    const r = pointer(code, right, k.first * step.right.depth * e);
    counted(code, k.count, [[l, k.size * step.left.depth * e], [r, k.size * step.right.depth * e]],
      () => columnBlocks(ctx, out, l, r, k.size));
  }
}

function columnBlocks(ctx: Context, out: Local, left: Local, right: Local, depth: number): void {
  const { code, step, blocking, panelRow, e } = ctx;
  for (const n of blocks(step.columns, blocking.nc)) {
    const o = pointer(code, out, n.first * e);
    const r = pointer(code, right, n.first * step.right.column * e);
    counted(code, n.count, [[o, n.size * e], [r, n.size * step.right.column * e]], () => {
      if (blocking.packRight) packRight(ctx, r, depth, n.size);
      const panels = blocking.packRight
        ? { base: ctx.scratch, depthStride: panelRow, panelStride: depth * panelRow }
        : { base: r, depthStride: step.right.depth * e, panelStride: panelRow };
      rowTiles(ctx, o, left, panels, depth, n.size);
    });
  }
}

interface Panels { readonly base: Local; readonly depthStride: number; readonly panelStride: number }

function rowTiles(ctx: Context, out: Local, left: Local, panels: Panels, depth: number, width: number): void {
  const { code, step, blocking, panelRow, e } = ctx;
  for (const t of blocks(step.rows, blocking.tileRows)) {
    const l = pointer(code, left, t.first * step.left.row * e);
    const o = pointer(code, out, t.first * step.outputRow * e);
    counted(code, t.count, [[l, t.size * step.left.row * e], [o, t.size * step.outputRow * e]], () => {
      const rows: LeftRows = blocking.packLeft
        ? { base: packLeft(ctx, l, depth, t.size), row: e, depth: t.size * e }
        : { base: l, row: step.left.row * e, depth: step.left.depth * e };
      // a short last row tile is as wide as its accumulators allow, spanning adjacent panels
      const across = 2 * t.size <= blocking.tileRows ? blocking.edgeTileColumns / blocking.tileColumns : 1;
      for (const c of blocks(width, across * blocking.tileColumns)) {
        const p = pointer(code, panels.base, (c.first / blocking.tileColumns) * panels.panelStride);
        const oc = pointer(code, o, c.first * e);
        counted(code, c.count, [[p, across * panels.panelStride], [oc, across * panelRow]],
          () => tile(ctx, oc, rows, p, panels, t.size, c.size, depth));
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
  const { code, step, e } = ctx;
  const panel = pointer(code, ctx.scratch, ctx.blocking.leftPanelAt * e);
  if (step.left.row === 1 && (height * e) % 16 === 0) return packLeftRuns(ctx, left, panel, depth, height);
  for (let r = 0; r < height; r++) {
    const from = pointer(code, left, r * step.left.row * e);
    const to = pointer(code, panel, r * e);
    counted(code, depth, [[from, step.left.depth * e], [to, height * e]], () => ctx.el.copy(code, from, 0, to, 0));
  }
  return panel;
}

/**
 * L's rows at unit stride (L = Xᵀ, `aj,ai->ji`): each Q[k] is a run of `height` values, copied as
 * vectors in one pass along k instead of element by element in `height` passes (`aj,ai->ji`,
 * 256×784 · 256×128: 0.95× the time; same process, CPU time, loaded machine).
 */
function packLeftRuns(ctx: Context, left: Local, panel: Local, depth: number, height: number): Local {
  const { code, step, e } = ctx;
  const from = pointer(code, left, 0);
  const to = pointer(code, panel, 0);
  counted(code, depth, [[from, step.left.depth * e], [to, height * e]], () => {
    for (let at = 0; at < height * e; at += 16) { const m = code.address(to, at); code.v128Load(from, at).v128Store(m); }
  });
  return panel;
}

/** Lane groups of a tile `width` wide: full vectors, then the remainder (its missing lanes zero). */
function columnGroups(width: number, lanes: number): number[] {
  return Array.from({ length: Math.ceil(width / lanes) }, (_, g) => Math.min(lanes, width - g * lanes));
}

/**
 * One register tile: height × width accumulators over `depth` values of k, then the stores. Lane
 * group g reads R at its panel (a tile wider than a panel spans the next ones: `edgeTileColumns`
 * is a whole number of panels, each a whole number of vectors).
 */
function tile(ctx: Context, out: Local, left: LeftRows, right: Local, panels: Panels,
  height: number, width: number, depth: number): void {
  const { code, step, el, e } = ctx;
  const groups = columnGroups(width, el.lanes);
  const vector = el.lanes * e;
  const tileColumns = ctx.blocking.tileColumns;
  const rightAt = (g: number): number => Math.floor((g * el.lanes) / tileColumns) * panels.panelStride + ((g * el.lanes) % tileColumns) * e;
  for (let r = 0; r < height; r++) groups.forEach((count, g) => {
    initial(ctx, out, r * step.outputRow * e + g * vector, count);
    code.set(ctx.accumulators[r]![g]!);
  });
  const l = pointer(code, left.base, 0);
  const rk = pointer(code, right, 0);
  // k is not unrolled here: V8's optimizing tier already unrolls this loop (its x64 code shows
  // the body repeated), and unrolling by 2 or 4 measured 1.11× and 1.32× the time (256³, kernel only)
  counted(code, depth, [[l, left.depth], [rk, panels.depthStride]], () => {
    groups.forEach((count, g) => { el.load(code, rk, rightAt(g), count); code.set(ctx.right[g]!); });
    for (let r = 0; r < height; r++) {
      el.loadSplat(code, l, r * left.row);
      code.set(ctx.left);
      groups.forEach((_, g) => {
        const acc = ctx.accumulators[r]![g]!;
        code.get(acc).get(ctx.left).get(ctx.right[g]!);
        el.mul(code);
        el.add(code);
        code.set(acc);
      });
    }
  });
  for (let r = 0; r < height; r++)
    groups.forEach((count, g) => store(ctx, out, r * step.outputRow * e + g * vector, ctx.accumulators[r]![g]!, count));
}

/**
 * Later k-blocks continue from the output when there is no scale (the loop nest's summation
 * order: acc = out; acc += …; out = acc); with a scale they start from zero and add scale · acc.
 */
function continues(ctx: Context): boolean {
  return ctx.accumulate && ctx.step.scale === 1;
}

function initial(ctx: Context, out: Local, offset: number, count: number): void {
  if (continues(ctx)) ctx.el.load(ctx.code, out, offset, count);
  else ctx.code.v128Zero();
}

/** out = scale · acc (one block, or continued), else out += scale · acc; `count` lanes only. */
function store(ctx: Context, out: Local, offset: number, acc: Local, count: number): void {
  const { code, step, el } = ctx;
  code.get(acc);
  if (step.scale !== 1) { el.splat(code, step.scale); el.mul(code); }
  if (ctx.accumulate && !continues(ctx)) { el.load(code, out, offset, count); el.add(code); }
  code.set(ctx.value);
  el.store(code, out, offset, ctx.value, count);
}

/**
 * P[panel][k][c] = R[k, panel·w + c] for the block, the last panel padded with zeros. Panels are
 * the outer loop so a transposed R (k at unit stride) is read along its rows.
 */
function packRight(ctx: Context, right: Local, depth: number, width: number): void {
  const { code, step, scratch, panelRow, e } = ctx;
  const tileColumns = ctx.blocking.tileColumns;
  const column = step.right.column * e;
  const panel = (from: Local, to: Local, count: number): void => {
    // f64 R with k at unit stride (B transposed): whole panels two k rows at a time, shuffled; the rest row by row
    const pairs = ctx.el.lanes === 2 && step.right.depth === 1 && count === tileColumns && count % 2 === 0 ? depth >> 1 : 0;
    const row = pointer(code, from, 2 * pairs * e);
    const at = pointer(code, to, 2 * pairs * panelRow);
    if (depth > 2 * pairs) counted(code, depth - 2 * pairs, [[row, step.right.depth * e], [at, panelRow]], () => copyRow(ctx, row, at, column, count));
    if (pairs === 0) return;
    const pairRow = pointer(code, from, 0);
    const pairAt = pointer(code, to, 0);
    counted(code, pairs, [[pairRow, 2 * e], [pairAt, 2 * panelRow]], () => transposePairs(ctx, pairRow, pairAt, column));
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

/**
 * Rows k and k+1 of a panel from R with k at unit stride: per pair of columns c, c+1, the vectors
 * R[k..k+1, c] and R[k..k+1, c+1] shuffled into (c, c+1) of each row (i8x16.shuffle, 0xFD 0x0D):
 * two loads, a shuffle and a store per row pair of values, where copyRow moves one value at a time.
 */
function transposePairs(ctx: Context, row: Local, at: Local, column: number): void {
  const { code, e, panelRow } = ctx;
  for (let c = 0; c < ctx.blocking.tileColumns; c += 2)
    for (let k = 0; k < 2; k++) {
      const m = code.address(at, k * panelRow + c * e);
      code.v128Load(row, c * column).v128Load(row, (c + 1) * column);
      code.simd(0x0d).append([0, 8].flatMap((b) => [...Array(8).keys()].map((i) => 8 * k + 2 * b + i)));
      code.v128Store(m);
    }
}

/** `count` values at `column` byte stride → `tileColumns` consecutive elements (zeros past `count`). */
function copyRow(ctx: Context, from: Local, to: Local, column: number, count: number): void {
  const { code, e, el } = ctx;
  const width = ctx.blocking.tileColumns;
  if (column === e && count === width && width % el.lanes === 0) {
    for (let at = 0; at < width * e; at += 16) { const m = code.address(to, at); code.v128Load(from, at).v128Store(m); }
    return;
  }
  for (let c = 0; c < width; c++) el.copy(code, c < count ? from : undefined, c * column, to, c * e);
}
