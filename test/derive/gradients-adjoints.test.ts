import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateExpression } from '../../compiler/3-calculus/evaluate-expression.js';
import { emitNetworkModule } from '../../src/compile.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { toMatrixNotation, emitModule, grad, gradients, toPython, type Derivative } from '../../src/index.js';
import { asMatrix, maxDifference } from '../acceptance/views-support.js';
import { batchedNet, dense, environment, randomInputsOf, twoLayerNet } from '../support/adjoint-environment.js';
import { codeOf } from '../support/error-cases.js';
import { maxScaledDiff } from '../support/random.js';
import { evaluateMatrix } from '../views/matrix-evaluate.js';

/**
 * `gradients` with named adjoints: every gradient is written in terms of δz = ∂C/∂z, and the
 * Gradients lists the recursion the δ's satisfy (δz1 = (W2ᵀ δz2) ⊙ f′(z1)). Each printed form —
 * index notation and both matrix layouts — is evaluated with the δ's set to their own values (each
 * from its own derivative computed without adjoints) and compared with the plain gradients; the
 * values from evaluate/compile/check/toPython/emitModule put the δ's back in.
 */
const { net, shapes } = twoLayerNet;
const wrt = ['W1', 'b1', 'W2', 'b2', 'x'];
const adjoints = ['z2', 'z1'];




/** Index notation and both matrix layouts, evaluated with the δ's put in, equal `exact`. */
function expectPrintedFormsEqual(d: Derivative, exact: DenseArray, env: Record<string, DenseArray>): void {
  const index = evaluateExpression(d.result.node, [...d.program.inputs.values()], env);
  expect(maxScaledDiff(index, exact)).toBeLessThan(1e-12);
  for (const layout of ['denominator', 'numerator'] as const) {
    const view = toMatrixNotation(d, { layout });
    expect(view.matrix.kind, layout).not.toBe('index');
    expect(maxDifference(evaluateMatrix(view.matrix, env), asMatrix(exact, view.transposed)), layout).toBeLessThan(1e-12);
  }
}

