/**
 * Run as a child process by test/runtime/threads.test.ts: a threaded plan runs a few times, leaving
 * its worker waiting at its door (worker-pool.ts), then the script ends without terminating the
 * pool. Prints what the pool did; the process must exit by itself (workers are unref'd, and a
 * worker blocked in `Atomics.wait` must not hold it).
 */
import { compileEinsum } from '../../src/compile.js';
import { workerThreads } from '../../src/threads.js';
import { createKernelCache } from '../../runtime/instantiate-kernel.js';

const cache = createKernelCache();
const ones = Array.from({ length: 96 }, () => Array<number>(96).fill(1));
const product = compileEinsum('ij,jk->ik', [[96, 96], [96, 96]], { backend: 'wasm', threads: workerThreads(2), lowering: { threadMinimum: 0 }, cache });
const pool = cache.wasm.workers(1)!;
await pool.ready();
let sum = 0;
for (let k = 0; k < 5; k++) sum += product.run(ones, ones).get(3, 4);
console.log(JSON.stringify({ sum, dispatched: pool.dispatched, posted: pool.posted }));
