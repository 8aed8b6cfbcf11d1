import type { NameSupply } from '../2-network/name-supply.js';
import type { IndexName } from '../2-network/network.js';
import type { Carried, Load, Stmt } from './loop-ir.js';

/** A tensor as the loop builder walks it: its buffer, its stride per index, its current pointer. */
export interface Cursor {
  readonly buffer: string;
  readonly strides: ReadonlyMap<IndexName, number>;
  readonly pointer: string;
}

export type Body = (width: number, cursors: readonly Cursor[]) => Stmt[];

/**
 * Loops over `extent` values of `index` in steps of `tile`: full tiles in a loop, then one edge
 * tile of the remainder (extent 7, tile 4 → one tile of 4 and one of 3). Cursors whose stride for
 * the index is non-zero get a fresh pointer carried by the loop (strength reduction); cursors on
 * one pointer that move alike share the new one (buffers addressed from a common base).
 */
export function tiledLoop(names: NameSupply, index: IndexName, extent: number, tile: number,
  cursors: readonly Cursor[], body: Body): Stmt[] {
  const full = Math.floor(extent / tile) * tile;
  const parts: Stmt[] = [];
  if (full > 0) parts.push(stepLoop(names, index, full, tile, 0, cursors, body));
  if (extent > full) parts.push(stepLoop(names, index, extent - full, extent - full, full, cursors, body));
  return parts;
}

/** A loop over `extent` in steps of `step`, starting at index value `first`. */
export function stepLoop(names: NameSupply, index: IndexName, extent: number, step: number, first: number,
  cursors: readonly Cursor[], body: Body): Stmt {
  const carried: Carried[] = [];
  const once = extent === step;
  const moved = cursors.map((c) => {
    const stride = c.strides.get(index) ?? 0;
    if (first === 0 && (stride === 0 || once)) return c;
    const [start, advance] = [first * stride, step * stride];
    const same = carried.find((k) => k.from === c.pointer && k.start === start && k.advance === advance);
    if (same) return { ...c, pointer: same.pointer };
    const pointer = names.fresh('p');
    carried.push({ pointer, from: c.pointer, start, advance });
    return { ...c, pointer };
  });
  return { kind: 'loop', counter: names.fresh('i'), extent, step, carried, body: body(step, moved) };
}

/** Nested unit-step loops over `indices`, outermost first. */
export function nestedLoops(names: NameSupply, indices: readonly IndexName[], sizes: ReadonlyMap<IndexName, number>,
  cursors: readonly Cursor[], inner: (cursors: readonly Cursor[]) => Stmt[]): Stmt[] {
  const [first, ...rest] = indices;
  if (first === undefined) return inner(cursors);
  return [stepLoop(names, first, sizes.get(first)!, 1, 0, cursors,
    (_, moved) => nestedLoops(names, rest, sizes, moved, inner))];
}

/** Loops over `index` in tiles when it exists; otherwise the body once with width 1. */
export function maybeTiled(names: NameSupply, index: IndexName | undefined, sizes: ReadonlyMap<IndexName, number>,
  tile: number, cursors: readonly Cursor[], body: Body): Stmt[] {
  return index === undefined ? body(1, cursors) : tiledLoop(names, index, sizes.get(index)!, tile, cursors, body);
}

/** The body with a cursor moved by a constant offset (a block declaring `p = base + offset`). */
export function shifted(names: NameSupply, cursor: Cursor, offset: number, body: (moved: Cursor) => Stmt[]): Stmt {
  const pointer = names.fresh('p');
  return {
    kind: 'loop', counter: names.fresh('i'), extent: 1, step: 1,
    carried: [{ pointer, from: cursor.pointer, start: offset, advance: 0 }],
    body: body({ ...cursor, pointer }),
  };
}

/**
 * Loads from `cursor` at constant offsets, each distinct offset once (appended to `loads`), so a
 * value read by several accumulators is one local:  A[i+r,k] is loaded once and shared across c.
 */
export function loadOnce(names: NameSupply, cursor: Cursor, loads: Load[]): (offset: number) => string {
  const byOffset = new Map<number, string>();
  return (offset) => {
    const known = byOffset.get(offset);
    if (known !== undefined) return known;
    const target = names.fresh('v');
    byOffset.set(offset, target);
    loads.push({ target, address: { buffer: cursor.buffer, pointer: cursor.pointer, offset } });
    return target;
  };
}
