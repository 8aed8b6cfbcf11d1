import type { NameSupply } from '../2-network/name-supply.js';
import type { IndexName } from '../2-network/network.js';
import type { Stmt } from './loop-ir.js';
import type { IndexRoles } from './classify-indices.js';
import { contractedOrder } from './classify-indices.js';
import { maybeTiled, nestedLoops, tiledLoop, type Body, type Cursor } from './loop-builder.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { registerTile } from './register-tile.js';
import type { StepSpec } from './step-spec.js';

/**
 * The general step: outer output loops, then a rows × columns register tile with edge tiles, the
 * contracted loops innermost, every operand read through its strides (diagonals and transposes
 * included, no copies).
 *   for o… { for r in tiles { for c in tiles { acc = Σ_k Π op; out[o, r.., c..] = scale · acc } } }
 * A step that moves data against an operand's layout (a transpose: nothing summed, some operand
 * holding the columns at a larger stride than the rows) is walked in `transposeBlock`² blocks of
 * rows × columns, so the lines and pages of both sides stay in cache and the TLB:
 *   for o… { for C in blocks { for R in blocks { for r in tiles of R { for c in tiles of C { … } } } } }
 */
export function lowerTiledStep(names: NameSupply, spec: StepSpec, roles: IndexRoles, params: LoweringParameters,
  output: Cursor, operands: readonly Cursor[]): Stmt[] {
  const contracted = contractedOrder(spec, roles.contracted);
  const single = cellsShareNoLoads(spec, roles);
  const width = single ? 1 : dotProducts(spec, roles) ? params.dotColumns : params.tileColumns;
  const tiles = (sizes: ReadonlyMap<IndexName, number>): Body => (_, cursors) =>
    maybeTiled(names, roles.rows, sizes, single ? 1 : params.tileRows, cursors, (height, rowCursors) =>
      maybeTiled(names, roles.columns, sizes, width, rowCursors, (width, [out, ...ops]) => [
        registerTile(names, { rows: roles.rows, columns: roles.columns, height, width },
          out!, ops, contracted, sizes, ops.length === 1 && contracted.length === 0 ? 'copy' : 'assign', spec.scale, spec.map),
      ]));
  return nestedLoops(names, roles.outer, spec.sizes, [output, ...operands], (outerCursors) =>
    blockingPays(spec, roles, params) ? blocked(names, spec, roles, params.transposeBlock, outerCursors, tiles)
      : tiles(spec.sizes)(1, outerCursors));
}

/**
 * Nothing summed and every operand (two or more) holding the rows and the columns (`ij,ji->ij`,
 * δ1 = (G W2ᵀ) ⊙ (1 − H∘H) of a training step): each cell of a register tile loads its own values,
 * so a tile shares nothing and the step is walked one element at a time. The 4×4 tile of the
 * training step's δ1 (its own time ~35 µs) left the two GEMM steps after it ~0.1 ms slower each;
 * one element at a time, the step measured 0.96× the time (11 interleaved rounds, CPU time, loaded
 * machine; same values bit for bit). A 1×4 or unblocked 4×4 loop written by hand did not help.
 */
function cellsShareNoLoads(spec: StepSpec, roles: IndexRoles): boolean {
  const { rows, columns } = roles;
  if (rows === undefined || columns === undefined || roles.contracted.length > 0 || spec.operands.length < 2) return false;
  return spec.operands.every((o) => o.strides.has(rows) && o.strides.has(columns));
}

/**
 * One output index and a sum over one operand or against a vector (`ij->i`, `ij,j->i`): several
 * dot products at once, sharing the vector's loads. Not `ij,ij->i`: two loads per product already.
 */
function dotProducts(spec: StepSpec, roles: IndexRoles): boolean {
  const columns = roles.columns;
  return roles.rows === undefined && columns !== undefined && roles.contracted.length > 0 &&
    (spec.operands.length === 1 || spec.operands.some((o) => !o.strides.has(columns)));
}

/**
 * Nothing summed, rows and columns both larger than a block, and some operand holding both walked
 * against its layout (not an outer product: its operands each hold one, read in order).
 */
function blockingPays(spec: StepSpec, roles: IndexRoles, params: LoweringParameters): boolean {
  const { rows, columns } = roles;
  if (rows === undefined || columns === undefined || roles.contracted.length > 0) return false;
  if (spec.sizes.get(rows)! <= params.transposeBlock || spec.sizes.get(columns)! <= params.transposeBlock) return false;
  const abs = (s: ReadonlyMap<IndexName, number>, i: IndexName): number => Math.abs(s.get(i) ?? 0);
  return spec.operands.some((o) => o.strides.has(rows) && o.strides.has(columns) && abs(o.strides, columns) > abs(o.strides, rows));
}

function blocked(names: NameSupply, spec: StepSpec, roles: IndexRoles, block: number, cursors: readonly Cursor[],
  tiles: (sizes: ReadonlyMap<IndexName, number>) => Body): Stmt[] {
  const [rows, columns] = [roles.rows!, roles.columns!];
  return tiledLoop(names, columns, spec.sizes.get(columns)!, block, cursors, (width, columnCursors) =>
    tiledLoop(names, rows, spec.sizes.get(rows)!, block, columnCursors, (height, blockCursors) =>
      tiles(new Map(spec.sizes).set(rows, height).set(columns, width))(1, blockCursors)));
}
