import type { NameSupply } from '../2-network/name-supply.js';
import type { ElementwiseFn, IndexName } from '../2-network/network.js';
import type { Load, Stmt, TileMode, Update } from './loop-ir.js';
import { loadOnce, nestedLoops, type Cursor } from './loop-builder.js';

/** The shape of one register tile: `height` values of `rows` × `width` values of `columns`. */
export interface TileShape {
  readonly rows: IndexName | undefined;
  readonly columns: IndexName | undefined;
  readonly height: number;
  readonly width: number;
}

/**
 * A register tile: height×width accumulators in locals, the contracted loops inside, then one
 * store per accumulator.  acc[r][c] = Σ_k Π_op op[… r, c, k …];  out[r, c] = map(scale · acc[r][c])
 * Each operand is loaded once per distinct offset, so A[i+r,k] is shared across c.
 */
export function registerTile(names: NameSupply, tile: TileShape, output: Cursor, operands: readonly Cursor[],
  contracted: readonly IndexName[], sizes: ReadonlyMap<IndexName, number>,
  mode: TileMode, scale: number, map: ElementwiseFn | undefined = undefined): Stmt {
  const cells = tileCells(tile);
  const accumulators = cells.map(() => names.fresh('acc'));
  const store = cells.map(({ r, c }) => ({
    buffer: output.buffer, pointer: output.pointer, offset: offsetIn(output, tile, r, c),
  }));
  const body = nestedLoops(names, contracted, sizes, operands, (moved) => [multiplyAdd(names, tile, moved, accumulators)]);
  return { kind: 'tile', accumulators, mode, scale, map, store, body };
}

function multiplyAdd(names: NameSupply, tile: TileShape, operands: readonly Cursor[], accumulators: readonly string[]): Stmt {
  const loads: Load[] = [];
  const perOperand = operands.map((o) => {
    const loadAt = loadOnce(names, o, loads);
    return (r: number, c: number): string => loadAt(offsetIn(o, tile, r, c));
  });
  const updates: Update[] = tileCells(tile).map(({ r, c }, k) => ({
    accumulator: accumulators[k]!,
    coefficient: 1,
    factors: perOperand.map((load) => load(r, c)),
  }));
  return { kind: 'multiplyAdd', loads, updates };
}

function tileCells(tile: TileShape): { r: number; c: number }[] {
  const cells: { r: number; c: number }[] = [];
  for (let r = 0; r < tile.height; r++)
    for (let c = 0; c < tile.width; c++) cells.push({ r, c });
  return cells;
}

function offsetIn(cursor: Cursor, tile: TileShape, r: number, c: number): number {
  const along = (index: IndexName | undefined): number => (index === undefined ? 0 : cursor.strides.get(index) ?? 0);
  return r * along(tile.rows) + c * along(tile.columns);
}
