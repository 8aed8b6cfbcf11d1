import type { TransposeStep } from '../5-lower/transpose-step.js';
import type { SimdElement } from './simd-element.js';
import { counted, type Local, type WasmCode } from './wasm-code.js';

/** 0xFD sub-opcode of i8x16.shuffle (16 byte indices into the two vectors on the stack follow). */
const i8x16Shuffle = 0x0d;

/**
 * Columns of one micro-block: 8 (float64: one 64-byte cache line of each output row) or 16
 * (float32), so every output line is written whole at once. The 2 × 8 float64 block measured ~2×
 * faster than 2 × 2 blocks at 1024² in the arena, and ~1.25× at 2048².
 */
const lineBytes = 64;

/**
 * Renders a transpose form (5-lower/transpose-step.ts) in `el`'s lanes; parameters (output,
 * operand, scratch) are byte addresses of each buffer's base element, the scratch unused. Inside
 * `block`² blocks (columns outer), micro-blocks of `lanes` rows × one line of columns, the columns
 * innermost, so each output row of a block is written line after line: a vector per column loaded
 * along the operand's rows, turned by shuffles (f64x2: one per output vector; f32x4: 4×4 in two
 * rounds) into whole output rows. The last rows and columns that fill no micro-block are copied one
 * element at a time, so no address outside either buffer is touched. A copy: the result equals the
 * operand bit for bit.
 */
export function emitTranspose(code: WasmCode, step: TransposeStep, el: SimdElement): void {
  outer(code, step, el, 0, code.param(0), code.param(1));
}

function outer(code: WasmCode, step: TransposeStep, el: SimdElement, level: number, out: Local, x: Local): void {
  const loop = step.outer[level];
  if (loop === undefined) return plane(code, step, el, out, x);
  const [o, a] = [copy(code, out), copy(code, x)];
  counted(code, loop.extent, [[o, loop.output * el.bytes], [a, loop.operand * el.bytes]], () => outer(code, step, el, level + 1, o, a));
}

/** One rows × columns plane: whole micro-blocks in blocks, then the edge rows and columns. */
function plane(code: WasmCode, step: TransposeStep, el: SimdElement, out: Local, x: Local): void {
  const width = lineBytes / el.bytes;
  const [rows, columns] = [step.rows, step.columns];
  const fullRows = rows.extent - (rows.extent % el.lanes);
  const fullColumns = columns.extent - (columns.extent % width);
  // bytes one step of an index moves each pointer: [out, x]
  const byRow = [rows.output * el.bytes, el.bytes] as const;
  const byColumn = [el.bytes, columns.operand * el.bytes] as const;
  const [rowBlock, columnBlock] = [Math.max(el.lanes, step.block - (step.block % el.lanes)), Math.max(width, step.block - (step.block % width))];
  tiles(code, fullColumns, columnBlock, [out, x], byColumn, (blockColumns, c) =>
    tiles(code, fullRows, rowBlock, c, byRow, (blockRows, r) => {
      const p = r.map((q) => copy(code, q));
      counted(code, blockRows / el.lanes, p.map((q, k) => [q, el.lanes * byRow[k]!] as const), () => {
        const s = p.map((q) => copy(code, q));
        counted(code, blockColumns / width, s.map((q, k) => [q, width * byColumn[k]!] as const), () => microBlock(code, step, el, width, s[0]!, s[1]!));
      });
    }));
  // the last rows (fewer than lanes), every column: one pass along the columns
  if (fullRows < rows.extent && columns.extent > 0) {
    const [o, a] = [code.local('i32'), code.local('i32')];
    code.advance(o, out, fullRows * byRow[0]).advance(a, x, fullRows * byRow[1]);
    counted(code, columns.extent, [[o, byColumn[0]], [a, byColumn[1]]], () => {
      for (let r = 0; r < rows.extent - fullRows; r++) el.copy(code, a, r * byRow[1], o, r * byRow[0]);
    });
  }
  // the last columns (fewer than a line) of the other rows: one pass along the rows
  if (fullColumns < columns.extent && fullRows > 0) {
    const [o, a] = [code.local('i32'), code.local('i32')];
    code.advance(o, out, fullColumns * byColumn[0]).advance(a, x, fullColumns * byColumn[1]);
    counted(code, fullRows, [[o, byRow[0]], [a, byRow[1]]], () => {
      for (let c = 0; c < columns.extent - fullColumns; c++) el.copy(code, a, c * byColumn[1], o, c * byColumn[0]);
    });
  }
}

