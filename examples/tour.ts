/**
 * The tour: `npm start`. einsum on real numbers, the contraction path it chooses, and the seed
 * question "what is ∂L/∂W?" answered by index rules, in every view.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ndarray from 'ndarray';
import { RicciError, compileEinsum, contractPath, einsum, emitModule, grad, hessian, jacobian } from '../src/index.js';

const heading = (title: string): void => console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 72 - title.length))}`);
const rows = (a: ndarray.NdArray<Float64Array>): string =>
  a.shape.length < 2 ? JSON.stringify(Array.from(a.data).map(round))
    : Array.from({ length: a.shape[0]! }, (_, i) => JSON.stringify(Array.from({ length: a.shape[1]! }, (_, j) => round(a.get(i, j))))).join('\n   ');
const round = (v: number): number => Math.round(v * 1e4) / 1e4;

heading('1. einsum, exactly as numpy');
const A = ndarray(Float64Array.of(1, 2, 3, 4, 5, 6), [2, 3]);
const B = ndarray(Float64Array.of(1, 0, 2, 1, 0, 3), [3, 2]);
console.log(`einsum('ij,jk->ik', A, B)     = ${rows(einsum('ij,jk->ik', A, B))}`);
console.log(`einsum('ii', [[1,2],[3,4]])   = ${einsum('ii', [[1, 2], [3, 4]]).get()}   (trace, a zero-copy diagonal view)`);
console.log(`einsum('ij->ji', A)           = ${rows(einsum('ij->ji', A))}`);
console.log(`einsum('...ij,...jk', X, Y)   batched over '...': shape [${einsum('...ij,...jk', [[[1, 2]], [[3, 4]]], [[5], [6]]).shape}]`);
console.log(`einsum('ij,ij->', Aᵀ, Aᵀ)     = ${einsum('ij,ij->', A.transpose(1, 0), A.transpose(1, 0)).get()}   (strided inputs read in place)`);
try {
  einsum('ij,jk->ik', A, A);
} catch (e) {
  if (!(e instanceof RicciError)) throw e;
  console.log(`\nbad input is a RicciError with a stable code and a caret:\n${e.message}`);
}

heading('2. the contraction order it chooses, explained');
console.log(contractPath('ea,fb,abcd,gc,hd->efgh', [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]]).toString());

heading('3. the seed question: ∂L/∂W for L = f[j] y[j], f[j] = x[i] W[i,j] + b[j]');
const layer = `x: [m]
W: [m, n]
b: [n]
y: [n]
f[j] = x[i] W[i,j] + b[j]
L = f[j] y[j]`;
console.log(layer);
const dW = grad(layer, 'L', 'W');
console.log(`\nindex rules give, with the shape of W and no trace trick:\n   ${dW.toString()}`);
console.log('\nthe derivation, rule by rule:');
console.log(dW.renderSteps().text.replace(/^/gm, '   '));
console.log(`\nthe differential view (no trace):\n${dW.toDifferential()!.toString().replace(/^/gm, '   ')}`);
console.log(`\nmatrix notation, denominator layout:\n   ${dW.toMatrix({ layout: 'denominator' }).toString().replace(/\n/g, '\n   ')}`);
console.log(`matrix notation, numerator layout:\n   ${dW.toMatrix({ layout: 'numerator' }).toString().replace(/\n/g, '\n   ')}`);
console.log(`LaTeX: ${dW.toLatex()}`);
const inputs = { x: [1, 2, 3], W: [[1, 0], [0, 1], [1, 1]], b: [0.5, -0.5], y: [2, -1] };
console.log(`\nevaluated at x = [1,2,3], y = [2,-1]:\n   ${rows(dW.evaluate(inputs))}`);
const check = dW.check(inputs);
console.log(`central finite differences agree: max error ${check.maxError.toExponential(2)} (${check.ok ? 'ok' : 'MISMATCH'})`);

heading('4. Jacobians and Hessians are tensors; Kronecker forms on request');
const axb = jacobian('A: [p, m]\nB: [n, q]\nX: [m, n]\nF[a,b] = A[a,i] X[i,j] B[j,b]', 'F', 'X');
console.log(axb.toString());
console.log(axb.toKronecker({ vec: 'column' }).toString().replace(/^/gm, '   '));
const quadratic = hessian('A: [n, n]\nf = x[i] A[i,j] x[j]', 'f', 'x');
console.log(`\n${quadratic.toString()}   (reads A only: the Hessian never touches x)`);
console.log(hessian('A: [n, n] symmetric\nf = x[i] A[i,j] x[j]', 'f', 'x').toString() + '   (A declared symmetric)');
console.log(jacobian('X: [n, n]\nY[i,j] = inv(X)[i,j]', 'Y', 'X').toString());
console.log(grad('X: [n, n]\nf = logdet(X)', 'f', 'X').toString());

heading('5. a diagram of the derivation');
const folder = mkdtempSync(join(tmpdir(), 'ricci-tour-'));
const file = join(folder, 'derivation.svg');
writeFileSync(file, dW.toDiagram({ steps: true }));
console.log(`tensor-network diagrams, one frame per step: ${file}`);

heading('6. generated kernels');
const n = 256;
const left = ndarray(Float64Array.from({ length: n * n }, (_, k) => Math.sin(k)), [n, n]);
const right = ndarray(Float64Array.from({ length: n * n }, (_, k) => Math.cos(k)), [n, n]);
const matmul = compileEinsum('ij,jk->ik', [[n, n], [n, n]]);
const seconds = (run: () => unknown): number => {
  run();
  const times = Array.from({ length: 5 }, () => { const t = performance.now(); run(); return (performance.now() - t) / 1000; });
  return times.sort((a, b) => a - b)[2]!;
};
const plainLoops = (): Float64Array => {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) {
    const a = left.data[i * n + j]!;
    for (let k = 0; k < n; k++) out[i * n + k]! += a * right.data[j * n + k]!;
  }
  return out;
};
const flops = 2 * n ** 3;
const compiled = seconds(() => matmul.run(left, right));
const plain = seconds(plainLoops);
console.log(`${n}×${n}×${n} matmul, median of 5: compiled (WebAssembly SIMD where it pays) ${(flops / compiled / 1e9).toFixed(2)} GFLOP/s, plain loops ${(flops / plain / 1e9).toFixed(2)} GFLOP/s (npm run bench compares tf.js, ndarray-gemm, numpy)`);
console.log(`its JavaScript fallback is ${matmul.source.split('\n').length} generated lines; emitModule() writes it as a standalone ES module (${emitModule('ij,jk->ik', [[n, n], [n, n]]).length} bytes) that needs no ricci at run time`);
