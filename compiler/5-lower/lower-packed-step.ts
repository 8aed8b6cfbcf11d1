import type { NameSupply } from '../2-network/name-supply.js';
import type { IndexName } from '../2-network/network.js';
import type { Stmt } from './loop-ir.js';
import type { IndexRoles } from './classify-indices.js';
import { nestedLoops, shifted, stepLoop, tiledLoop, type Cursor } from './loop-builder.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { registerTile } from './register-tile.js';
import type { StepSpec } from './step-spec.js';

/** Packing pays for a GEMM-shaped step C[r,c] = Σ_k A[r,k] B[k,c] with every extent large enough. */
export function packingPays(spec: StepSpec, roles: IndexRoles, params: LoweringParameters): boolean {
  const [a, b] = spec.operands;
  const { rows, columns } = roles;
  if (spec.operands.length !== 2 || !a || !b || rows === undefined || columns === undefined) return false;
  if (roles.contracted.length !== 1 || spec.map !== undefined) return false;
  const k = roles.contracted[0]!;
  const large = [rows, columns, k].every((i) => spec.sizes.get(i)! >= params.packMinimum);
  return large && a.strides.has(rows) && !b.strides.has(rows) && b.strides.has(columns) && !a.strides.has(columns);
}

/**
 * The blocked GEMM step. The output is zeroed; for each kc-block of k and nc-block of columns the
 * right operand is packed into contiguous panels of tile width (scale fused into the copy), and for each row tile the left
 * operand's rows are packed into one panel (power-of-two strides then never thrash the L1 cache);
 * register tiles accumulate into the output:
 *   P[panel][k][c] = scale · B[k, panel·w + c];  Q[k][r] = A[row + r, k];  C[r, c] += Σ_{k ∈ block} Q P
 */
export function lowerPackedStep(names: NameSupply, spec: StepSpec, roles: IndexRoles, params: LoweringParameters,
  output: Cursor, operands: readonly Cursor[], scratch: Cursor, outputLength: number): Stmt[] {
  const rows = roles.rows!;
  const columns = roles.columns!;
  const k = roles.contracted[0]!;
  const aPanelAt = packedLength(spec, roles, params).rightPanels;
  const zero: Stmt = { kind: 'fill', to: { buffer: output.buffer, pointer: output.pointer, offset: 0 }, count: outputLength, value: 0 };
  const blocks = nestedLoops(names, roles.outer, spec.sizes, [output, ...operands], ([out, a, b]) =>
    tiledLoop(names, k, spec.sizes.get(k)!, params.kc, [a!, b!], (depth, [aBlock, bBlock]) =>
      tiledLoop(names, columns, spec.sizes.get(columns)!, params.nc, [out!, bBlock!], (breadth, [outBlock, bColumns]) => {
        const panels = { ...scratch, strides: new Map([[columns, depth]]) };
        const sizes = new Map(spec.sizes).set(k, depth).set(columns, breadth);
        const tiles = (height: number, outRow: Cursor, left: Cursor): Stmt[] =>
          tiledLoop(names, columns, breadth, params.tileColumns, [outRow, panels], (width, [outTile, panel]) => [
            registerTile(names, { rows, columns, height, width }, outTile!,
              [left, { ...panel!, strides: new Map([[columns, 1], [k, width]]) }], [k], sizes, 'accumulate', 1),
          ]);
        return [
          ...tiledLoop(names, columns, breadth, params.tileColumns, [bColumns!, panels], (width, [from, to]) =>
            [packPanel(names, k, depth, width, columns, from!, to!, spec.scale)]),
          ...tiledLoop(names, rows, sizes.get(rows)!, params.tileRows, [outBlock!, aBlock!], (height, [outRow, aRow]) =>
            [shifted(names, scratch, aPanelAt, (aPanel) => [
              packPanel(names, k, depth, height, rows, aRow!, aPanel, 1),
              ...tiles(height, outRow!, { ...aPanel, strides: new Map([[rows, 1], [k, height]]) }),
            ])]),
        ];
      })));
  return [zero, ...blocks];
}

/** Scratch use: kc × nc for the right operand's panels, then kc × tile rows for the left panel. */
export function packedLength(spec: StepSpec, roles: IndexRoles, params: LoweringParameters): { rightPanels: number; total: number } {
  const depth = Math.min(spec.sizes.get(roles.contracted[0]!)!, params.kc);
  const rightPanels = depth * Math.min(spec.sizes.get(roles.columns!)!, params.nc);
  return { rightPanels, total: rightPanels + depth * params.tileRows };
}

/** One panel of `width` values of `along`: P[k·width + c] = scale · X[k, c] for k in the block. */
function packPanel(names: NameSupply, k: IndexName, depth: number, width: number, along: IndexName,
  source: Cursor, panel: Cursor, scale: number): Stmt {
  const stride = source.strides.get(along)!;
  return stepLoop(names, k, depth, 1, 0, [source, { ...panel, strides: new Map([[k, width]]) }], (_, [row, panelRow]) =>
    Array.from({ length: width }, (__, c): Stmt => ({
      kind: 'copy',
      from: { buffer: row!.buffer, pointer: row!.pointer, offset: c * stride },
      to: { buffer: panelRow!.buffer, pointer: panelRow!.pointer, offset: c },
      scale,
    })));
}
