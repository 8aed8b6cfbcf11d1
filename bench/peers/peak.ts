/**
 * The machine's measured SIMD peak for WebAssembly, in this process: a tiny kernel whose loop
 * updates `lanes`-wide accumulators acc = acc·m + c (one mul and one add per accumulator, 2 flops
 * per lane), with several independent accumulators so the chains overlap. The best accumulator
 * count is what a well-scheduled kernel can reach; GFLOP/s of a workload are quoted as a percent of it.
 */

export type SimdShape = 'f64x2' | 'f32x4';

export interface Peak {
  readonly shape: SimdShape;
  readonly gflops: number;
  readonly accumulators: number;
}

const accumulatorCounts = [4, 6, 8, 10, 12, 14];

export function measurePeak(shape: SimdShape, samples: number): Peak {
  let best: Peak = { shape, gflops: 0, accumulators: 0 };
  for (const accumulators of accumulatorCounts) {
    const run = instantiate(shape, accumulators);
    const flopsPerIteration = accumulators * (shape === 'f64x2' ? 2 : 4) * 2;
    let iterations = 1 << 16;
    while (time(run, iterations) < 20) iterations *= 2;
    const rates: number[] = [];
    for (let s = 0; s < samples; s++) rates.push((flopsPerIteration * iterations) / time(run, iterations) / 1e6);
    const gflops = Math.max(...rates);
    if (gflops > best.gflops) best = { shape, gflops, accumulators };
  }
  return best;
}

function time(run: (n: number) => number, iterations: number): number {
  const t = performance.now();
  const x = run(iterations);
  if (!Number.isFinite(x)) throw new Error(`peak kernel returned ${x}`);
  return performance.now() - t;
}

/** (func (export "peak") (param $n i32) (result f64) …): the loop above, then the accumulators summed. */
function instantiate(shape: SimdShape, accumulators: number): (n: number) => number {
  const [splat, mul, add, extract] = shape === 'f64x2'
    ? [[0xfd, 0x14], [0xfd, 0xf2, 0x01], [0xfd, 0xf0, 0x01], [0xfd, 0x21, 0x00]]
    : [[0xfd, 0x13], [0xfd, 0xe6, 0x01], [0xfd, 0xe4, 0x01], [0xfd, 0x1f, 0x00, 0xbb]]; // f32 lane → f64.promote
  const constant = (x: number): number[] => shape === 'f64x2' ? [0x44, ...f64Bytes(x)] : [0x43, ...f32Bytes(x)];
  const n = 0;
  const acc = (k: number): number => 1 + k;
  const m = 1 + accumulators;
  const address = 2 + accumulators;
  const body: number[] = [];
  const get = (l: number): void => { body.push(0x20, l); };
  const set = (l: number): void => { body.push(0x21, l); };
  for (let k = 0; k < accumulators; k++) { body.push(...constant(1 + k / 8), ...splat); set(acc(k)); }
  body.push(...constant(0.999_999), ...splat); set(m);
  body.push(0x41, 0x00); set(address);
  body.push(0x03, 0x40); // loop
  for (let k = 0; k < accumulators; k++) { get(acc(k)); get(address); body.push(0xfd, 0x00, 0x04, ...leb(16 * k)); get(m); body.push(...mul, ...add); set(acc(k)); }
  get(n); body.push(0x41, 0x01, 0x6b, 0x22, n, 0x0d, 0x00, 0x0b); // n -= 1; br_if n; end
  get(acc(0));
  for (let k = 1; k < accumulators; k++) { get(acc(k)); body.push(...add); }
  body.push(...extract, 0x0b);
  const locals = [0x02, accumulators + 1, 0x7b, 0x01, 0x7f]; // v128 accumulators and multiplier, one i32 address
  const code = [...locals, ...body];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x06, 0x01, 0x60, 0x01, 0x7f, 0x01, 0x7c, // type: (i32) -> f64
    0x03, 0x02, 0x01, 0x00, // function 0 has type 0
    0x05, 0x03, 0x01, 0x00, 0x01, // one page of (zeroed) memory to load from
    0x07, 0x08, 0x01, 0x04, 0x70, 0x65, 0x61, 0x6b, 0x00, 0x00, // export "peak"
    0x0a, ...leb(code.length + leb(code.length).length + 1), 0x01, ...leb(code.length), ...code,
  ];
  const instance = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(bytes)));
  return instance.exports.peak as (n: number) => number;
}

function leb(n: number): number[] {
  const out: number[] = [];
  let rest = n;
  while (rest >= 0x80) { out.push((rest & 0x7f) | 0x80); rest >>>= 7; }
  out.push(rest);
  return out;
}

const f64Bytes = (x: number): number[] => [...new Uint8Array(new Float64Array([x]).buffer)];
const f32Bytes = (x: number): number[] => [...new Uint8Array(new Float32Array([x]).buffer)];
