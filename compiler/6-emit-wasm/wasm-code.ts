import { ByteSink } from './wasm-bytes.js';

/** Value types: i32 addresses and counters, f32/f64 scalars, v128 vectors (f64x2 or f32x4). */
export type ValueType = 'i32' | 'f32' | 'f64' | 'v128';
export const valueTypeCode = { i32: 0x7f, f32: 0x7d, f64: 0x7c, v128: 0x7b } as const satisfies Record<ValueType, number>;

/** A local variable of the function being written (an index the builder handed out). */
export interface Local {
  readonly index: number;
  readonly type: ValueType;
}

/** Opcodes used by the emitter (core, then 0xFC bulk-memory and 0xFD SIMD sub-opcodes). */
const op = {
  loop: 0x03, end: 0x0b, brIf: 0x0d, localGet: 0x20, localSet: 0x21, localTee: 0x22,
  f32Load: 0x2a, f64Load: 0x2b, f32Store: 0x38, f64Store: 0x39, i32Const: 0x41, f32Const: 0x43, f64Const: 0x44,
  i32LtU: 0x49, i32Add: 0x6a, f64Mul: 0xa2,
  bulkPrefix: 0xfc, memoryFill: 0x0b,
  simdPrefix: 0xfd, v128Load: 0x00, v128Load32Splat: 0x09, v128Load64Splat: 0x0a, v128Store: 0x0b, v128Const: 0x0c,
  f32x4Splat: 0x13, f64x2Splat: 0x14, f32x4ExtractLane: 0x1f, f32x4ReplaceLane: 0x20,
  v128Store32Lane: 0x5a, v128Store64Lane: 0x5b, v128Load32Zero: 0x5c, v128Load64Zero: 0x5d,
  f32x4Add: 0xe4, f32x4Mul: 0xe6, f64x2Add: 0xf0, f64x2Mul: 0xf2,
} as const;

const emptyBlock = 0x40;
/**
 * log2 of the alignment hint, at most the access's natural alignment: 8-byte and v128 accesses
 * hint 8 bytes (every f64 address is a multiple of 8), 4-byte accesses 4.
 */
const align8 = 3;
const align4 = 2;

/**
 * One function body as typed instructions. Locals are declared through `local()`; memory offsets
 * are byte offsets (an unsigned memarg offset when ≥ 0, else an explicit add).
 */
export class WasmCode {
  private readonly sink = new ByteSink();
  private readonly localTypes: ValueType[] = [];

  constructor(private readonly paramCount: number) {}

  param(index: number): Local {
    if (index >= this.paramCount) throw new RangeError(`no parameter ${index}`);
    return { index, type: 'i32' };
  }

  local(type: ValueType): Local {
    this.localTypes.push(type);
    return { index: this.paramCount + this.localTypes.length - 1, type };
  }

  get(l: Local): this { this.sink.byte(op.localGet).u32(l.index); return this; }
  set(l: Local): this { this.sink.byte(op.localSet).u32(l.index); return this; }
  tee(l: Local): this { this.sink.byte(op.localTee).u32(l.index); return this; }
  i32(n: number): this { this.sink.byte(op.i32Const).s32(n); return this; }
  f64(x: number): this { this.sink.byte(op.f64Const).f64(x); return this; }
  f32(x: number): this { this.sink.byte(op.f32Const).f32(x); return this; }
  i32Add(): this { this.sink.byte(op.i32Add); return this; }
  i32LtU(): this { this.sink.byte(op.i32LtU); return this; }
  f64Mul(): this { this.sink.byte(op.f64Mul); return this; }

  /** target = source + bytes (i32). */
  advance(target: Local, source: Local, bytes: number): this {
    this.get(source);
    if (bytes !== 0) this.i32(bytes).i32Add();
    return this.set(target);
  }

  /** A loop that runs its body while the condition the body leaves on the stack holds. */
  loop(body: () => void): this {
    this.sink.byte(op.loop).byte(emptyBlock);
    body();
    this.sink.byte(op.brIf).u32(0);
    this.sink.byte(op.end);
    return this;
  }

