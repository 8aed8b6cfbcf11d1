/**
 * Resource-exhaustion inputs of the kinds issue 13 lists, at sizes and shapes other than the issue's
 * own: each case returns a value the test checks, or throws a RicciError whose code it checks. Run
 * in a child process with a fixed heap (held-back.test.ts), one JSON line per case.
 */
import ndarray from 'ndarray';
import { compileEinsum, emitModule } from '../../src/compile.js';
import { contractPath } from '../../src/contract-path.js';
import { defaultOptimizers, type ContractionProblem } from '../../compiler/driver/index.js';
import { derivative, grad, hessian, jacobian } from '../../src/derive.js';
import { einsum } from '../../src/einsum.js';
import { evaluate } from '../../src/evaluate.js';
import { toDiagram } from '../../src/checked.js';
import { fromMatrixNotation } from '../../compiler/1-parse/matrix-input.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';

export interface Outcome {
  readonly name: string;
  /** 'value' with what the case returned (a number or string to compare), or the error's code. */
  readonly kind: 'value' | 'error' | 'crash';
  readonly value: unknown;
  readonly ms: number;
  /** CPU time of this process during the case (user + system): what a loaded machine does not inflate. */
  readonly cpuMs: number;
  readonly heapMb: number;
  /** Typed-array memory (outside the heap limit) after the case. */
  readonly arrayBuffersMb: number;
}

const letters = 'bcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const zeroStride = (shape: number[]) => ndarray(new Float64Array(1).fill(1), shape, shape.map(() => 0));
const ones = (n: number): number[] => Array<number>(n).fill(1);

/** `ab,ac,ad,…->a` with n operands: one label shared by all (a hyperedge). */
function hub(n: number): string {
  return `${Array.from({ length: n }, (_, k) => `a${letters[k]}`).join(',')}->a`;
}

/** A dense random network: n operands, each pair sharing a label of size 2 with probability p (seeded). */
function dense(n: number, p: number, seed: number): ContractionProblem {
  let s = seed;
  const random = (): number => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31; };
  const inputs: string[][] = Array.from({ length: n }, () => []);
  const sizes = new Map<string, number>();
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (random() < p) {
    const label = `e${sizes.size}`;
    sizes.set(label, 2);
    inputs[a]!.push(label);
    inputs[b]!.push(label);
  }
  return { inputs, output: [], sizes };
}

/** The dense network as einsum subscripts (it must need at most 52 labels) and zero-stride operands of its shapes. */
function denseEinsum(problem: ContractionProblem): number {
  const labels = [...problem.sizes.keys()];
  if (labels.length > 52) throw new Error(`the dense network needs ${labels.length} labels`);
  const letter = (l: string): string => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'[labels.indexOf(l)]!;
  const subscripts = `${problem.inputs.map((input) => input.map(letter).join('')).join(',')}->`;
  return einsum(subscripts, ...problem.inputs.map((input) => zeroStride(input.map(() => 2)))).get();
}

/** A path for `problem` from a built-in optimizer: its length, a path of n − 1 steps joining n operands. */
function pathLength(problem: ContractionProblem, optimize: string, options: Record<string, number> = {}): number {
  const found = defaultOptimizers.get(optimize)!(problem, options);
  return ('path' in found ? found.path : found).length;
}

function composition(depth: number, fns: readonly string[]): string {
  let e = 'x[i]';
  for (let k = 0; k < depth; k++) e = `${fns[k % fns.length]}(${e})`;
  return `x: [3]\nL = sum[i](${e})`;
}

