import type * as tfjs from '@tensorflow/tfjs';
import {
  plainBilinear, plainColumnSums, plainContractLeading, plainHadamard, plainHadamardChain, plainHadamardChainReduce, plainHadamardReduce, plainMatmul, plainMatmulTransposedB,
  plainMatmulTransposedC, plainMatVec, plainOuter, plainRowSums, plainTranspose, plainVecMat,
} from './peers/plain-loops.js';
import {
  opsBilinear, opsColumnSums, opsHadamard, opsHadamardChain, opsHadamardChainReduce, opsHadamardReduce, opsOuter, opsRowSums, opsTranspose,
} from './peers/ndarray-ops.js';

type Tensor = tfjs.Tensor;
type Tf = typeof tfjs;

/**
 * One row of the kernel bench: an einsum, its operand shapes, its flop count, and how each peer
 * that has no einsum of its own (or a better route than its einsum) computes the same thing.
 * onnxruntime-web and numpy's `np.einsum(optimize=True)` take the subscripts as they are.
 */
export interface Workload {
  readonly name: string;
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  /** Floating-point operations along a best path: 2 per multiply-add, 1 per lone add or multiply. */
  readonly flops: number;
  /** Only in the full run (too slow for --quick). */
  readonly fullOnly?: boolean;
  /** tf.js with core ops that both its cpu and wasm backends implement (the wasm backend has no Einsum kernel). */
  readonly tf?: (tf: Tf, t: Tensor[]) => Tensor;
  /** numpy written by hand (operands t[0], t[1], …) where it beats np.einsum or shows numpy's best. */
  readonly numpy?: string;
  readonly plain?: (d: Float64Array[]) => Float64Array;
  readonly ndarrayOps?: (d: Float64Array[]) => Float64Array;
  /** ndarray-gemm applies (a plain 2-D matmul). */
  readonly gemm?: boolean;
  /** Also time ricci writing into one reused `out` (f64 and f32): rows where the fresh result's first touch is a large share. */
  readonly out?: boolean;
  /** Also time ricci on operands resident in its plan's memory (f64 and f32), as tf.js's tensors are: memory-bound rows. */
  readonly resident?: boolean;
}

const matmul = (n: number, fullOnly = false): Workload => ({
  name: `matmul ${n}`, subscripts: 'ij,jk->ik', shapes: [[n, n], [n, n]], flops: 2 * n ** 3, fullOnly,
  tf: (tf, [a, b]) => tf.matMul(a!, b!), numpy: 't[0] @ t[1]', gemm: true, out: n >= 512,
  plain: n <= 512 ? ([a, b]) => plainMatmul(a!, b!, n, n, n) : undefined,
});

/** Contracts each of four n×n matrices into one axis of an n⁴ tensor: four (n × n)·(n × n³) products. */
const fiveOperands = (n: number): Workload => ({
  name: `5 operands ea,fb,abcd,gc,hd->efgh n=${n}`, subscripts: 'ea,fb,abcd,gc,hd->efgh',
  shapes: [[n, n], [n, n], [n, n, n, n], [n, n], [n, n]], flops: 4 * 2 * n ** 5,
  // out[rest, y] = Σ_x T[x, rest] M[y, x] four times: the contracted axis leaves the front, the new one lands last.
  tf: (tf, [e, f, t, g, h]) => [e!, f!, g!, h!].reduce((acc, m) => tf.matMul(acc.reshape([n, -1]), m, true, true), t!).reshape([n, n, n, n]),
  numpy: `__import__('functools').reduce(lambda a, m: a.reshape(${n}, -1).T @ m.T, [t[0], t[1], t[3], t[4]], t[2]).reshape(${n}, ${n}, ${n}, ${n})`,
  plain: ([e, f, t, g, h]) => [e!, f!, g!, h!].reduce((acc, m) => plainContractLeading(acc, m, n, n ** 3, n), t!),
  out: n >= 30,
});

const [b, h, q, d] = [4, 8, 256, 64];