  f64Load(base: Local, offset: number): this { return this.memory(base, offset, [op.f64Load]); }
  /** Stores the f64 on the stack; the address is pushed by `address` first. */
  f64Store(offset: number): this { this.sink.byte(op.f64Store).u32(align8).u32(offset); return this; }
  v128Load(base: Local, offset: number): this { return this.memory(base, offset, [op.simdPrefix, op.v128Load]); }
  v128Load64Splat(base: Local, offset: number): this { return this.memory(base, offset, [op.simdPrefix, op.v128Load64Splat]); }
  v128Load64Zero(base: Local, offset: number): this { return this.memory(base, offset, [op.simdPrefix, op.v128Load64Zero]); }
  v128Store(offset: number): this { this.simd(op.v128Store).u32(align8).u32(offset); return this; }
  v128Store64Lane0(offset: number): this { this.simd(op.v128Store64Lane).u32(align8).u32(offset).byte(0); return this; }

  f32Load(base: Local, offset: number): this { return this.memory(base, offset, [op.f32Load], align4); }
  /** Stores the f32 on the stack; the address is pushed by `address` first. */
  f32Store(offset: number): this { this.sink.byte(op.f32Store).u32(align4).u32(offset); return this; }
  v128Load32Splat(base: Local, offset: number): this { return this.memory(base, offset, [op.simdPrefix, op.v128Load32Splat], align4); }
  v128Load32Zero(base: Local, offset: number): this { return this.memory(base, offset, [op.simdPrefix, op.v128Load32Zero], align4); }
  v128Store32Lane0(offset: number): this { this.simd(op.v128Store32Lane).u32(align4).u32(offset).byte(0); return this; }
  f32x4Splat(): this { this.simd(op.f32x4Splat); return this; }
  f32x4Add(): this { this.simd(op.f32x4Add); return this; }
  f32x4Mul(): this { this.simd(op.f32x4Mul); return this; }
  f32x4ExtractLane(lane: number): this { this.simd(op.f32x4ExtractLane).byte(lane); return this; }
  f32x4ReplaceLane(lane: number): this { this.simd(op.f32x4ReplaceLane).byte(lane); return this; }

  /** Pushes the address for a following store: base (+ a negative offset folded in), returns the memarg offset. */
  address(base: Local, offset: number): number {
    this.get(base);
    if (offset >= 0) return offset;
    this.i32(offset).i32Add();
    return 0;
  }

  v128Zero(): this { this.simd(op.v128Const).append(new Array<number>(16).fill(0)); return this; }
  f64x2Splat(): this { this.simd(op.f64x2Splat); return this; }
  f64x2Add(): this { this.simd(op.f64x2Add); return this; }
  f64x2Mul(): this { this.simd(op.f64x2Mul); return this; }

  /** memory.fill(destination, value byte, length) with the three operands on the stack. */
  memoryFill(): this { this.sink.byte(op.bulkPrefix).u32(op.memoryFill).byte(0); return this; }

  /** The function body as the code section holds it: local declarations, instructions, end. */
  body(): ByteSink {
    const groups: { type: ValueType; count: number }[] = [];
    for (const type of this.localTypes) {
      const last = groups.at(-1);
      if (last?.type === type) last.count++;
      else groups.push({ type, count: 1 });
    }
    const out = new ByteSink();
    out.vector(groups, (s, g) => s.u32(g.count).byte(valueTypeCode[g.type]));
    return out.append(this.sink.toArray()).byte(op.end);
  }

  /** A SIMD instruction by its 0xFD sub-opcode; its immediates follow on the sink (simd-ops.ts names those only some kernels use). */
  simd(code: number): ByteSink {
    return this.sink.byte(op.simdPrefix).u32(code);
  }

  /** A load from base + offset: the offset goes in the memarg when it is not negative. */
  private memory(base: Local, offset: number, opcode: readonly number[], align = align8): this {
    const memarg = this.address(base, offset);
    const [first, second] = opcode;
    this.sink.byte(first!);
    if (second !== undefined) this.sink.u32(second);
    this.sink.u32(align).u32(memarg);
    return this;
  }
}

/** `extent` passes of `body`, each carried pointer advanced by its byte step after each pass. */
export function counted(code: WasmCode, extent: number, carried: readonly (readonly [Local, number])[], body: () => void): void {
  if (extent === 1) return body();
  const counter = code.local('i32');
  code.i32(0).set(counter).loop(() => {
    body();
    for (const [pointer, bytes] of carried) if (bytes !== 0) code.advance(pointer, pointer, bytes);
    code.get(counter).i32(1).i32Add().tee(counter).i32(extent).i32LtU();
  });
}
