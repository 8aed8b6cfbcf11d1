import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate.js';
import { grad } from '../../src/derive.js';
import { toDifferential } from '../../src/checked.js';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { printProgram } from '../../compiler/1-parse/ricci-print.js';
import { exportPython } from '../../compiler/6-emit-python/export-python.js';
import { isRicciError } from '../../compiler/diagnostics/ricci-error.js';
import { renderSteps, toLatex, toMatrixNotation } from '../../src/index.js';

/**
 * Issue 12 item 3: max/min, tensor exponents, logsumexp/softmax/log_softmax/mean/norm1/norm2
 * along named indices. Oracles: numpy values and closed-form gradients (test/fixtures/functions.py),
 * central finite differences (Derivative.check), and the NumPy export run by python3.
 */
interface FunctionCase {
  readonly name: string;
  readonly source: string;
  readonly of: string;
  readonly wrt: string;
  readonly inputs: Record<string, number | number[] | number[][]>;
  readonly value: number;
  readonly gradient: number | number[] | number[][];
}
const cases = JSON.parse(readFileSync(new URL('../fixtures/functions.json', import.meta.url), 'utf8')) as FunctionCase[];
const flat = (v: number | number[] | number[][]): number[] => (Array.isArray(v) ? (v as (number | number[])[]).flat() : [v]);
const worst = (actual: ArrayLike<number>, expected: readonly number[]): number =>
  Math.max(...expected.map((e, k) => Math.abs(actual[k]! - e) / Math.max(1, Math.abs(e))));
const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { timeout: 20_000 }).status === 0;

describe('the functions people write match numpy (test/fixtures/functions.json)', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s: value, gradient, finite differences', (_, c) => {
    const value = evaluate(c.source, c.inputs)[c.of]!;
    expect(worst(value.data, [c.value])).toBeLessThan(1e-12);
    const d = grad(c.source, c.of, c.wrt);
    const g = d.evaluate(c.inputs);
    expect(g.data.length).toBe(flat(c.gradient).length);
    expect(worst(g.data, flat(c.gradient))).toBeLessThan(1e-10); // generated kernels
    expect(worst(d.evaluateReference(c.inputs).data, flat(c.gradient))).toBeLessThan(1e-10); // reference evaluator
    expect(d.check(c.inputs).ok).toBe(true);
  });

  it.skipIf(!hasNumpy)('the NumPy export of every gradient computes numpy\'s closed form', () => {
    const payload = cases.map((c) => {
      const d = grad(c.source, c.of, c.wrt);
      const module = exportPython(d.result);
      const args = module.parameters.map((p) => {
        const v = c.inputs[p.tensor]!;
        const shape = Array.isArray(v) ? (Array.isArray(v[0]) ? [v.length, (v[0] as number[]).length] : [v.length]) : [];
        return { shape, data: flat(v) };
      });
      return { source: module.source, check: false, args };
    });
    const run = spawnSync('python3', [resolve(import.meta.dirname, '../views/python-harness.py')], { input: JSON.stringify(payload), encoding: 'utf8', timeout: 60_000 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { data?: number[]; error?: string }[];
    results.forEach((r, k) => {
      expect(r.error, cases[k]!.name).toBeUndefined();
      expect(worst(r.data!, flat(cases[k]!.gradient)), cases[k]!.name).toBeLessThan(1e-10);
    });
  });
});

