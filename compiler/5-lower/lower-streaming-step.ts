import type { NameSupply } from '../2-network/name-supply.js';
import type { IndexName } from '../2-network/network.js';
import type { Stmt } from './loop-ir.js';
import type { IndexRoles } from './classify-indices.js';
import { contractedOrder } from './classify-indices.js';
import { nestedLoops, tiledLoop, type Cursor } from './loop-builder.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { registerTile } from './register-tile.js';
import type { StepSpec } from './step-spec.js';

/**
 * Whether a memory-bound reduction streams memory better with its summed loops outside the
 * output's columns: every operand holding the columns index has it at a smaller stride than each
 * summed index it holds, some operand holds both (so the tiled form would walk a stride innermost:
 * `ij->j`, `i,ij->j`, `ijk->ik`), and the register tile would share no load across rows (not
 * GEMM-shaped). No fused function or scale: the output is accumulated pass by pass.
 */
export function streamingPays(spec: StepSpec, roles: IndexRoles): boolean {
  const { columns, rows } = roles;
  if (columns === undefined || roles.contracted.length === 0 || spec.map !== undefined || spec.scale !== 1) return false;
  const gemmLike = rows !== undefined && spec.operands.some((o) => !o.strides.has(rows)) &&
    spec.operands.some((o) => !o.strides.has(columns));
  const abs = (o: StepSpec['operands'][number], i: IndexName): number => Math.abs(o.strides.get(i)!);
  const holders = spec.operands.filter((o) => o.strides.has(columns));
  const faster = holders.every((o) => roles.contracted.every((k) => !o.strides.has(k) || abs(o, columns) < abs(o, k)));
  const strided = holders.some((o) => roles.contracted.some((k) => o.strides.has(k)));
  return !gemmLike && faster && strided;
}

/**
 * The streaming reduction: the output is zeroed, then every summed value is added in memory order,
 * the columns innermost in tiles of `tileColumns` accumulated in place, `tileRows` values of the
 * innermost summed index per tile (the output tile is loaded and stored once per block of them):
 *   out = 0;  for o… { for k… { for k' in blocks { for c in tiles {
 *     acc = out[o, c..]; for k'' in block { acc += Π_op op[o, k, k'', c..] }; out[o, c..] = acc } } } }
 * The output strip of one pass stays in cache while the operands are read in memory order.
 */
export function lowerStreamingStep(names: NameSupply, spec: StepSpec, roles: IndexRoles, params: LoweringParameters,
  output: Cursor, operands: readonly Cursor[], outputLength: number): Stmt[] {
  const columns = roles.columns!;
  const outer = spec.output.filter((i) => i !== columns);
  const summed = contractedOrder(spec, roles.contracted);
  const inner = summed.at(-1)!;
  const zero: Stmt = { kind: 'fill', to: { buffer: output.buffer, pointer: output.pointer, offset: 0 }, count: outputLength, value: 0 };
  return [zero, ...nestedLoops(names, outer, spec.sizes, [output, ...operands], (outerCursors) =>
    nestedLoops(names, summed.slice(0, -1), spec.sizes, outerCursors, (summedCursors) =>
      tiledLoop(names, inner, spec.sizes.get(inner)!, params.tileRows, summedCursors, (block, blockCursors) => {
        const sizes = new Map(spec.sizes).set(inner, block);
        return tiledLoop(names, columns, spec.sizes.get(columns)!, params.tileColumns, blockCursors, (width, [out, ...ops]) => [
          registerTile(names, { rows: undefined, columns, height: 1, width }, out!, ops, [inner], sizes, 'accumulate', 1),
        ]);
      })))];
}
