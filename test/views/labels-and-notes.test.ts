import { describe, expect, it } from 'vitest';
import type { DenseArray } from '../../runtime/strided-array.js';
import { jacobianMatrix } from '../../compiler/views/kronecker/describe.js';
import { toLatex, toMatrixNotation, evaluate, grad, hessian, jacobian, toDiagram, toDifferential, toKronecker, type Derivative } from '../../src/index.js';
import { createRandom, randomArray } from '../support/random.js';
import { evaluateMatrix } from './matrix-evaluate.js';

/**
 * Every matrix view's label and layout note describe the matrix actually printed: the printed
 * expression is evaluated with plain matrix algebra, and its rows × columns must be the note's
 * shape, the rows must follow the variable the note (and a second derivative's ∂²f/∂x∂yᵀ label)
 * says, and a named adjoint's left-hand side is δz where the printed matrix has δz's own orientation
 * (a column) and δzᵀ where it is transposed.
 */
const dense = (v: { data: ArrayLike<number>; shape: readonly number[] }): DenseArray => {
  const shape = [...v.shape];
  const stride = shape.map((_, k) => shape.slice(k + 1).reduce((p, s) => p * s, 1));
  return { data: Float64Array.from(v.data), shape, stride, offset: 0 };
};

/** The inputs at random, every definition's value, and each named δ's value. */
function environment(d: Derivative, source: string, adjoints: readonly string[]): Record<string, DenseArray> {
  const random = createRandom(3);
  const inputs: Record<string, DenseArray> = {};
  for (const x of d.program.inputs.values()) inputs[x.name] = randomArray(x.shape.map(Number), random);
  const env: Record<string, DenseArray> = { ...inputs };
  for (const [k, v] of Object.entries(evaluate(source, inputs))) env[k] = dense(v);
  for (const a of adjoints) env[`δ${a}`] = dense(grad(source, d.of.name, a).evaluateReference(inputs));
  return env;
}

/** Rows × columns the note states: `(m×n)`, or `(n)` for a column vector. */
function noteShape(convention: string): [number, number] {
  const m = /\((\d+)(?:×(\d+))?\)/.exec(convention);
  if (!m) throw new Error(`no shape in the note: ${convention}`);
  return m[2] === undefined ? [Number(m[1]), 1] : [Number(m[1]), Number(m[2])];
}

const net = `x: [3]\ny: [2]\nW1: [4, 3]\nb1: [4]\nW2: [2, 4]\nb2: [2]
z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
C = 0.25 * sum[i]((tanh(z2[i]) - y[i])^2)`;
const mixed = 'x: [3]\ny: [4]\nA: [3, 4]\nf = x[i] A[i,j] y[j] + x[i] x[i] y[j] y[j]';

interface Case { readonly name: string; readonly source: string; readonly derive: () => Derivative; readonly adjoints?: readonly string[] }
const cases: readonly Case[] = [
  { name: 'gradient wrt a matrix', source: net, derive: () => grad(net, 'C', 'W1') },
  { name: 'gradient wrt a vector', source: net, derive: () => grad(net, 'C', 'x') },
  { name: 'Jacobian of a vector', source: 'A: [2, 3]\nx: [3]\nF[i] = tanh(A[i,j] x[j])', derive: () => jacobian('A: [2, 3]\nx: [3]\nF[i] = tanh(A[i,j] x[j])', 'F', 'x') },
  { name: 'Hessian', source: 'x: [3]\nA: [3, 3]\nf = x[i] A[i,j] x[j]', derive: () => hessian('x: [3]\nA: [3, 3]\nf = x[i] A[i,j] x[j]', 'f', 'x') },
  { name: 'mixed second derivative ∂x∂y', source: mixed, derive: () => hessian(mixed, 'f', ['x', 'y']) },
  { name: 'mixed second derivative ∂y∂x', source: mixed, derive: () => hessian(mixed, 'f', ['y', 'x']) },
  { name: 'a named adjoint δz1', source: net, derive: () => grad(net, 'C', 'z1', { adjoints: ['z2', 'z1'] }), adjoints: ['z2'] },
  { name: 'a named adjoint δz2', source: net, derive: () => grad(net, 'C', 'z2', { adjoints: ['z2', 'z1'] }) },
  { name: 'a gradient in the δ\'s', source: net, derive: () => grad(net, 'C', 'W2', { adjoints: ['z2', 'z1'] }), adjoints: ['z2'] },
];

const sizeOf = (d: Derivative, name: string): number => {
  const x = d.wrt.find((w) => w.name === name) ?? (d.of.name === name ? { shape: d.of.node.shape } : undefined);
  return Number(x!.shape[0] ?? 1);
};

