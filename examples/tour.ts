/**
 * The tour: `npm start`. The three questions in shared/seeds answered end to end — each stated,
 * derived by index rules, shown in matrix notation in both layouts and in the Kronecker view,
 * checked against finite differences, compiled and timed — then einsum and its contraction path.
 * Diagrams go to out/tour/ in the project (git-ignored); nothing is written anywhere else.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { toMatrixNotation, contractPath, einsum, grad, gradients, jacobian, toDiagram, toDifferential, toKronecker, type Derivative, type TensorLike } from 'ricci';

type Inputs = Record<string, TensorLike>;

const outFolder = resolve(import.meta.dirname, '..', 'out', 'tour');
const written: string[] = [];

const indent = (text: string, by = '   '): string => text.replace(/^/gm, by);
const heading = (title: string): void => console.log(`\n━━ ${title} ${'━'.repeat(Math.max(0, 90 - title.length))}`);
const wave = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => Math.round(100 * Math.sin(s + 1.7 * k)) / 100);
const grid = (rows: number, cols: number, s: number): number[][] => Array.from({ length: rows }, (_, r) => wave(cols, s + 3 * r));

/** The answer to one question about `d`, in every view the seeds argue about. */
function answer(d: Derivative, inputs: Inputs, options: { readonly file: string; readonly vectors?: 'row' | 'column' }): void {
  console.log(`\nindex rules give, always with the shape of ${d.wrt[0]!.name}:\n${indent(d.toString())}`);
  for (const layout of ['denominator', 'numerator'] as const)
    console.log(`matrix notation, ${layout} layout:\n${indent(toMatrixNotation(d, { layout, vectors: options.vectors ?? 'column' }).toString())}`);
  const differential = toDifferential(d);
  if (differential) console.log(`the differential (no trace trick):\n${indent(differential.toString())}`);
  time(d, inputs);
  verify(d, inputs);
  draw(d, options.file);
}

function verify(d: Derivative, inputs: Inputs): void {
  const check = d.check(inputs);
  console.log(`checked against central finite differences: max error ${check.maxError.toExponential(1)} → ${check.ok ? 'ok' : 'MISMATCH'}`);
  if (!check.ok) process.exitCode = 1;
}

/** Compile once for these shapes, then the median of 200 runs next to the reference evaluator (the oracle). */
function time(d: Derivative, inputs: Inputs): void {
  const shapes = Object.fromEntries(Object.entries(inputs).map(([name, v]) => [name, shapeOf(v)]));
  const started = performance.now();
  const compiled = d.compile(shapes);
  const compileMs = performance.now() - started;
  const median = (run: () => unknown): number => {
    for (let k = 0; k < 20; k++) run();
    const times = Array.from({ length: 200 }, () => { const t = performance.now(); run(); return performance.now() - t; });
    return times.sort((a, b) => a - b)[100]! * 1000;
  };
  const kernel = median(() => compiled.run(inputs));
  const reference = median(() => d.evaluateReference(inputs));
  console.log(`compiled in ${compileMs.toFixed(1)} ms to ${compiled.source.split('\n').length} lines of JavaScript; one evaluation ${kernel.toFixed(1)} µs (median of 200; the reference evaluator: ${reference.toFixed(1)} µs)`);
}

function draw(d: Derivative, file: string): void {
  mkdirSync(outFolder, { recursive: true });
  const steps = join(outFolder, `${file}-steps.svg`);
  const result = join(outFolder, `${file}-result.svg`);
  writeFileSync(steps, toDiagram(d, { steps: true }));
  writeFileSync(result, toDiagram(d));
  written.push(steps, result);
  console.log(`tensor-network diagrams: ${relative(process.cwd(), steps)} (one frame per step), ${relative(process.cwd(), result)}`);
}

function shapeOf(v: TensorLike): number[] {
  const shape: number[] = [];
  for (let a: unknown = v; Array.isArray(a); a = a[0]) shape.push(a.length);
  return shape;
}

console.log('ricci answers the three questions in shared/seeds by index rules (Ricci calculus), then shows the');
console.log('answer in the notations the questions are asked in. Every number below is computed on this run.');

heading('Question 1 (seed 000): "dE/dx2 and f′ are 1×2, so how can dE/dW1 be 2×2?"');
console.log('A net with row-vector activations, x2 = f(x1 W1), f = sigmoid, E = Σ (x2 − t)². In matrix notation the');
console.log('chain rule seems to multiply two 1×2 rows. In index notation the gradient carries W1\'s indices i, j by');
console.log('construction; ∂x2/∂W1 is a 3rd-order tensor, which the Kronecker view flattens the Magnus–Neudecker way.');
const seed0 = `x1: [2]
W1: [2, 2]
t: [2]
x2[j] = sigmoid(x1[i] W1[i,j])
E = sum[j]((x2[j] - t[j])^2)`;
console.log(`\n${indent(seed0)}`);
const seed0Inputs = { x1: [0.5, -1.2], W1: [[0.3, -0.7], [0.8, 0.1]], t: [1, 0] };
answer(grad(seed0, 'E', 'W1'), seed0Inputs, { file: 'seed-000-dE-dW1', vectors: 'row' });
const inner = jacobian(seed0, 'x2', 'W1');
console.log(`\nthe "vector by matrix" derivative the question gets stuck on is a tensor:\n${indent(inner.toString())}`);
console.log(`and in the Kronecker view (vec stacks columns or rows):\n${indent(toKronecker(inner, { vec: 'column' }).toString())}`);

