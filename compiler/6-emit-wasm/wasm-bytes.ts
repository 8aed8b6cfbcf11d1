/**
 * The byte-level encodings of the WebAssembly binary format: LEB128 integers, little-endian f64,
 * length-prefixed vectors and names. Everything a module contains is written through ByteSink.
 *   unsignedLeb(624485) → e5 8e 26;  signedLeb(-123456) → c0 bb 78
 */
export class ByteSink {
  private readonly bytes: number[] = [];

  byte(b: number): this {
    if (!Number.isInteger(b) || b < 0 || b > 255) throw new RangeError(`not a byte: ${b}`);
    this.bytes.push(b);
    return this;
  }

  append(bytes: readonly number[]): this {
    for (const b of bytes) this.byte(b);
    return this;
  }

  u32(n: number): this {
    writeUnsignedLeb(n, this.bytes);
    return this;
  }

  s32(n: number): this {
    writeSignedLeb(n, this.bytes);
    return this;
  }

  f64(x: number): this {
    return this.append(f64Bytes(x));
  }

  f32(x: number): this {
    return this.append(f32Bytes(x));
  }

  /** A fixed name from compiler vocabulary (lowercase ASCII): the only text a module holds. */
  name(text: string): this {
    if (!/^[a-z]+$/.test(text)) throw new RangeError(`not a module name: ${JSON.stringify(text)}`);
    this.u32(text.length);
    for (const ch of text) this.byte(ch.charCodeAt(0));
    return this;
  }

  /** A vector: its element count, then the elements. */
  vector<T>(items: readonly T[], write: (sink: this, item: T) => void): this {
    this.u32(items.length);
    for (const item of items) write(this, item);
    return this;
  }

  /** A section or a function body: its byte size, then its bytes. */
  sized(content: ByteSink): this {
    this.u32(content.length);
    for (const b of content.bytes) this.bytes.push(b);
    return this;
  }

  get length(): number {
    return this.bytes.length;
  }

  toArray(): number[] {
    return [...this.bytes];
  }
}

/** Unsigned LEB128 of an integer in [0, 2³²). */
export function unsignedLeb(n: number): number[] {
  const out: number[] = [];
  writeUnsignedLeb(n, out);
  return out;
}

/** Signed LEB128 of an integer in [−2³¹, 2³¹). */
export function signedLeb(n: number): number[] {
  const out: number[] = [];
  writeSignedLeb(n, out);
  return out;
}

function writeUnsignedLeb(n: number, out: number[]): void {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new RangeError(`not a u32: ${n}`);
  let rest = n;
  do {
    const low = rest % 128;
    rest = Math.floor(rest / 128);
    out.push(rest > 0 ? low | 0x80 : low);
  } while (rest > 0);
}

/** Seven bits at a time until the rest is all sign: 0 with bit 6 clear, or −1 with bit 6 set. */
function writeSignedLeb(n: number, out: number[]): void {
  if (!Number.isInteger(n) || n < -0x80000000 || n > 0x7fffffff) throw new RangeError(`not an i32: ${n}`);
  let rest = n;
  for (;;) {
    const low = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (low & 0x40) === 0) || (rest === -1 && (low & 0x40) !== 0);
    out.push(done ? low : low | 0x80);
    if (done) return;
  }
}

/** IEEE-754 binary64, little-endian, as f64.const expects. */
export function f64Bytes(x: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x, true);
  return Array.from(new Uint8Array(view.buffer));
}

/** The 4 little-endian bytes of x rounded to float32 (a compile-time constant, e.g. a scale). */
export function f32Bytes(x: number): number[] {
  const view = new DataView(new ArrayBuffer(4));
  view.setFloat32(0, x, true);
  return Array.from(new Uint8Array(view.buffer));
}
