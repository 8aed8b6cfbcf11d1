import { describe, expect, it } from 'vitest';
import { ByteSink, f64Bytes, signedLeb, unsignedLeb } from '../../compiler/6-emit-wasm/wasm-bytes.js';
import { WasmCode } from '../../compiler/6-emit-wasm/wasm-code.js';
import { kernelModule, simdProbeModule, toBase64 } from '../../compiler/6-emit-wasm/wasm-module.js';
import { fromBase64 } from '../../runtime/instantiate-wasm.js';

const hex = (bytes: readonly number[]): string => bytes.map((b) => b.toString(16).padStart(2, '0')).join(' ');

describe('LEB128', () => {
  it.each([
    [0, '00'], [1, '01'], [127, '7f'], [128, '80 01'], [255, 'ff 01'], [300, 'ac 02'], [16383, 'ff 7f'], [16384, '80 80 01'],
    [624485, 'e5 8e 26'], [2 ** 31 - 1, 'ff ff ff ff 07'], [2 ** 32 - 1, 'ff ff ff ff 0f'],
  ])('unsigned %d → %s', (n, bytes) => expect(hex(unsignedLeb(n))).toBe(bytes));

  it.each([
    [0, '00'], [1, '01'], [-1, '7f'], [63, '3f'], [64, 'c0 00'], [-64, '40'], [-65, 'bf 7f'], [127, 'ff 00'], [-128, '80 7f'],
    [-123456, 'c0 bb 78'], [2 ** 31 - 1, 'ff ff ff ff 07'], [-(2 ** 31), '80 80 80 80 78'],
  ])('signed %d → %s', (n, bytes) => expect(hex(signedLeb(n))).toBe(bytes));

  it('rejects values outside 32 bits and non-integers', () => {
    for (const n of [-1, 2 ** 32, 0.5, NaN]) expect(() => unsignedLeb(n)).toThrow(RangeError);
    for (const n of [2 ** 31, -(2 ** 31) - 1, 1.5, Infinity]) expect(() => signedLeb(n)).toThrow(RangeError);
  });

  it('round-trips through a decoder for many values', () => {
    const decodeSigned = (bytes: readonly number[]): number => {
      let result = 0;
      let shift = 0;
      for (const b of bytes) { result |= (b & 0x7f) << shift; shift += 7; if ((b & 0x80) === 0) return shift < 32 && (b & 0x40) ? result | (-1 << shift) : result; }
      throw new Error('unterminated');
    };
    for (let n = -70000; n <= 70000; n += 97) expect(decodeSigned(signedLeb(n))).toBe(n);
  });
});

describe('ByteSink', () => {
  it('writes f64 little-endian and sized vectors', () => {
    expect(hex(f64Bytes(1))).toBe('00 00 00 00 00 00 f0 3f');
    expect(hex(f64Bytes(-2.5))).toBe('00 00 00 00 00 00 04 c0');
    const inner = new ByteSink().vector([1, 2, 3], (s, x) => s.byte(x));
    expect(hex(new ByteSink().sized(inner).toArray())).toBe('04 03 01 02 03');
  });

  it('writes only fixed lowercase names, never arbitrary text', () => {
    expect(hex(new ByteSink().name('env').toArray())).toBe('03 65 6e 76');
    for (const bad of ['', 'Env', 'a b', 'x"', 'α', '__proto__']) expect(() => new ByteSink().name(bad)).toThrow(RangeError);
  });

  it('rejects non-bytes', () => {
    expect(() => new ByteSink().byte(256)).toThrow(RangeError);
    expect(() => new ByteSink().byte(-1)).toThrow(RangeError);
  });
});

describe('modules', () => {
  it('the SIMD probe is a valid module on this engine', () => {
    expect(WebAssembly.validate(simdProbeModule())).toBe(true);
  });

  it('an empty kernel starts with the magic and version and validates', () => {
    const bytes = kernelModule(new WasmCode(2), 2);
    expect(hex([...bytes.slice(0, 8)])).toBe('00 61 73 6d 01 00 00 00');
    expect(WebAssembly.validate(bytes)).toBe(true);
  });

  it('base64 round-trips module bytes', () => {
    const bytes = simdProbeModule();
    expect([...fromBase64(toBase64(bytes))]).toEqual([...bytes]);
    expect(toBase64(Uint8Array.of(0, 255, 128))).toBe('AP+A');
  });

  it('a corrupted module does not validate (the check is meaningful)', () => {
    const bytes = simdProbeModule();
    bytes[bytes.length - 1] = 0x00;
    expect(WebAssembly.validate(bytes)).toBe(false);
  });
});