heading('Question 2 (seed 001): "L = f·y, f = X·W + b; my chain rule gives dL/dW of shape (10, m), not (m, 10)"');
console.log('X is 1×m, W is m×10, b is 1×10, y is 10×1, written as the question writes them (m = 3 here).');
const seed1 = `X: [1, m]
W: [m, 10]
b: [1, 10]
y: [10, 1]
f[a,j] = X[a,i] W[i,j] + b[a,j]
L = f[a,j] y[j,a]`;
console.log(`\n${indent(seed1)}`);
const seed1Inputs = { X: grid(1, 3, 0), W: grid(3, 10, 1), b: grid(1, 10, 2), y: grid(10, 1, 3) };
answer(grad(seed1, 'L', 'W'), seed1Inputs, { file: 'seed-001-dL-dW' });
const df = jacobian(seed1, 'f', 'W');
console.log(`\n"∂f/∂W = X" is not right: it is the 3rd-order tensor\n${indent(df.toString())}`);
console.log(`whose Kronecker form is\n${indent(toKronecker(df, { vec: 'column' }).toString())}`);

heading('Question 3 (seed 002): "are there rules for ordering the chain-rule products and transposes?"');
console.log('A 2-layer net a(l) = tanh(W(l) a(l−1) + b(l)), C = ¼ Σ (a2 − y)². In index notation nothing needs ordering:');
console.log('each gradient is read off with the variable\'s own indices, the δ recursion appears as the shared factor');
console.log('(1 − a2²) ⊙ (a2 − y), and either layout is just a way to print the same tensor.');
const seed2 = `x: [3]
W1: [4, 3]
b1: [4]
W2: [2, 4]
b2: [2]
y: [2]
z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;
console.log(`\n${indent(seed2)}`);
const seed2Inputs = { x: wave(3, 0), y: wave(2, 1), W1: grid(4, 3, 2), b1: wave(4, 3), W2: grid(2, 4, 4), b2: wave(2, 5) };
console.log('\n── the last layer, ∂C/∂W2');
answer(grad(seed2, 'C', 'W2'), seed2Inputs, { file: 'seed-002-dC-dW2' });
console.log('\n── the first layer, ∂C/∂W1');
const dW1 = grad(seed2, 'C', 'W1');
answer(dW1, seed2Inputs, { file: 'seed-002-dC-dW1' });
console.log(`Kronecker view of the first layer's gradient:\n${indent(toKronecker(dW1, { vec: 'column' }).toString())}`);

console.log(`\n── the recursion itself, as ricci writes it: every parameter at once, in terms of the named adjoints δz2 = ∂C/∂z2, δz1 = ∂C/∂z1
   (gradients(seed2, 'C', ['W1', 'b1', 'W2', 'b2'], { adjoints: ['z2', 'z1'] }): the recursion first, then each gradient)`);
const backprop = gradients(seed2, 'C', ['W1', 'b1', 'W2', 'b2'], { adjoints: ['z2', 'z1'] });
for (const layout of ['denominator', 'numerator'] as const)
  console.log(indent(toMatrixNotation(backprop, { layout }).text.split('\n').map((line) => `${`${layout}:`.padEnd(13)}${line}`).join('\n')));
for (const d of [...Object.values(backprop.adjoints), ...Object.values(backprop.derivatives)]) {
  const check = d.check(seed2Inputs);
  if (!check.ok) process.exitCode = 1;
  console.log(indent(`${d.toString()}   (values with each δ put in, against finite differences: max error ${check.maxError.toExponential(1)} → ${check.ok ? 'ok' : 'MISMATCH'})`));
}
console.log(`The ordering rule: numerator layout chains Jacobians left to right (δz1ᵀ = (δz2ᵀ W2) ⊙ f′(z1)ᵀ), denominator layout
right to left (δz1 = (W2ᵀ δz2) ⊙ f′(z1)), because each is the transpose of the other and (AB)ᵀ = BᵀAᵀ.`);

heading('einsum, exactly as numpy, and the contraction order it chooses');
console.log(`einsum('ij,jk->ik', [[1,2],[3,4]], [[5,6],[7,8]]) = ${JSON.stringify(Array.from(einsum('ij,jk->ik', [[1, 2], [3, 4]], [[5, 6], [7, 8]]).data))}`);
console.log(indent(contractPath('ea,fb,abcd,gc,hd->efgh', [[10, 10], [10, 10], [10, 10, 10, 10], [10, 10], [10, 10]]).toString()));

heading('files written');
console.log(`${written.length} diagrams in ${relative(process.cwd(), outFolder) || '.'}/ (git-ignored; open them in a browser). More: npm run playground, examples/*.ts`);