describe('gradients written in terms of named adjoints', () => {
  const inputs = randomInputsOf(shapes, 11);
  const env = environment(net, 'C', adjoints, inputs);
  const all = gradients(net, 'C', wrt, { adjoints });
  const plain = gradients(net, 'C', wrt);
  const plainValues = plain.evaluate(inputs);

  it('lists the recursion, then every gradient in terms of the δ\'s (index notation)', () => {
    expect(all.toString().split('\n')).toEqual([
      'δz2[i] = dC/dz2[i] = 0.5 (1 - a2[i]^2) (a2[i] - y[i])',
      'δz1[i] = dC/dz1[i] = W2[j,i] (1 - a1[i]^2) δz2[j]',
      'dC/dW1[i,j] = x[j] δz1[i]',
      'dC/db1[i] = δz1[i]',
      'dC/dW2[i,j] = a1[j] δz2[i]',
      'dC/db2[i] = δz2[i]',
      'dC/dx[j] = W1[i,j] δz1[i]',
    ]);
    expect(plain.toString()).not.toContain('δ');
  });

  it('in matrix notation, both layouts: the recursion\'s left-hand sides are δz (denominator) and δzᵀ (numerator)', () => {
    expect(toMatrixNotation(all, { layout: 'denominator' }).text.split('\n')).toEqual([
      'δz2 = ∂C/∂z2 = 0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))',
      'δz1 = ∂C/∂z1 = (W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)',
      '∂C/∂W1 = δz1 xᵀ',
      '∂C/∂b1 = δz1',
      '∂C/∂W2 = δz2 a1ᵀ',
      '∂C/∂b2 = δz2',
      '∂C/∂x = W1ᵀ δz1',
    ]);
    expect(toMatrixNotation(all, { layout: 'numerator' }).text.split('\n')).toEqual([
      'δz2ᵀ = ∂C/∂z2 = 0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ',
      'δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ',
      '∂C/∂W1 = x δz1ᵀ',
      '∂C/∂b1 = δz1ᵀ',
      '∂C/∂W2 = a1 δz2ᵀ',
      '∂C/∂b2 = δz2ᵀ',
      '∂C/∂x = δz1ᵀ W1',
    ]);
    const latex = toMatrixNotation(all).latex;
    expect(latex.startsWith('\\begin{gathered}\\delta_{\\mathrm{z2}} = \\frac{\\partial C}{\\partial \\mathrm{z2}} = ')).toBe(true);
    expect(latex).toContain(' \\\\ \\frac{\\partial C}{\\partial \\mathrm{W1}} = \\delta_{\\mathrm{z1}}\\mkern3mu {x}^{\\top}');
  });

  it('every printed form, evaluated with the δ\'s set to their values, equals the plain gradient', () => {
    for (const name of wrt) expectPrintedFormsEqual(all.derivatives[name]!, dense(plainValues.gradients[name]!), env);
    for (const name of adjoints) expectPrintedFormsEqual(all.adjoints[name]!, env[`δ${name}`]!, env);
  });

  it('evaluate and compile put the δ\'s back in: the same values as without adjoints, from one plan', () => {
    const got = all.evaluate(inputs);
    const compiled = all.compile(shapes).run(inputs);
    expect(got.value).toBeCloseTo(plainValues.value, 14);
    for (const name of wrt) {
      expect(maxScaledDiff(dense(got.gradients[name]!), dense(plainValues.gradients[name]!))).toBeLessThan(1e-13);
      expect(maxScaledDiff(dense(compiled.gradients[name]!), dense(plainValues.gradients[name]!))).toBeLessThan(1e-13);
    }
    expect(all.compile(shapes).source).not.toContain('δ');
  });

  it('the compiled plan is the plain gradients\' plan (kernel names aside): naming the δ\'s costs no speed', () => {
    const kernels = (source: string): string => source.replace(/node\d+/g, 'node#');
    expect(kernels(all.compile(shapes).source)).toBe(kernels(plain.compile(shapes).source));
    expect(kernels(grad(net, 'C', 'W1', { adjoints }).compile(shapes).source)).toBe(kernels(grad(net, 'C', 'W1').compile(shapes).source));
  });

  it('check: each gradient and each δ against central finite differences', () => {
    for (const name of wrt) expect(all.derivatives[name]!.check(inputs).ok, name).toBe(true);
    for (const name of adjoints) expect(all.adjoints[name]!.check(inputs).ok, name).toBe(true);
  });

  it('toPython computes what the δ\'s stand for, and numpy gives the plain gradient', () => {
    const d = all.derivatives['W1']!;
    const py = toPython(d);
    expect(py).not.toContain('δ');
    const parameters = py.match(/def compute\(([^)]*)\)/)![1]!.split(',').map((p) => p.trim().replace(/^in_/, ''));
    const args = parameters.map((p) => ({ shape: inputs[p]!.shape, data: Array.from(inputs[p]!.data) }));
    const script = `${py}\nimport json, sys\nargs = [np.array(a['data'], dtype=np.float64).reshape(a['shape']) for a in json.load(sys.stdin)]\n`
      + 'print(json.dumps([float(v) for v in np.asarray(compute(*args)).ravel()]))\n';
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(args), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const data = JSON.parse(run.stdout) as number[];
    expect(maxScaledDiff({ shape: [4, 3], data }, dense(plainValues.gradients['W1']!))).toBeLessThan(1e-12);
  });

  const folder = mkdtempSync(join(tmpdir(), 'ricci-gradients-adjoints-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('emitModule of a gradient in terms of δ\'s reads the program\'s inputs only and gives the plain gradient', async () => {
    const d = all.derivatives['W2']!;
    const file = join(folder, 'dW2.mjs');
    writeFileSync(file, emitModule(d, shapes));
    const mod = await import(pathToFileURL(file).href) as { run: (...operands: DenseArray[]) => DenseArray };
    const order = emitNetworkModule(d.evaluable, shapes).inputs;
    expect(order.some((name) => name.startsWith('δ'))).toBe(false);
    expect(maxScaledDiff(mod.run(...order.map((name) => inputs[name]!)), dense(plainValues.gradients['W2']!))).toBeLessThan(1e-12);
  });

  it('batched, data in rows: ∂L/∂W1 = Xᵀ δZ1 with δZ1 = (δZ2 W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2)', () => {
    const { net: batched, shapes: batchedShapes } = batchedNet;
    const batchedInputs = randomInputsOf(batchedShapes, 5);
    const g = gradients(batched, 'L', ['W1', 'W2'], { adjoints: ['Z2', 'Z1'] });
    expect(toMatrixNotation(g).text.split('\n')).toEqual([
      'δZ2 = ∂L/∂Z2 = Z2 − Y',
      'δZ1 = ∂L/∂Z1 = (δZ2 W2ᵀ) ⊙ (𝟏 𝟏ᵀ − H^∘2)',
      '∂L/∂W1 = Xᵀ δZ1',
      '∂L/∂W2 = Hᵀ δZ2',
    ]);
    const env2 = environment(batched, 'L', ['Z2', 'Z1'], batchedInputs);
    const values = gradients(batched, 'L', ['W1', 'W2']).evaluate(batchedInputs);
    for (const name of ['W1', 'W2']) {
      expectPrintedFormsEqual(g.derivatives[name]!, dense(values.gradients[name]!), env2);
      expect(maxScaledDiff(dense(g.evaluate(batchedInputs).gradients[name]!), dense(values.gradients[name]!))).toBeLessThan(1e-13);
    }
  });

  it('refuses what a named adjoint cannot mean, with the codes grad uses', () => {
    expect(codeOf(() => gradients(net, 'C', ['W1'], { adjoints: ['W2'] }))).toBe('adjoint_not_intermediate');
    expect(codeOf(() => gradients(net, 'C', ['W1'], { adjoints: ['C'] }))).toBe('adjoint_not_intermediate');
    expect(codeOf(() => gradients(`${net}\nδz1 = sum[i](z1[i])`, 'C', ['W1'], { adjoints: ['z1'] }))).toBe('adjoint_name_taken');
    expect(codeOf(() => gradients(net, 'C', ['W1'], { adjoints: 'z1' as unknown as string[] }))).toBe('invalid_argument');
  });
});