/**
 * `lanes` rows × `width` columns: load a vector along the rows for each column, then store each
 * row's `width` columns as `width / lanes` vectors made by shuffles.
 */
function microBlock(code: WasmCode, step: TransposeStep, el: SimdElement, width: number, out: Local, x: Local): void {
  const loaded = Array.from({ length: width }, (_, c) => {
    const v = code.local('v128');
    code.v128Load(x, c * step.columns.operand * el.bytes).set(v);
    return v;
  });
  const rowBytes = step.rows.output * el.bytes;
  const vectorBytes = el.lanes * el.bytes;
  for (let g = 0; g < width / el.lanes; g++) {
    const group = loaded.slice(g * el.lanes, (g + 1) * el.lanes);
    const turned = el.lanes === 2 ? group.map((_, r) => () => pair(code, 8, group[0]!, group[1]!, [r, 2 + r])) : quad(code, group);
    turned.forEach((push, r) => {
      const at = code.address(out, r * rowBytes + g * vectorBytes);
      push();
      code.v128Store(at);
    });
  }
}

/**
 * The 4×4 transpose of four f32x4 columns in two rounds of shuffles: interleave the columns in
 * pairs (32-bit lanes), then take 64-bit halves. Returns, per row, what pushes that row's vector.
 */
function quad(code: WasmCode, columns: readonly Local[]): (() => void)[] {
  const [c0, c1, c2, c3] = columns as [Local, Local, Local, Local];
  const t = [[c0, c1, [0, 4, 1, 5]], [c0, c1, [2, 6, 3, 7]], [c2, c3, [0, 4, 1, 5]], [c2, c3, [2, 6, 3, 7]]] as const;
  const [t0, t1, t2, t3] = t.map(([a, b, lanes]) => {
    const v = code.local('v128');
    pair(code, 4, a, b, lanes);
    code.set(v);
    return v;
  }) as [Local, Local, Local, Local];
  return [[t0, t2, [0, 2]], [t0, t2, [1, 3]], [t1, t3, [0, 2]], [t1, t3, [1, 3]]].map(([a, b, lanes]) => () =>
    pair(code, 8, a as Local, b as Local, lanes as readonly number[]));
}

/** shuffle(a, b) by lanes of `laneBytes` (lane k of b is lane k + 16 / laneBytes): the vector on the stack. */
function pair(code: WasmCode, laneBytes: number, a: Local, b: Local, lanes: readonly number[]): void {
  code.get(a).get(b);
  code.simd(i8x16Shuffle).append(lanes.flatMap((lane) => Array.from({ length: laneBytes }, (_, k) => lane * laneBytes + k)));
}

/**
 * `extent` values of an index in tiles of `tile` (a loop of whole tiles, then one of the rest),
 * each pointer moved `bytes[k]` per value: body(size, pointers at the tile's start).
 */
function tiles(code: WasmCode, extent: number, tile: number, from: readonly Local[], bytes: readonly number[],
  body: (size: number, at: readonly Local[]) => void): void {
  const whole = Math.floor(extent / tile);
  if (whole > 0) {
    const p = from.map((q) => copy(code, q));
    counted(code, whole, p.map((q, k) => [q, tile * bytes[k]!] as const), () => body(tile, p));
  }
  const rest = extent - whole * tile;
  if (rest > 0) {
    const p = from.map((q, k) => {
      const t = code.local('i32');
      code.advance(t, q, whole * tile * bytes[k]!);
      return t;
    });
    body(rest, p);
  }
}

function copy(code: WasmCode, from: Local): Local {
  const p = code.local('i32');
  code.advance(p, from, 0);
  return p;
}