describe('matrix-view labels and layout notes match the printed matrix', () => {
  it.each(cases.flatMap((c) => (['column', 'row'] as const).map((vectors) => [c.name, vectors, c] as const)))('%s, vectors as %ss', (_, vectors, c) => {
    const d = c.derive();
    const env = environment(d, c.source, c.adjoints ?? []);
    for (const layout of ['denominator', 'numerator'] as const) {
      const view = toMatrixNotation(d, { layout, vectors });
      expect(view.matrix.kind, `${layout}: ${view.text}`).not.toBe('index');
      const printed = evaluateMatrix(view.matrix, env);
      expect([printed.rows, printed.cols], `${layout}: ${view.text}`).toEqual(noteShape(view.convention));
      const line = view.text.split('\n')[0]!;
      // whichever variable the note says the rows follow has that many rows
      const rows = /rows (?:and columns both )?follow (\w+)/.exec(view.convention)?.[1];
      if (rows !== undefined) expect(printed.rows, view.convention).toBe(sizeOf(d, rows));
      // ∂²f/∂x∂yᵀ with columns x, y (an x-column times a y-row); ∂²f/∂xᵀ∂y with rows x, y: rows follow x either way
      const second = (vectors === 'column' ? /^∂²\w+\/∂(\w+)∂(\w+)ᵀ = / : /^∂²\w+\/∂(\w+)ᵀ∂(\w+) = /).exec(line);
      if (second) {
        expect(printed.rows, line).toBe(sizeOf(d, second[1]!));
        expect(printed.cols, line).toBe(sizeOf(d, second[2]!));
        const [x, y] = [second[1]!, second[2]!].map((n) => `\\partial ${n}`);
        expect(view.latex, line).toContain(vectors === 'column' ? `${x}\\,${y}^{\\top}}` : `${x}^{\\top}\\,${y}}`);
      }
      if (d.wrt.length === 2) expect(second, line).not.toBeNull();
      if (d.symbol !== undefined) {
        // δz has z's shape: a column with column vectors, a row with row vectors; the other orientation is δzᵀ
        const transposed = vectors === 'column' ? printed.rows === 1 && printed.cols > 1 : printed.cols === 1 && printed.rows > 1;
        expect(line.startsWith(`${d.symbol}${transposed ? 'ᵀ' : ''} = ∂${d.of.name}/∂${d.wrt[0]!.name} = `), line).toBe(true);
        expect(view.latex.startsWith(transposed ? `{\\delta_{\\mathrm{${d.wrt[0]!.name}}}}^{\\top} = ` : `\\delta_{\\mathrm{${d.wrt[0]!.name}}} = `), view.latex).toBe(true);
      } else expect(line).toMatch(/^∂/);
    }
  });

  it('with rows read as row vectors, every vector note is the column note transposed', () => {
    for (const c of cases) {
      const d = c.derive();
      if (d.result.indices.length !== 1) continue;
      for (const layout of ['denominator', 'numerator'] as const) {
        const [rows, cols] = noteShape(toMatrixNotation(d, { layout }).convention);
        expect(noteShape(toMatrixNotation(d, { layout, vectors: 'row' }).convention), `${c.name}, ${layout}`).toEqual([cols, rows]);
      }
    }
  });

  it('the Kronecker J of a scalar by a vector is the row d vec L = J d vec x needs (1×n), equal to the gradient', () => {
    for (const c of cases.filter((k) => k.name === 'gradient wrt a vector' || k.name.startsWith('a named adjoint'))) {
      const d = c.derive();
      const env = environment(d, c.source, c.adjoints ?? []);
      const view = toKronecker(d, { vec: 'column' });
      const J = evaluateMatrix(jacobianMatrix(view.form, 'column')!, env);
      const gradient = evaluateMatrix(toMatrixNotation(d, { layout: 'denominator' }).matrix, env);
      expect([J.rows, J.cols], view.text).toEqual([1, gradient.rows]);
      expect(Array.from(J.data)).toEqual(Array.from(gradient.data).map((v) => expect.closeTo(v, 12)));
    }
  });

  it('a named adjoint leads its index notation, LaTeX and diagram title too; other derivatives do not', () => {
    const d = grad(net, 'C', 'z1', { adjoints: ['z2', 'z1'] });
    expect(d.toString()).toMatch(/^δz1\[i\] = dC\/dz1\[i\] = /);
    expect(toLatex(d)).toMatch(/^\{\\delta_\{\\mathrm\{z1\}\}\}_\{i\} = \\frac\{\\partial C\}\{\\partial \\mathrm\{z1\}_\{i\}\} = /);
    expect(toDiagram(d, { format: 'dot' })).toContain('label="&#948;z1 = dC/dz1"');
    // the Kronecker view's index form and the differential view's identified derivative too
    const kronecker = toKronecker(d);
    expect(kronecker.text.split('\n')[0]).toBe(`index form: δz1[i] = ∂C/∂z1[i] = ${kronecker.indexForm.text}`);
    expect(kronecker.latex).toMatch(/^\\begin\{aligned\}&\\delta_\{\\mathrm\{z1\}\} = \\frac\{\\partial C\}\{\\partial \\mathrm\{z1\}\}\\;:\\; /);
    const differential = toDifferential(d)!;
    // the identified derivative and its simplified form (the last two lines) lead with δz1; the simplified one is in δz2
    const leading = differential.steps.filter((step) => step.rule === 'identify' || step.rule === 'simplify');
    expect(leading.map((step) => step.rule)).toEqual(['identify', 'simplify']);
    expect(differential.steps.slice(-2)).toEqual(leading);
    for (const { formula } of leading) {
      expect(formula.text).toMatch(/^δz1\[(\w+)\] = ∂C\/∂z1\[\1\] = /);
      expect(formula.latex).toMatch(/^\{\\delta_\{\\mathrm\{z1\}\}\}_\{(\w+)\} = \\frac\{\\partial C\}\{\\partial \\mathrm\{z1\}_\{\1\}\} = /);
    }
    expect(leading[1]!.formula.text).toContain('δz2[');
    for (const step of differential.steps.slice(0, -2)) expect(step.formula.text).not.toContain('δz1');
    // ∂C/∂z1 without naming z1 is no δ: plain labels
    const unnamed = grad(net, 'C', 'z1', { adjoints: ['z2'] });
    expect(unnamed.symbol).toBeUndefined();
    expect(unnamed.toString()).toMatch(/^dC\/dz1\[i\] = /);
    expect(toMatrixNotation(unnamed).text).toMatch(/^∂C\/∂z1 = /);
    expect(toKronecker(unnamed).text).toMatch(/^index form: ∂C\/∂z1\[i\] = /);
    expect(toDifferential(unnamed)!.text).not.toContain('δz1');
  });
});
