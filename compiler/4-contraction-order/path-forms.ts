import type { LinearPath } from './contraction.js';

/**
 * A path in static single assignment form: operands are ids 0..n−1 and step k creates id n+k,
 * so ids never shift.  SSA [[0,1],[2,3]] on three operands  ≡  linear [[0,1],[0,1]].
 */
export type SsaPath = readonly (readonly number[])[];

export function ssaToLinear(ssa: SsaPath, operands: number): LinearPath {
  let current = Array.from({ length: operands }, (_, k) => k);
  return ssa.map((ids, step) => {
    const positions = ids.map((id) => current.indexOf(id)).sort((x, y) => x - y);
    current = current.filter((id) => !ids.includes(id));
    current.push(operands + step);
    return positions;
  });
}

export function linearToSsa(path: LinearPath, operands: number): SsaPath {
  let current = Array.from({ length: operands }, (_, k) => k);
  return path.map((positions, step) => {
    const ids = positions.map((p) => current[p]!);
    current = current.filter((_, k) => !positions.includes(k));
    current.push(operands + step);
    return ids;
  });
}
