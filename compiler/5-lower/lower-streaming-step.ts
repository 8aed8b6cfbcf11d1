import type { NameSupply } from '../2-network/name-supply.js';
import type { IndexName } from '../2-network/network.js';
import type { Load, Stmt, Update } from './loop-ir.js';
import type { IndexRoles } from './classify-indices.js';
import { contractedOrder } from './classify-indices.js';
import { loadOnce, nestedLoops, tiledLoop, type Cursor } from './loop-builder.js';
import type { LoweringParameters } from './lowering-parameters.js';
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
 * the columns innermost in tiles of `tileColumns` accumulated in place, blocks of `streamBlock` values
 * of the innermost summed index unrolled inside each tile (the output tile is loaded and stored
 * once per block, a value shared across the tile's columns — x[k] of `k,kj->j` — loaded once):
 *   out = 0;  for o… { for k… { for k' in blocks { for c in tiles {
 *     acc = out[o, c..]; acc += Π_op op[o, k, k', c..]; acc += Π_op op[o, k, k'+1, c..]; …; out[o, c..] = acc } } } }
 * Each accumulator gets its terms in the order of the summed index, as the reference adds them.
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
      tiledLoop(names, inner, spec.sizes.get(inner)!, params.streamBlock, summedCursors, (block, blockCursors) => {
        const { loads, preloaded } = hoistedLoads(names, columns, inner, block, blockCursors.slice(1));
        return [
          ...(loads.length > 0 ? [{ kind: 'multiplyAdd', loads, updates: [] } satisfies Stmt] : []),
          ...tiledLoop(names, columns, spec.sizes.get(columns)!, params.tileColumns, blockCursors, (width, [out, ...ops]) => [
            unrolledBlock(names, { columns, width, inner, block }, out!, ops, preloaded),
          ]),
        ];
      })))];
}

/**
 * The block's values of operands without the columns index (x[k] of `k,kj->j`), loaded once before
 * the columns loop rather than once per column tile: `preloaded[operand][k]` names them.
 */
function hoistedLoads(names: NameSupply, columns: IndexName, inner: IndexName, block: number, operands: readonly Cursor[]):
  { loads: Load[]; preloaded: readonly (readonly string[] | undefined)[] } {
  const loads: Load[] = [];
  const preloaded = operands.map((o) => {
    if (o.strides.has(columns)) return undefined;
    const at = loadOnce(names, o, loads);
    return Array.from({ length: block }, (_, k) => at(k * (o.strides.get(inner) ?? 0)));
  });
  return { loads, preloaded };
}

interface Block {
  readonly columns: IndexName;
  readonly width: number;
  readonly inner: IndexName;
  readonly block: number;
}

/** `width` accumulators read from the output, `block` terms each added in summed order, stored back. */
function unrolledBlock(names: NameSupply, b: Block, output: Cursor, operands: readonly Cursor[],
  preloaded: readonly (readonly string[] | undefined)[]): Stmt {
  const along = (c: Cursor, i: IndexName): number => c.strides.get(i) ?? 0;
  const accumulators = Array.from({ length: b.width }, () => names.fresh('acc'));
  const store = accumulators.map((_, c) => ({ buffer: output.buffer, pointer: output.pointer, offset: c * along(output, b.columns) }));
  const loads: Load[] = [];
  const loaders = operands.map((o) => ({ o, at: loadOnce(names, o, loads) }));
  const updates: Update[] = [];
  for (let k = 0; k < b.block; k++)
    accumulators.forEach((accumulator, c) => updates.push({
      accumulator, coefficient: 1,
      factors: loaders.map(({ o, at }, n) => preloaded[n]?.[k] ?? at(k * along(o, b.inner) + c * along(o, b.columns))),
    }));
  return { kind: 'tile', accumulators, mode: 'accumulate', scale: 1, map: undefined, store, body: [{ kind: 'multiplyAdd', loads, updates }] };
}