export const workloads: readonly Workload[] = [
  matmul(128), matmul(256), matmul(512), matmul(1024), matmul(2048, true),
  {
    name: 'batched bij,bjk->bik 16×128³', subscripts: 'bij,bjk->bik', shapes: [[16, 128, 128], [16, 128, 128]], flops: 2 * 16 * 128 ** 3,
    tf: (tf, [x, y]) => tf.matMul(x!, y!), numpy: 't[0] @ t[1]', plain: ([x, y]) => plainMatmul(x!, y!, 128, 128, 128, 16), out: true,
  },
  {
    name: `attention bhqd,bhkd->bhqk (${b},${h},${q},${d})`, subscripts: 'bhqd,bhkd->bhqk', shapes: [[b, h, q, d], [b, h, q, d]],
    flops: 2 * b * h * q * q * d,
    tf: (tf, [x, y]) => tf.matMul(x!, y!, false, true), numpy: 't[0] @ t[1].swapaxes(-1, -2)', out: true,
    plain: ([x, y]) => plainMatmulTransposedB(x!, y!, q, d, q, b * h),
  },
  {
    name: `attention bhqk,bhkd->bhqd (${b},${h},${q},${d})`, subscripts: 'bhqk,bhkd->bhqd', shapes: [[b, h, q, q], [b, h, q, d]],
    flops: 2 * b * h * q * q * d,
    tf: (tf, [x, y]) => tf.matMul(x!, y!), numpy: 't[0] @ t[1]', plain: ([x, y]) => plainMatmul(x!, y!, q, q, d, b * h), out: true,
  },
  ...[256, 512].map((n): Workload => ({
    name: `transposed ij,jk->ki ${n}`, subscripts: 'ij,jk->ki', shapes: [[n, n], [n, n]], flops: 2 * n ** 3,
    tf: (tf, [x, y]) => tf.matMul(y!, x!, true, true), numpy: '(t[0] @ t[1]).T.copy()',
    plain: ([x, y]) => plainMatmulTransposedC(x!, y!, n, n, n),
  })),
  {
    name: 'abcd,cdef->abef 16⁶', subscripts: 'abcd,cdef->abef', shapes: [[16, 16, 16, 16], [16, 16, 16, 16]], flops: 2 * 16 ** 6,
    tf: (tf, [x, y]) => tf.matMul(x!.reshape([256, 256]), y!.reshape([256, 256])).reshape([16, 16, 16, 16]),
    numpy: '(t[0].reshape(256, 256) @ t[1].reshape(256, 256)).reshape(16, 16, 16, 16)',
    plain: ([x, y]) => plainMatmul(x!, y!, 256, 256, 256),
  },
  {
    name: 'MPS chain ab,bcd,de->ace χ=64', subscripts: 'ab,bcd,de->ace', shapes: [[64, 64], [64, 64, 64], [64, 64]], flops: 2 * 2 * 64 ** 4,
    tf: (tf, [x, y, z]) => tf.matMul(tf.matMul(x!, y!.reshape([64, 64 * 64])).reshape([64 * 64, 64]), z!).reshape([64, 64, 64]),
    numpy: '((t[0] @ t[1].reshape(64, 4096)).reshape(4096, 64) @ t[2]).reshape(64, 64, 64)',
    plain: ([x, y, z]) => plainMatmul(plainMatmul(x!, y!, 64, 64, 4096), z!, 4096, 64, 64), out: true,
  },
  fiveOperands(10),
  fiveOperands(30),
  {
    name: 'hadamard-reduce ij,ij->i 1024²', subscripts: 'ij,ij->i', shapes: [[1024, 1024], [1024, 1024]], flops: 2 * 1024 ** 2, resident: true,
    tf: (tf, [x, y]) => tf.sum(tf.mul(x!, y!), 1), numpy: '(t[0] * t[1]).sum(axis=1)',
    plain: ([x, y]) => plainHadamardReduce(x!, y!, 1024, 1024), ndarrayOps: ([x, y]) => opsHadamardReduce(x!, y!, 1024, 1024),
  },
  {
    name: 'reduce ij->j 2048²', subscripts: 'ij->j', shapes: [[2048, 2048]], flops: 2048 ** 2, resident: true,
    tf: (tf, [x]) => tf.sum(x!, 0), numpy: 't[0].sum(axis=0)',
    plain: ([x]) => plainColumnSums(x!, 2048, 2048), ndarrayOps: ([x]) => opsColumnSums(x!, 2048, 2048),
  },
  {
    name: 'reduce ij->i 2048²', subscripts: 'ij->i', shapes: [[2048, 2048]], flops: 2048 ** 2, resident: true,
    tf: (tf, [x]) => tf.sum(x!, 1), numpy: 't[0].sum(axis=1)',
    plain: ([x]) => plainRowSums(x!, 2048, 2048), ndarrayOps: ([x]) => opsRowSums(x!, 2048, 2048),
  },
  {
    name: 'mat-vec ij,j->i 2048', subscripts: 'ij,j->i', shapes: [[2048, 2048], [2048]], flops: 2 * 2048 ** 2, resident: true,
    tf: (tf, [a, x]) => tf.matMul(a!, x!.reshape([2048, 1])).reshape([2048]), numpy: 't[0] @ t[1]', out: true,
    plain: ([a, x]) => plainMatVec(a!, x!, 2048, 2048),
  },
  {
    name: 'vec-mat i,ij->j 2048', subscripts: 'i,ij->j', shapes: [[2048], [2048, 2048]], flops: 2 * 2048 ** 2, resident: true,
    tf: (tf, [x, a]) => tf.matMul(x!.reshape([1, 2048]), a!).reshape([2048]), numpy: 't[0] @ t[1]', out: true,
    plain: ([x, a]) => plainVecMat(x!, a!, 2048, 2048),
  },
  {
    name: 'hadamard ij,ij->ij 1024²', subscripts: 'ij,ij->ij', shapes: [[1024, 1024], [1024, 1024]], flops: 1024 ** 2, resident: true,
    tf: (tf, [x, y]) => tf.mul(x!, y!), numpy: 't[0] * t[1]', out: true,
    plain: ([x, y]) => plainHadamard(x!, y!), ndarrayOps: ([x, y]) => opsHadamard(x!, y!, 1024, 1024),
  },
  // chains of memory-bound steps: ricci fuses each into one pass (4-contraction-order/fuse-steps.ts)
  {
    name: 'hadamard chain ij,ij,ij->ij 1024²', subscripts: 'ij,ij,ij->ij', shapes: [[1024, 1024], [1024, 1024], [1024, 1024]], flops: 2 * 1024 ** 2,
    resident: true, out: true,
    tf: (tf, [x, y, z]) => tf.mul(tf.mul(x!, y!), z!), numpy: 't[0] * t[1] * t[2]',
    plain: ([x, y, z]) => plainHadamardChain(x!, y!, z!), ndarrayOps: ([x, y, z]) => opsHadamardChain(x!, y!, z!, 1024, 1024),
  },
  {
    name: 'hadamard-reduce chain ij,ij,ij->i 1024²', subscripts: 'ij,ij,ij->i', shapes: [[1024, 1024], [1024, 1024], [1024, 1024]], flops: 3 * 1024 ** 2,
    resident: true,
    tf: (tf, [x, y, z]) => tf.sum(tf.mul(tf.mul(x!, y!), z!), 1), numpy: '(t[0] * t[1] * t[2]).sum(axis=1)',
    plain: ([x, y, z]) => plainHadamardChainReduce(x!, y!, z!, 1024, 1024), ndarrayOps: ([x, y, z]) => opsHadamardChainReduce(x!, y!, z!, 1024, 1024),
  },
  {
    name: 'transpose ij->ji 2048²', subscripts: 'ij->ji', shapes: [[2048, 2048]], flops: 0, resident: true,
    tf: (tf, [x]) => tf.transpose(x!), numpy: 't[0].T.copy()',
    plain: ([x]) => plainTranspose(x!, 2048, 2048), ndarrayOps: ([x]) => opsTranspose(x!, 2048, 2048),
  },
  {
    name: 'bilinear i,ij,j-> 2048', subscripts: 'i,ij,j->', shapes: [[2048], [2048, 2048], [2048]], flops: 2 * 2048 ** 2 + 2 * 2048, resident: true,
    tf: (tf, [x, a, y]) => tf.sum(tf.mul(x!, tf.matMul(a!, y!.reshape([2048, 1])).reshape([2048]))), numpy: 't[0] @ (t[1] @ t[2])',
    plain: ([x, a, y]) => plainBilinear(x!, a!, y!), ndarrayOps: ([x, a, y]) => opsBilinear(x!, a!, y!),
  },
  {
    name: 'outer i,j->ij 1024²', subscripts: 'i,j->ij', shapes: [[1024], [1024]], flops: 1024 ** 2, resident: true,
    tf: (tf, [x, y]) => tf.mul(x!.reshape([1024, 1]), y!.reshape([1, 1024])), numpy: 'np.outer(t[0], t[1])', out: true,
    plain: ([x, y]) => plainOuter(x!, y!), ndarrayOps: ([x, y]) => opsOuter(x!, y!),
  },
  {
    name: 'small matmul 8×8', subscripts: 'ij,jk->ik', shapes: [[8, 8], [8, 8]], flops: 2 * 8 ** 3,
    tf: (tf, [x, y]) => tf.matMul(x!, y!), numpy: 't[0] @ t[1]', gemm: true, plain: ([x, y]) => plainMatmul(x!, y!, 8, 8, 8),
  },
  {
    name: 'small ij,j->i 16×16', subscripts: 'ij,j->i', shapes: [[16, 16], [16]], flops: 2 * 16 * 16,
    tf: (tf, [x, y]) => tf.matMul(x!, y!.reshape([16, 1])).reshape([16]), numpy: 't[0] @ t[1]',
    plain: ([x, y]) => plainMatmul(x!, y!, 16, 16, 1),
  },
];