describe('how the functions are written', () => {
  it('each is written out in the core language, and the printed program parses back to itself', () => {
    for (const c of cases) {
      const program = parseRicci(c.source);
      const again = parseRicci(printProgram(program));
      expect(printProgram(again)).toBe(printProgram(program));
    }
    // logsumexp, max and min are core reductions; softmax and log_softmax are written with the shifted logsumexp
    expect(printProgram(parseRicci('L = logsumexp[j](z[j])'))).toBe('L = logsumexp[j](z[j])');
    expect(printProgram(parseRicci('p[j] = softmax[j](z[j])'))).toBe('p[j] = exp(z[j] - logsumexp[j](z[j]))');
    expect(printProgram(parseRicci('q[i] = log_softmax[j](z[i,j]) + max[j](z[i,j]) - min[j](z[i,j])')))
      .toBe('q[i] = (z[i,j] - logsumexp[j](z[i,j])) + max[j](z[i,j]) - min[j](z[i,j])');
  });

  it('LaTeX of a softmax gradient writes its exponential of the shifted logits; max[j] is \\max_{j}', () => {
    // the softmax is exp(z − L), L the log-sum-exp by its own name
    expect(toLatex(grad('L = logsumexp[j](z[j])', 'L', 'z'))).toBe('\\frac{\\partial L}{\\partial z_{i}} = \\exp\\left(z_{i} - L\\right)');
    // (p[i] = softmax[j](z[i,j]) sums over j: it is 1, and its gradient 0 — normalised-sums.ts)
    expect(grad('p[i] = softmax[j](z[i,j])\nL = p[i] c[i]', 'L', 'z').toString()).toBe('dL/dz[i,j] = 0');
    expect(toLatex(grad('L = softmax[j](z[i,j]) c[i,j]', 'L', 'z')))
      .toContain('\\exp\\left(z_{ij} - \\mathop{\\mathrm{logsumexp}}\\nolimits_{k}\\left(z_{ik}\\right)\\right)');
    const max = grad('L = max[j](Z[i,j]) c[i]', 'L', 'c');
    expect(max.toString()).toBe('dL/dc[i] = max[j](Z[i,j])');
    expect(toLatex(max)).toBe('\\frac{\\partial L}{\\partial c_{i}} = \\max_{j}\\left(Z_{ij}\\right)');
  });

  it('a tensor power prints as written (x[i]^y[i], x^∘y), not as the exp(log(x) y) it is computed by, and reads back to the same values', () => {
    const source = 'L = sum[i](x[i]^y[i])';
    const inputs = { x: [0.5, 1.5, 2.25], y: [1.25, -0.5, 2] };
    const byX = grad(source, 'L', 'x');
    const byY = grad(source, 'L', 'y');
    expect(byX.toString()).toBe('dL/dx[i] = x[i]^y[i] x[i]^(-1) y[i]');
    expect(byY.toString()).toBe('dL/dy[i] = x[i]^y[i] log(x[i])');
    expect(toLatex(byY)).toBe('\\frac{\\partial L}{\\partial y_{i}} = {x_{i}}^{y_{i}}\\mkern3mu \\log\\left(x_{i}\\right)');
    expect(toMatrixNotation(byY).text.split('\n')[0]).toBe('∂L/∂y = x^∘y ⊙ log(x)');
    expect(toMatrixNotation(byY).latex).toContain('{x}^{\\circ y}');
    for (const d of [byX, byY]) {
      const back = evaluate(`g[i] = ${d.toString().split(' = ')[1]!}`, inputs);
      expect(worst(back.g!.data, [...d.evaluate(inputs).data])).toBeLessThan(1e-14);
    }
    // a compound exponent or base is parenthesized, and a power of a tensor power is not x^y^2
    const compound = grad('L = sum[i]((x[i] + 1)^(y[i] z[i]))', 'L', 'z').toString();
    expect(compound).toBe('dL/dz[i] = (1 + x[i])^(y[i] z[i]) log(1 + x[i]) y[i]');
    const squared = grad('L = sum[i]((x[i]^y[i])^2)', 'L', 'y');
    const values = { x: inputs.x, y: inputs.y };
    const again = evaluate(`g[i] = ${squared.toString().split(' = ')[1]!}`, values);
    expect(worst(again.g!.data, [...squared.evaluate(values).data])).toBeLessThan(1e-13);
  });

  it('max and min take two arguments; reductions need their indices; the names are reserved', () => {
    const code = (f: () => unknown): string | undefined => { try { f(); } catch (e) { return isRicciError(e) ? e.code : 'not a RicciError'; } return undefined; };
    expect(code(() => parseRicci('y[i] = max(x[i])'))).toBe('function_arity');
    expect(code(() => parseRicci('L = softmax(z[j])'))).toBe('unexpected_token');
    expect(code(() => parseRicci('mean[i] = x[i]'))).toBe('reserved_name');
    let message = '';
    try { parseRicci('L = sofmax(z[j])'); } catch (e) { message = (e as Error).message; }
    expect(message).toContain('did you mean softmax?');
  });

  it('a misspelled reduction (Softmax[i](…), sums[i](…)) is unknown_function with a caret, not a silent product with an input of that name', () => {
    const refusal = (source: string): { code: string; message: string } | undefined => {
      try { parseRicci(source); } catch (e) { return isRicciError(e) ? { code: e.code, message: e.message } : { code: 'not a RicciError', message: '' }; }
      return undefined;
    };
    const typo = refusal('L = Softmax[i](z[i]) y[i]');
    expect(typo?.code).toBe('unknown_function');
    expect(typo?.message).toContain("'Softmax[i]' is not a function: did you mean softmax?");
    expect(typo?.message).toContain('  L = Softmax[i](z[i]) y[i]\n      ^^^^^^^^^^');
    expect(refusal('L = sums[i](x[i])')?.message).toContain('did you mean sum?');
    expect(refusal('L = log_softmx[c](z[c]) y[c]')?.message).toContain('did you mean log_softmax?');
    // a product stays a product: a name no reduction resembles, or a space, or '*'
    expect(evaluate('L = a[i](x[i] + 1)', { a: [1, 2], x: [3, 4] }).L!.get()).toBe(14);
    expect(evaluate('L = sums[i] (x[i])', { sums: [1, 2], x: [3, 4] }).L!.get()).toBe(11);
    expect(evaluate('L = sums[i] * (x[i])', { sums: [1, 2], x: [3, 4] }).L!.get()).toBe(11);
  });

  it('an exponent of numbers alone is a constant power: 2^(3^2) is 512 exactly (not exp(9 log 2)), x^(1/2) is √x, defined at 0', () => {
    expect(evaluate('c = 2^(3^2)', {}).c!.data[0]).toBe(512);
    expect(evaluate('c = 10^(-(1 + 1))', {}).c!.data[0]).toBe(Math.pow(10, -2));
    expect(Array.from(evaluate('c[i] = x[i]^(1/2)', { x: [4, 0] }).c!.data)).toEqual([2, 0]);
    expect(grad('L = sum[i](x[i]^(1/2))', 'L', 'x').toString()).toBe('dL/dx[i] = 0.5 x[i]^(-0.5)');
    // a number whose exponent mark has no exponent is refused (2.5e is not 2.5 · e); a name after a number still multiplies
    expect(Array.from(evaluate('c[i] = 2.5e1 x[i] + 2exp(0 x[i])', { x: [1, 2] }).c!.data)).toEqual([27, 52]);
    expect(Array.from(evaluate('c[i] = 2ex x[i]', { x: [1, 2], ex: 3 }).c!.data)).toEqual([6, 12]);
    // an exponent with a tensor in it stays a tensor power
    expect(grad('L = sum[i](x[i]^(2 y[i]))', 'L', 'y').toString()).toContain('log(x[i])');
  });

  it('a tensor power is elementwise like a constant one: L = x[i]^y[i] is Σᵢ xᵢ^yᵢ (numpy sum(x**y)), not exp(Σᵢ yᵢ log xᵢ) = Πᵢ xᵢ^yᵢ', () => {
    const x = [0.5, 1.5, 2], y = [2, 3, 0.5];
    const numpy = x.reduce((s, v, i) => s + Math.pow(v, y[i]!), 0);
    expect(evaluate('L = x[i]^y[i]', { x, y }).L!.get()).toBeCloseTo(numpy, 14);
    expect(evaluate('L = x[i]^y[i]', { x, y }).L!.get()).toBeCloseTo(evaluate('L = sum[i](x[i]^y[i])', { x, y }).L!.get(), 14);
    // the gradient yᵢ xᵢ^(yᵢ−1), each entry its own (not the whole product over i)
    const d = grad('L = x[i]^y[i]', 'L', 'x');
    expect(worst(d.evaluate({ x, y }).data, x.map((v, i) => y[i]! * Math.pow(v, y[i]! - 1)))).toBeLessThan(1e-14);
    expect(d.check({ x, y }).ok).toBe(true);
    // broadcasting over an index only the exponent carries: Σᵢⱼ xᵢ^wⱼ
    const w = [1, 2];
    const outer = x.reduce((s, v) => s + w.reduce((t, p) => t + Math.pow(v, p), 0), 0);
    expect(evaluate('L = x[i]^w[j]', { x, w }).L!.get()).toBeCloseTo(outer, 13);
  });

  it('a tensor exponent of a non-positive base is reported, not a silent NaN', () => {
    const code = (() => { try { evaluate('L = sum[i](x[i]^y[i])', { x: [-1, 2], y: [2, 2] }); } catch (e) { return isRicciError(e) ? e.code : 'not a RicciError'; } return undefined; })();
    expect(code).toBe('non_finite_result');
  });
});

