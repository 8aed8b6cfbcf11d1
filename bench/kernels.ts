import { createRequire } from 'node:module';
import ndarray from 'ndarray';
import { resolveEinsum } from '../compiler/2-network/resolve-einsum.js';
import { createGraph } from '../compiler/2-network/graph.js';
import { evaluateOne } from '../compiler/2-network/evaluate-network.js';
import { createKernelCache } from '../runtime/instantiate-kernel.js';
import type { DenseArray, StridedArray } from '../runtime/strided-array.js';
import { compileEinsum } from '../src/compile.js';
import { createRandom, randomArray } from '../test/support/random.js';
import { medianMs } from './peers/measure.js';
import { timeNumpy, type NumpyTiming } from './peers/numpy.js';
import { plainBatchedMatmul, plainHadamardReduce, plainMatmul } from './peers/plain-loops.js';
import { tf, tfRun, tfTensor, useTfCpu } from './peers/tfjs.js';

type Gemm = (c: unknown, a: unknown, b: unknown) => void;
const gemm = createRequire(import.meta.url)('ndarray-gemm') as Gemm;

/** One row group of the table: our compiled einsum and every peer that can run the same thing. */
interface KernelCase {
  readonly name: string;
  readonly subscripts: string;
  readonly shapes: number[][];
  readonly reps: number;
  /** Floating-point operations of the contraction (2 per multiply-add), when meaningful. */
  readonly flops?: number;
  readonly peers: (ops: DenseArray[]) => Record<string, () => unknown>;
}

const matmulPeers = (withPlain: boolean, withReference: boolean) => (ops: DenseArray[]): Record<string, () => unknown> => {
  const [a, b] = ops as [DenseArray, DenseArray];
  const [ta, tb] = [tfTensor(a), tfTensor(b)];
  const [na, nb] = [ndarray(a.data, [...a.shape]), ndarray(b.data, [...b.shape])];
  const nc = ndarray(new Float64Array(a.shape[0]! * b.shape[1]!), [a.shape[0]!, b.shape[1]!]);
  return {
    'tf.matMul (f32)': tfRun(() => tf.matMul(ta, tb)),
    'ndarray-gemm': () => gemm(nc, na, nb),
    ...(withPlain ? { 'plain loops': () => plainMatmul(a, b) } : {}),
    ...(withReference ? { 'reference evaluator': () => reference('ij,jk->ik', ops) } : {}),
  };
};

function reference(subscripts: string, ops: readonly StridedArray[]): DenseArray {
  const spec = resolveEinsum(subscripts, ops.map((o) => o.shape));
  const g = createGraph();
  const node = g.contract(spec.inputs.map((indices, k) => ({ node: g.input(`t${k}`, ops[k]!.shape), indices })), spec.output);
  return evaluateOne(node, Object.fromEntries(ops.map((o, k) => [`t${k}`, o])));
}

const matmul = (n: number, reps: number): KernelCase => ({
  name: `matmul ${n}`, subscripts: 'ij,jk->ik', shapes: [[n, n], [n, n]], reps, flops: 2 * n ** 3,
  peers: matmulPeers(n <= 512, n <= 128),
});

const cases: KernelCase[] = [
  matmul(128, 9), matmul(256, 7), matmul(512, 5), matmul(1024, 2),
  {
    name: 'batched bij,bjk->bik 16×128³', subscripts: 'bij,bjk->bik', shapes: [[16, 128, 128], [16, 128, 128]], reps: 5, flops: 2 * 16 * 128 ** 3,
    peers: ([a, b]) => {
      const [ta, tb] = [tfTensor(a!), tfTensor(b!)];
      return { 'tf.matMul (f32)': tfRun(() => tf.matMul(ta, tb)), 'tf.einsum (f32)': tfRun(() => tf.einsum('bij,bjk->bik', ta, tb)), 'plain loops': () => plainBatchedMatmul(a!, b!) };
    },
  },
  {
    name: 'transposed ij,jk->ki 256³', subscripts: 'ij,jk->ki', shapes: [[256, 256], [256, 256]], reps: 7, flops: 2 * 256 ** 3,
    peers: ([a, b]) => {
      const [ta, tb] = [tfTensor(a!), tfTensor(b!)];
      return { 'tf.matMul+transpose (f32)': tfRun(() => tf.transpose(tf.matMul(ta, tb))), 'tf.einsum (f32)': tfRun(() => tf.einsum('ij,jk->ki', ta, tb)) };
    },
  },
  {
    name: 'abcd,cdef->abef 16⁶', subscripts: 'abcd,cdef->abef', shapes: [[16, 16, 16, 16], [16, 16, 16, 16]], reps: 5, flops: 2 * 16 ** 6,
    peers: ([a, b]) => {
      const [ta, tb] = [tfTensor(a!), tfTensor(b!)];
      return { 'tf.matMul on reshapes (f32)': tfRun(() => tf.matMul(ta.reshape([256, 256]), tb.reshape([256, 256])).reshape([16, 16, 16, 16])) };
    },
  },
  {
    name: '5 operands ea,fb,abcd,gc,hd->efgh n=10', subscripts: 'ea,fb,abcd,gc,hd->efgh',
    shapes: [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]], reps: 9,
    flops: 4 * 2 * 10 * 10 * 1000, // along the optimized path: four (10×10)·(10×1000) products
    peers: () => ({}),
  },
  {
    name: 'hadamard-reduce ij,ij->i 1024²', subscripts: 'ij,ij->i', shapes: [[1024, 1024], [1024, 1024]], reps: 9, flops: 2 * 1024 ** 2,
    peers: ([a, b]) => {
      const [ta, tb] = [tfTensor(a!), tfTensor(b!)];
      return { 'tf.sum(tf.mul) (f32)': tfRun(() => tf.sum(tf.mul(ta, tb), 1)), 'tf.einsum (f32)': tfRun(() => tf.einsum('ij,ij->i', ta, tb)), 'plain loops': () => plainHadamardReduce(a!, b!) };
    },
  },
  { name: 'small matmul 8×8', subscripts: 'ij,jk->ik', shapes: [[8, 8], [8, 8]], reps: 9, flops: 2 * 8 ** 3, peers: matmulPeers(true, true) },
  { name: 'small ij,j->i 16×16', subscripts: 'ij,j->i', shapes: [[16, 16], [16]], reps: 9, flops: 2 * 16 * 16, peers: () => ({}) },
];

