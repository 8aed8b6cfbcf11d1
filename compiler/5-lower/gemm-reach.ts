import type { Reach } from './loop-ir.js';
import type { MatmulStep } from './matmul-step.js';

/** What one call of a GEMM form touches: element offsets from each buffer's base (the output is one consecutive block). */
export interface GemmReach {
  readonly output: Reach;
  readonly left: Reach;
  readonly right: Reach;
}

export function gemmReach(form: MatmulStep): GemmReach {
  const span = (loops: readonly (readonly [number, number])[]): Reach =>
    loops.reduce((r, [n, s]) => ({ min: r.min + Math.min(0, (n - 1) * s), max: r.max + Math.max(0, (n - 1) * s) }), { min: 0, max: 0 });
  return {
    output: { min: 0, max: form.outputLength - 1 },
    left: span([...form.outer.map((l) => [l.extent, l.left] as const), [form.rows, form.left.row], [form.depth, form.left.depth]]),
    right: span([...form.outer.map((l) => [l.extent, l.right] as const), [form.depth, form.right.depth], [form.columns, form.right.column]]),
  };
}
