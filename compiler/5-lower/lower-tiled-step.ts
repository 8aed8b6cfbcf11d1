import type { NameSupply } from '../2-network/name-supply.js';
import type { Stmt } from './loop-ir.js';
import type { IndexRoles } from './classify-indices.js';
import { contractedOrder } from './classify-indices.js';
import { maybeTiled, nestedLoops, type Cursor } from './loop-builder.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { registerTile } from './register-tile.js';
import type { StepSpec } from './step-spec.js';

/**
 * The general step: outer output loops, then a rows × columns register tile with edge tiles, the
 * contracted loops innermost, every operand read through its strides (diagonals and transposes
 * included, no copies).
 *   for o… { for r in tiles { for c in tiles { acc = Σ_k Π op; out[o, r.., c..] = scale · acc } } }
 */
export function lowerTiledStep(names: NameSupply, spec: StepSpec, roles: IndexRoles, params: LoweringParameters,
  output: Cursor, operands: readonly Cursor[]): Stmt[] {
  const contracted = contractedOrder(spec, roles.contracted);
  return nestedLoops(names, roles.outer, spec.sizes, [output, ...operands], (outerCursors) =>
    maybeTiled(names, roles.rows, spec.sizes, params.tileRows, outerCursors, (height, rowCursors) =>
      maybeTiled(names, roles.columns, spec.sizes, params.tileColumns, rowCursors, (width, [out, ...ops]) => [
        registerTile(names, { rows: roles.rows, columns: roles.columns, height, width },
          out!, ops, contracted, spec.sizes, ops.length === 1 && contracted.length === 0 ? 'copy' : 'assign', spec.scale, spec.map),
      ])));
}
