import { createNameSupply, type NameSupply } from '../2-network/name-supply.js';
import { classifyIndices } from './classify-indices.js';
import type { Cursor } from './loop-builder.js';
import type { CommonBase, Kernel, KernelBuffer, Stmt } from './loop-ir.js';
import type { LoweringParameters } from './lowering-parameters.js';
import { lowerPackedStep, packedLength, packingPays } from './lower-packed-step.js';
import { lowerStreamingStep, streamingPays } from './lower-streaming-step.js';
import { lowerTiledStep } from './lower-tiled-step.js';
import { matmulStepOf } from './matmul-step.js';
import { normalizeStep } from './normalize-step.js';
import type { StepSpec } from './step-spec.js';
import { streamStepOf } from './stream-step.js';
import { transposeStepOf } from './transpose-step.js';
import type { DType } from '../../runtime/strided-array.js';

/**
 * Lowers one step to a kernel: drop size-1 indices, merge indices laid out as one, put the
 * operand holding the output's unit-stride index on the right, then the streaming form for a
 * reduction that would otherwise walk a stride innermost, the packed GEMM form when it pays, else
 * the general tiled form. `label` names the kernel (compiler text, never user text).
 */
export function lowerKernel(label: string, step: StepSpec, params: LoweringParameters, dtype: DType): Kernel {
  const names = createNameSupply();
  const normal = normalizeStep(step);
  const order = operandOrder(normal);
  const spec: StepSpec = { ...normal, operands: order.map((k) => normal.operands[k]!) };
  const roles = classifyIndices(spec);
  const outputLength = [...spec.sizes.entries()].filter(([i]) => spec.outputStrides.has(i)).reduce((p, [, n]) => p * n, 1);
  const output = bufferFor(names.fresh('out'), 'output', names.fresh('o'), { min: 0, max: outputLength - 1 });
  const inputs = normal.operands.map((o) => bufferFor(names.fresh('x'), 'input', names.fresh('o'), o.reach));
  const common = commonBaseOf(names, [output, ...inputs]);
  const start = (b: KernelBuffer): string => (common?.buffers.includes(b.name) ? common.root : b.base);
  const outCursor: Cursor = { buffer: output.name, pointer: start(output), strides: spec.outputStrides };
  const opCursors = order.map((k): Cursor => ({ buffer: inputs[k]!.name, pointer: start(inputs[k]!), strides: normal.operands[k]!.strides }));
  const empty = [...spec.sizes.values()].some((n) => n === 0);
  const matmul = empty ? undefined : matmulStepOf(spec, roles, order[0]!, outputLength, params, dtype);
  const stream = empty ? undefined : streamStepOf(normal, dtype);
  const transpose = empty ? undefined : transposeStepOf(normal, dtype, params);
  const extra = {
    ...(matmul ? { matmul } : {}), ...(stream ? { stream } : {}), ...(transpose ? { transpose } : {}), ...(common ? { commonBase: common } : {}),
  };
  if (!empty && streamingPays(spec, roles)) {
    const body = lowerStreamingStep(names, spec, roles, params, outCursor, opCursors, outputLength);
    return { name: `${label}_streaming_${params.streamBlock}x${params.tileColumns}`, buffers: [output, ...inputs], scratchLength: 0, body, ...extra };
  }
  if (empty || !packingPays(spec, roles, params)) {
    const body: Stmt[] = empty
      ? [{ kind: 'fill', to: { buffer: output.name, pointer: outCursor.pointer, offset: 0 }, count: outputLength, value: 0 }]
      : lowerTiledStep(names, spec, roles, params, outCursor, opCursors);
    return { name: `${label}_tiled_${params.tileRows}x${params.tileColumns}`, buffers: [output, ...inputs], scratchLength: 0, body, ...extra };
  }
  const scratchLength = packedLength(spec, roles, params).total;
  const scratch = bufferFor(names.fresh('pack'), 'scratch', names.fresh('o'), { min: 0, max: scratchLength - 1 });
  const scratchCursor: Cursor = { buffer: scratch.name, pointer: scratch.base, strides: new Map() };
  const body = lowerPackedStep(names, spec, roles, params, outCursor, opCursors, scratchCursor, outputLength);
  return {
    name: `${label}_packed_${params.tileRows}x${params.tileColumns}_kc${params.kc}`,
    buffers: [output, ...inputs, scratch], scratchLength, body, ...extra,
  };
}

/**
 * The buffers addressed from one root (those whose reach starts at their base), when there are at
 * least two: loops then share the pointers of those that move alike.
 */
function commonBaseOf(names: NameSupply, buffers: readonly KernelBuffer[]): CommonBase | undefined {
  const rebased = buffers.filter((b) => b.reach.min >= 0).map((b) => b.name);
  return rebased.length >= 2 ? { root: names.fresh('r'), buffers: rebased } : undefined;
}

function bufferFor(name: string, role: KernelBuffer['role'], base: string, reach: KernelBuffer['reach']): KernelBuffer {
  return { name, role, base, reach };
}

/** Operand order for the tile: the one holding the output's unit-stride index (only) goes second. */
function operandOrder(spec: StepSpec): number[] {
  const columns = spec.output.at(-1);
  const [a, b] = spec.operands;
  const swap = columns !== undefined && spec.operands.length === 2 && a !== undefined && b !== undefined &&
    a.strides.has(columns) && !b.strides.has(columns);
  return swap ? [1, 0] : spec.operands.map((_, k) => k);
}