/** The cases: a name and a thunk whose return value the test compares. */
export const cases: readonly (readonly [string, () => unknown])[] = [
  // many operands sharing labels, 18–40 of them
  ['hub einsum 18 operands', () => einsum(hub(18), ...Array.from({ length: 18 }, () => ndarray(new Float64Array(6).fill(1), [2, 3]))).get(0)],
  ['hub contractPath 27 operands', () => contractPath(hub(27), Array.from({ length: 27 }, () => [4, 5])).path.length],
  ['hub contractPath 40 operands', () => contractPath(hub(40), Array.from({ length: 40 }, () => [3, 2])).path.length],
  ['two hubs einsum 24 operands', () => einsum(`${Array.from({ length: 12 }, (_, k) => `a${letters[k]}`).join(',')},${Array.from({ length: 12 }, (_, k) => `${letters[k]}Z`).join(',')}->aZ`,
    ...Array.from({ length: 24 }, () => ndarray(new Float64Array(4).fill(1), [2, 2]))).get(0, 0)],
  // dense networks of 20–60 operands
  ['dense auto 22 operands', () => pathLength(dense(22, 0.5, 3), 'auto')],
  ['dense auto 45 operands', () => pathLength(dense(45, 0.3, 5), 'auto')],
  ['dense optimal 60 operands', () => pathLength(dense(60, 0.2, 9), 'optimal')],
  ['dense dp 33 operands', () => pathLength(dense(33, 0.4, 4), 'dp')],
  ['dense einsum 20 operands', () => denseEinsum(dense(20, 0.22, 11)) === 2 ** dense(20, 0.22, 11).sizes.size],
  // long products and deep compositions under grad and hessian
  ['grad of 64 copies of y[i]', () => Array.from(grad(`y: [2]\nL = ${Array(64).fill('y[i]').join(' ')}`, 'L', 'y').evaluate({ y: [1, 1] }).data).join(',')],
  ['grad of y[i0] … y[i23]', () => Array.from(grad(`y: [2]\nL = ${Array.from({ length: 24 }, (_, k) => `y[i${k}]`).join(' ')}`, 'L', 'y').evaluate({ y: [0.5, 0.5] }).data).join(',')],
  ['hessian of a 26-deep cos/sigmoid composition, checked', () => hessian(composition(26, ['cos', 'sigmoid']), 'L', 'x').check({ x: [0.3, -0.2, 0.7] }).ok],
  ['hessian of a 26-deep composition, compiled', () => hessian(composition(26, ['cos', 'sigmoid']), 'L', 'x').compile({ x: [3] }).source.length < 50_000],
  ['grad of a 12-deep composition of a product', () => grad(`x: [3]\nA: [3, 3]\nL = sum[i](${composition(12, ['tanh', 'exp']).split('sum[i](')[1]!.replace('x[i]', 'A[i,j] x[j]')}`, 'L', 'x')
    .check({ x: [0.1, 0.2, -0.1], A: [[0.2, 0.1, 0], [0, 0.3, 0.1], [0.1, 0, 0.2]] }).ok],
  ['grad of an 8,000-term Ricci sum', () => grad(`x: [3]\nL = ${Array.from({ length: 8000 }, (_, k) => `${(k % 7) + 1} x[i] x[i]`).join(' + ')}`, 'L', 'x').evaluate({ x: [1, 2, 3] }).data.join(',')],
  ['evaluate an 8,000-term Ricci sum', () => evaluate(`x: [3]\nL = ${Array.from({ length: 8000 }, (_, k) => `${(k % 5) + 1} x[i]`).join(' - ')}`, { x: [1, 2, 3] }).L!.get()],
  // deep nesting and long chains in every parser
  ['Ricci: 4,000 nested parentheses', () => evaluate(`L = ${'('.repeat(4000)}x[i]${')'.repeat(4000)}`, { x: [1] })],
  ['Ricci: 3,000 nested calls', () => evaluate(`L = ${'exp('.repeat(3000)}x[i]${')'.repeat(3000)}`, { x: [1] })],
  ['matrix: 3,000 nested parentheses', () => fromMatrixNotation(`${'('.repeat(3000)}A${')'.repeat(3000)}`, { A: [2, 2] })],
  ['matrix: 7,000-term sum, evaluated', () => evaluate(fromMatrixNotation(Array(7000).fill('A').join(' - '), { A: [2, 2] }).source, { A: [[1, 2], [3, 4]] }).f!.data.join(',')],
  ['matrix: 6,000-matrix product translates', () => fromMatrixNotation(Array(6000).fill('B').join('*'), { B: [2, 2] }).source.length > 6000 * 6],
  ['matrix: 30,001 transposes', () => fromMatrixNotation(`x${"'".repeat(30001)}*x`, { x: [3, 1] }).shape.rows],
  ['einsum: 3,000 parentheses', () => einsum(`${'('.repeat(3000)}i->`, [1, 2])],
  ['einsum: 100 operands on one label', () => einsum(Array(100).fill('i').join(',') + '->i', ...Array.from({ length: 100 }, () => [1, 1])).data.join(',')],
  // huge shapes in each entry point
  ['einsum: 3e5 × 3e5 outer product', () => einsum('i,j->ij', zeroStride([3e5]), zeroStride([3e5]))],
  ['einsum: 2^50 summed over', () => einsum('ij->', zeroStride([2 ** 25, 2 ** 25]))],
  ['compileEinsum: 1e6 × 1e6 transpose', () => compileEinsum('ij->ji', [[1e6, 1e6]])],
  ['emitModule: 7e4 × 7e4 product', () => emitModule('ij,jk->ik', [[7e4, 3], [3, 7e4]])],
  ['evaluate: 5e4 × 5e4 definition', () => evaluate('C[i,j] = a[i] b[j]', { a: zeroStride([5e4]), b: zeroStride([5e4]) })],
  ['Derivative.evaluate: a 3e4 × 3e4 Jacobian', () => jacobian('y[i] = W[i,j] x[j]', 'y', 'x').evaluate({ W: zeroStride([3e4, 3e4]), x: zeroStride([3e4]) })],
  ['Derivative.compile: a 3e4 × 3e4 × 3e4 Jacobian', () => jacobian('y[i] = W[i,j] x[j]', 'y', 'W').compile({ W: [3e4, 3e4], x: [3e4] })],
  ['evaluate: a 40-matrix chain through the reference evaluator', () => evaluate(`A: [2, 2]\nf[i,j] = ${Array.from({ length: 40 }, (_, k) => `A[k${k},k${k + 1}]`).join(' ').replace('k0', 'i').replace('k40]', 'j]')}`, { A: [[1, 0], [0, 1]] })],
  // long-running option values
  ['contractPath trials 1e9 on 30 operands', () => contractPath(hub(30), Array.from({ length: 30 }, () => [3, 4]), { optimize: 'random-greedy', trials: 1e9 }).path.length],
  ['optimal with budget 1e15 and a 2 s time limit on a dense 40', () => pathLength(dense(40, 0.3, 2), 'optimal', { budget: 1e15, timeLimit: 2000 })],
  ['contractPath trials 5e4 on 30 operands', () => contractPath(hub(30), Array.from({ length: 30 }, () => [3, 4]), { optimize: 'random-greedy', trials: 5e4 }).path.length],
  ['contractPath trials Infinity', () => contractPath(hub(10), Array.from({ length: 10 }, () => [2, 2]), { trials: Infinity })],
  ['einsum limits maxWork 1e3 on a 1e5 sum', () => einsum('i->', zeroStride([1e5]), { limits: { maxWork: 1e3 } })],
  ['toDiagram steps of a third derivative', () => {
    const d = derivative('x: [3]\nA: [3, 3]\nh[i] = tanh(A[i,j] x[j])\ng[i] = sin(A[i,j] h[j])\nL = sum[i](exp(g[i]))', 'L', ['x', 'x', 'x']);
    return toDiagram(d, { steps: true }).length < 5e6;
  }],
];

function run(): void {
  for (const [name, thunk] of cases) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    let outcome: Pick<Outcome, 'kind' | 'value'>;
    try {
      const value = thunk();
      outcome = { kind: 'value', value: typeof value === 'object' ? 'object' : value };
    } catch (e) {
      outcome = isRicciError(e) ? { kind: 'error', value: e.code } : { kind: 'crash', value: String((e as Error).stack ?? e).slice(0, 500) };
    }
    const ms = Math.round(performance.now() - started);
    const used = process.cpuUsage(cpu);
    const memory = process.memoryUsage();
    const line: Outcome = {
      name, ...outcome, ms, cpuMs: Math.round((used.user + used.system) / 1000),
      heapMb: Math.round(memory.heapUsed / 2 ** 20), arrayBuffersMb: Math.round(memory.arrayBuffers / 2 ** 20),
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
  }
}

if (process.argv[1]?.endsWith('held-back-cases.ts')) run();
