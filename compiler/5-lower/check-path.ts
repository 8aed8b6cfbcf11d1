import { fail } from '../diagnostics/ricci-error.js';
import type { LinearPath } from '../4-contraction-order/contraction.js';

/** A linear path must name distinct, existing positions at every step and end with one operand. */
export function checkPath(path: LinearPath, operands: number): void {
  let live = operands;
  path.forEach((positions, s) => {
    const seen = new Set<number>();
    for (const p of positions) {
      if (!Number.isInteger(p) || p < 0 || p >= live) fail('path_position_invalid', undefined, s, p, live);
      if (seen.has(p)) fail('path_position_repeated', undefined, s, p);
      seen.add(p);
    }
    live = live - positions.length + 1;
  });
  if (live !== 1) fail('path_incomplete', undefined, live);
}