interface Row { readonly impl: string; readonly ms: number }

/** Our two backends first (JS, then WebAssembly SIMD; '*' marks the one backend 'auto' picks), then the peers. */
function measureCase(c: KernelCase, numpy: NumpyTiming | undefined): Row[] {
  const random = createRandom(1);
  const ops = c.shapes.map((s) => randomArray(s, random));
  const js = compileEinsum(c.subscripts, c.shapes, { backend: 'js' });
  const wasm = compileEinsum(c.subscripts, c.shapes, { backend: 'wasm' });
  const auto = compileEinsum(c.subscripts, c.shapes).plan.kernels.some((k) => k.wasm) ? 'wasm' : 'js';
  const time = (f: () => unknown): number => medianMs(c.reps, f);
  const rows: Row[] = [
    { impl: `ricci js (f64)${auto === 'js' ? ' *' : ''}`, ms: time(() => js.run(...ops)) },
    { impl: `ricci wasm (f64)${auto === 'wasm' ? ' *' : ''}`, ms: time(() => wasm.run(...ops)) },
  ];
  for (const [impl, run] of Object.entries(c.peers(ops))) rows.push({ impl, ms: time(run) });
  if (numpy) rows.push({ impl: 'numpy optimize=False', ms: numpy.naive * 1e3 }, { impl: 'numpy optimize=True', ms: numpy.optimized * 1e3 });
  return rows;
}

function printTable(c: KernelCase, rows: readonly Row[]): void {
  const [js, wasm] = [rows[0]!.ms, rows[1]!.ms];
  for (const [k, r] of rows.entries()) {
    const gflops = c.flops === undefined ? '—' : (c.flops / r.ms / 1e6).toFixed(2);
    const ratio = (ours: number): string => `${(r.ms / ours).toFixed(2)}×`;
    console.log(`${(k === 0 ? c.name : '').padEnd(40)} ${r.impl.padEnd(28)} ${r.ms.toFixed(4).padStart(11)} ${gflops.padStart(8)} ${(k === 0 ? '' : ratio(js)).padStart(8)} ${(k === 1 ? '' : ratio(wasm)).padStart(8)}`);
  }
}

/** Compile latency (parse → path → lower → emit → instantiate, fresh cache) and cache-hit call cost. */
function measureOverheads(): void {
  const expressions: [string, number[][]][] = [
    ['ea,fb,abcd,gc,hd->efgh', [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]]],
    ['ab,bc,cd,de,ef,fg->ag', [[8, 9], [9, 10], [10, 11], [11, 12], [12, 13], [13, 14]]],
    ['ij,jk->ik', [[512, 512], [512, 512]]],
  ];
  for (const [subscripts, shapes] of expressions) {
    const ms = medianMs(21, () => compileEinsum(subscripts, shapes, { cache: createKernelCache() }));
    console.log(`compile latency ${subscripts.padEnd(28)} ${ms.toFixed(3)} ms (target < 5 ms)`);
  }
  const tiny = compileEinsum('i,i->', [[1], [1]]);
  const x = randomArray([1], createRandom(2));
  const us = medianMs(9, () => tiny.run(x, x)) * 1e3;
  console.log(`cache-hit call of a compiled 1-element contraction: ${us.toFixed(2)} µs per call (target < 20 µs)`);
}

export async function benchKernels(): Promise<void> {
  await useTfCpu();
  const numpy = timeNumpy(cases.map((c) => ({ subscripts: c.subscripts, shapes: c.shapes, reps: c.reps })));
  console.log(`${'case'.padEnd(40)} ${'implementation'.padEnd(28)} ${'ms/call'.padStart(11)} ${'GFLOP/s'.padStart(8)} ${'js ×'.padStart(8)} ${'wasm ×'.padStart(8)}`);
  cases.forEach((c, k) => printTable(c, measureCase(c, numpy[k])));
  console.log('(js × / wasm × = row time / ricci time with that backend: how many times faster ricci is; * = what backend \'auto\' runs; numpy timed inside python per call)');
  measureOverheads();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchKernels();
