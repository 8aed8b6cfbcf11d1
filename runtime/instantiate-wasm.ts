import type { WasmKernelSource } from './execution-plan.js';
import type { KernelFunction } from './instantiate-kernel.js';
import type { FloatData } from './strided-array.js';
import type { WasmArena } from './wasm-arena.js';
import type { splitKernel } from './split-kernel.js';
import { copyIn, copyOut, type CopyOut } from './staging-copy.js';
import type { CompiledWasmModule } from './wasm-module-cache.js';
import type { ArenaLink } from './worker-pool.js';

export { fromBase64 } from './wasm-module-cache.js';

type WasmEntry = (...addresses: number[]) => void;

/**
 * A WebAssembly kernel behind the JavaScript kernel ABI: (data, offset) per buffer, output first.
 * Buffers already in the arena (intermediates, operands resident for this run) are passed by
 * address; others are copied into staging (inputs, their reach) and the output is copied back
 * after the call. A kernel split into parts (`split`: their modules, the arena's link to the
 * worker pool, and the threads capability's runner) runs as split-kernel.ts says. `copy` copies
 * the output out (a network plan's also checks it is finite while it is in cache). A kernel that
 * reads in place (`stream: 'in-place'`) runs `fallback` (its JavaScript kernel) unless every input is in the arena.
 */
export function instantiateWasmKernel(source: WasmKernelSource, module: CompiledWasmModule, arena: WasmArena,
  split?: { readonly modules: readonly CompiledWasmModule[]; readonly link: ArenaLink | undefined; readonly first: number; readonly run: typeof splitKernel },
  copy: CopyOut = copyOut, fallback?: KernelFunction): KernelFunction {
  if (split !== undefined) return split.run(source, arena, { ...split, entries: split.modules.map((m) => instantiateEntry(m, arena)) });
  const entry = instantiateEntry(module, arena);
  const count = source.reach.length;
  const addresses = new Array<number>(count + 1).fill(0);
  const bytes = arena.elementBytes;
  const slices = source.slices ?? { count: 1, strides: new Array<number>(count).fill(0) };
  if (source.stream === 'in-place' && fallback !== undefined) {
    return (...args) => {
      for (let b = 1; b < count; b++) {
        const data = args[2 * b], offset = args[2 * b + 1] as number, reach = source.reach[b]!;
        if (!arena.owns(data) && arena.resident.addressOf(data, offset, reach.min, reach.max) < 0) return fallback(...args);
      }
      return callSlice(args, 0);
    };
  }
  return (...args) => {
    let made: FloatData | undefined;
    for (let s = 0; s < slices.count; s++) made = callSlice(args, s);
    return made;
  };
  /**
   * One call: buffers in the arena by address, the others staged (inputs copied in, the output back
   * out). An undefined output array (an unsliced kernel only) gets a fresh one, returned.
   */
  function callSlice(args: unknown[], s: number): FloatData | undefined {
    let stage = arena.staging;
    let staged = -1;
    for (let b = 0; b < count; b++) {
      const data = args[2 * b] as ArrayLike<number>;
      const offset = (args[2 * b + 1] as number) + s * slices.strides[b]!;
      const reach = source.reach[b]!;
      if (arena.owns(data)) { addresses[b] = data.byteOffset + offset * bytes; continue; }
      const resident = b === 0 ? -1 : arena.resident.addressOf(data, offset, reach.min, reach.max);
      if (resident >= 0) { addresses[b] = resident; continue; }
      addresses[b] = stage - reach.min * bytes;
      if (b === 0) staged = stage;
      else copyIn(arena.elements, stage / bytes, data, offset + reach.min, reach.max - reach.min + 1);
      stage += Math.ceil(((reach.max - reach.min + 1) * bytes) / 16) * 16;
    }
    addresses[count] = arena.scratch;
    entry(...addresses);
    const outputAt = (args[1] as number) + s * slices.strides[0]! + source.reach[0]!.min;
    return staged >= 0 ? copy(arena.elements, staged / bytes, args[0] as FloatData | undefined, outputAt, source.reach[0]!.max - source.reach[0]!.min + 1) : undefined;
  }
}

function instantiateEntry(module: CompiledWasmModule, arena: WasmArena): WasmEntry {
  return new WebAssembly.Instance(module as WebAssembly.Module, { env: { memory: arena.memory } }).exports['kernel'] as WasmEntry;
}