describe('a power outside its domain reads as arithmetic in the error', () => {
  it('0^(-1) and (-4)^0.5, not pow-1(0) and pow0.5(-4)', () => {
    const message = (source: string, x: number): string => { try { evaluate(source, { x }); } catch (e) { return isRicciError(e) ? e.message : 'not a RicciError'; } return 'no error'; };
    // with the caret under the function as written (the divisor for a division)
    expect(message('f = 1/x', 0)).toBe('non_finite_result: 0^(-1) is not finite: got Infinity at flat position 0\n  f = 1/x\n        ^');
    expect(message('f = x^0.5', -4)).toBe('non_finite_result: (-4)^0.5 is not finite: got NaN at flat position 0\n  f = x^0.5\n      ^^^^^');
    expect(message('f = sqrt(x)', -4)).toBe('non_finite_result: sqrt(-4) is not finite: got NaN at flat position 0\n  f = sqrt(x)\n      ^^^^^^^');
  });
});

describe('sizes as values: a declared size symbol written bare is that size', () => {
  const source = 'x: [n]\nm = sum[i](x[i]) / n\nv = sum[i]((x[i] - m)^2) / (n - 1)';
  const x = [1.5, -2, 3.25, 4, 0.5];
  const mean = x.reduce((a, b) => a + b) / x.length;
  const variance = x.reduce((a, b) => a + (b - mean) ** 2, 0) / (x.length - 1);

  it('the sample variance with 1/n and 1/(n − 1) matches its definition, with n bound from x', () => {
    const values = evaluate(source, { x });
    expect(worst(values.m!.data, [mean])).toBeLessThan(1e-14);
    expect(worst(values.v!.data, [variance])).toBeLessThan(1e-14);
    expect(worst(evaluate(source, { x: [1, 2] }).v!.data, [0.5])).toBeLessThan(1e-14);
  });

  it('its gradient is 2 (x − m)/(n − 1) and agrees with finite differences', () => {
    const d = grad(source, 'v', 'x');
    expect(worst(d.evaluate({ x }).data, x.map((xi) => (2 * (xi - mean)) / (x.length - 1)))).toBeLessThan(1e-12);
    expect(d.check({ x }).ok).toBe(true);
  });

  it('a derivative prints a declared size it uses by name in every index view (not tr(I) = δ[j,j]), and the text reads back as that size', () => {
    const d = grad('x: [n]\nL = mean[i](x[i]^2)', 'L', 'x');
    const trace = /δ\[(\w),\1\]|δ_\{(\w)\2\}|\\delta_\{(\w)\3\}/;
    expect(d.toString()).toBe('dL/dx[i] = 2 n^(-1) x[i]');
    expect(toLatex(d)).toBe('\\frac{\\partial L}{\\partial x_{i}} = 2 {n}^{-1}\\mkern3mu x_{i}');
    expect(renderSteps(d).text).not.toMatch(trace);
    expect(renderSteps(d).text).toContain('n^(-1)');
    expect(toDifferential(d)!.text).not.toMatch(trace);
    const back = evaluate(`x: [n]\ng[i] = ${d.toString().split(' = ')[1]!}`, { x });
    expect(worst(back.g!.data, [...d.evaluate({ x }).data])).toBeLessThan(1e-14);
    expect(worst(back.g!.data, x.map((xi) => (2 * xi) / x.length))).toBeLessThan(1e-14);
  });

  it('a trace under a power or a function prints with its sum, and reads back to the same values: (Σₖ A[k,k])^2, not A[k,k]^2 = Σₖ A[k,k]^2', () => {
    const A = [[1, 2], [3, 4]];
    const cube = grad('A: [n,n]\nL = (sum[k](A[k,k]))^3', 'L', 'A');
    expect(cube.toString()).toBe('dL/dA[i,j] = 3 (sum[k](A[k,k]))^2 δ[i,j]');
    expect([...cube.evaluate({ A }).data]).toEqual([75, 0, 0, 75]); // 3 (tr A)² I, tr A = 5
    // the printed factor, read back by the language, is 3 (tr A)² = 75 (the old A[k,k]^2 read back as 3 Σₖ Aₖₖ² = 51)
    const factor = cube.toString().split(' = ')[1]!.replace(' δ[i,j]', '');
    expect(evaluate(`A: [n,n]\ns = ${factor}`, { A }).s!.get()).toBe(75);
    expect(grad('A: [n,n]\nL = tanh(sum[k](A[k,k]))^2', 'L', 'A').toString()).toContain('tanh(sum[k](A[k,k]))');
    // an undeclared size: the mean's 1/n is the inverse of a whole trace, not δ[k,k]^(-1) (Σₖ 1 = n)
    expect(grad('L = mean[i](x[i])', 'L', 'x').toString()).toBe('dL/dx[i] = (sum[k](δ[k,k]))^(-1)');
  });

  it('a size set only by an input no definition reads is still that size (n = 3, 1/n = 1/3)', () => {
    const values = evaluate('x: [n]\nc = n\nr = 1/n', { x: [1, 2, 3] });
    expect([...values.c!.data, ...values.r!.data]).toEqual([3, 1 / 3]);
  });

  it('a size is not an input, and a declared or defined tensor of that name still wins', () => {
    expect(parseRicci(source).statements.length).toBe(3);
    expect(worst(evaluate('x: [n]\nn: []\nL = n x[i]', { x: [1, 2], n: 10 }).L!.data, [30])).toBeLessThan(1e-14);
  });
});
