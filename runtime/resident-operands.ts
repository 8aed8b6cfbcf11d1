import type { ExecutionPlan } from './execution-plan.js';
import { copyIn } from './staging-copy.js';
import type { FloatData, StridedArray } from './strided-array.js';

/**
 * Operands that two or more WebAssembly steps of a plan read (X in both X·W1 and Xᵀ·Δ1 of a
 * training step) get a region of the arena of their own: copied in once per run, before the
 * first step, and read in place by every WebAssembly step, instead of being staged again by each.
 * JavaScript steps still read the caller's array (an f32 plan's JS kernels see the same values
 * they always did). Sliced and split kernels keep their own staging and are not counted.
 */
export interface ResidentOperand {
  /** The plan input. */
  readonly index: number;
  /** The operand's span: from `min` elements off its offset (negative strides reach below it), `length` elements. */
  readonly min: number;
  readonly length: number;
}

/** The plan inputs read by two or more whole (not sliced, not split) WebAssembly steps, with their spans. */
export function residentOperands(plan: ExecutionPlan): ResidentOperand[] {
  const readers = new Map<number, number>();
  for (const step of plan.steps) {
    const wasm = plan.kernels[step.kernel]!.wasm;
    if (wasm === undefined || wasm.slices !== undefined || wasm.parts !== undefined) continue;
    for (const index of new Set(step.inputs.flatMap((r) => (r.kind === 'input' ? [r.index] : []))))
      readers.set(index, (readers.get(index) ?? 0) + 1);
  }
  return [...readers].filter(([, n]) => n >= 2).map(([index]) => {
    const { shape, stride } = plan.inputs[index]!;
    const ends = shape.map((n, d) => Math.max(0, n - 1) * stride[d]!);
    const min = ends.reduce((s, e) => s + Math.min(0, e), 0);
    return { index, min, length: ends.reduce((s, e) => s + Math.abs(e), 1) };
  });
}

/** Where resident operands are this run: `stage` copies them in, `addressOf` finds an element's byte address. */
export interface ResidentRegion {
  stage(operands: readonly StridedArray[]): void;
  /**
   * The byte address of `data[offset]` when `data` is a resident operand of this run whose copy
   * holds elements `offset + min … offset + max` (what a kernel reads), else −1.
   */
  addressOf(data: unknown, offset: number, min: number, max: number): number;
  /** Forgets this run's operands (the arena holds no reference to the caller's arrays between runs). */
  clear(): void;
}

/** Bytes of one operand's slot: its span, 16-byte aligned. */
const slotBytes = (o: ResidentOperand, elementBytes: number): number => Math.ceil((o.length * elementBytes) / 16) * 16;

/** Bytes the region needs. */
export const residentBytes = (operands: readonly ResidentOperand[], elementBytes: number): number =>
  operands.reduce((sum, o) => sum + slotBytes(o, elementBytes), 0);

/**
 * A region at byte `start` of `elements` (the arena as the plan's element type): the operands one
 * after another. An operand already in the arena (`owns`: a resident input) is not copied: kernels
 * read it where it is.
 */
export function createResidentRegion(operands: readonly ResidentOperand[], elements: FloatData, start: number, owns: (data: unknown) => boolean): ResidentRegion {
  const bytes = elements.BYTES_PER_ELEMENT;
  let staged: { data: unknown; first: number; length: number; slot: number }[] = [];
  return {
    stage(given) {
      staged = [];
      let slot = start;
      for (const o of operands) {
        const a = given[o.index]!;
        if (!owns(a.data)) {
          staged.push({ data: a.data, first: a.offset + o.min, length: o.length, slot });
          copyIn(elements, slot / bytes, a.data, a.offset + o.min, o.length);
        }
        slot += slotBytes(o, bytes);
      }
    },
    addressOf(data, offset, min, max) {
      const s = staged.find((r) => r.data === data && offset + min >= r.first && offset + max < r.first + r.length);
      return s ? s.slot + (offset - s.first) * bytes : -1;
    },
    clear: () => { staged = []; },
  };
}
