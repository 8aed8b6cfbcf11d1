import type { IndexName } from '../2-network/network.js';
import { summedIndices, type StepSpec } from './step-spec.js';

/**
 * The roles of a step's indices, for C[batch, left, right] = Σ_contracted A[batch, left, contracted]
 * B[batch, right, contracted]. `rows` and `columns` are the register tile's two indices: columns is
 * the output's unit-stride index, rows a second output index whose loads do not depend on columns.
 */
export interface IndexRoles {
  readonly batch: readonly IndexName[];
  readonly left: readonly IndexName[];
  readonly right: readonly IndexName[];
  readonly contracted: readonly IndexName[];
  readonly rows: IndexName | undefined;
  readonly columns: IndexName | undefined;
  /** Output indices looped outside the tile, in output order. */
  readonly outer: readonly IndexName[];
}

export function classifyIndices(spec: StepSpec): IndexRoles {
  const [a, b] = spec.operands;
  const inA = (i: IndexName): boolean => a?.strides.has(i) ?? false;
  const inB = (i: IndexName): boolean => b?.strides.has(i) ?? false;
  const columns = spec.output.at(-1);
  const rows = chooseRows(spec, columns);
  return {
    batch: spec.output.filter((i) => inA(i) && inB(i)),
    left: spec.output.filter((i) => inA(i) && !inB(i)),
    right: spec.output.filter((i) => inB(i) && !inA(i)),
    contracted: summedIndices(spec),
    rows,
    columns,
    outer: spec.output.filter((i) => i !== rows && i !== columns),
  };
}

/** Prefer an index absent from every operand that holds `columns` (loads then factor), then size. */
function chooseRows(spec: StepSpec, columns: IndexName | undefined): IndexName | undefined {
  const candidates = spec.output.filter((i) => i !== columns);
  const separate = (i: IndexName): number =>
    spec.operands.filter((o) => o.strides.has(i) && columns !== undefined && o.strides.has(columns)).length === 0 ? 1 : 0;
  const score = (i: IndexName): number => separate(i) * 1e9 + Math.min(spec.sizes.get(i)!, 1e8);
  return candidates.reduce<IndexName | undefined>((best, i) => (best === undefined || score(i) > score(best) ? i : best), undefined);
}

/** Contracted loops ordered so the innermost has the smallest stride in the first operand. */
export function contractedOrder(spec: StepSpec, contracted: readonly IndexName[]): IndexName[] {
  const strideIn = (i: IndexName): number =>
    Math.min(...spec.operands.map((o) => Math.abs(o.strides.get(i) ?? Infinity)));
  return [...contracted].sort((x, y) => strideIn(y) - strideIn(x));
}
