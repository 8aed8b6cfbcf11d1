import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import type { MatrixExpr } from '../../compiler/views/matrix-notation/matrix-expr.js';
import { materializeKronecker } from '../../compiler/views/kronecker/materialize.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { grad, hessian, jacobian, type Derivative } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { toMatrixNotation, toKronecker, toPython } from '../../src/index.js';
import { randomProgram } from '../3-calculus/random-program.js';
import { evaluateMatrix } from '../views/matrix-evaluate.js';
import { fromNested, type Nested } from '../views/views-support.js';
import { asMatrix, flattenIndependently, maxDifference } from './views-support.js';

const dense = (v: { data: Float64Array; shape: number[]; stride: number[]; offset: number }): DenseArray =>
  ({ data: v.data, shape: v.shape, stride: v.stride, offset: v.offset });

function bindN(e: MatrixExpr, n: number): MatrixExpr {
  return JSON.parse(JSON.stringify(e), (key, v: unknown) => ((key === 'size' || key === 'rows' || key === 'cols') && v === 'n' ? n : v)) as MatrixExpr;
}

/** The derivatives a reviewer would take of a random program: gradients, a Hessian, a Jacobian. */
function derivativesOf(source: string): Derivative[] {
  const jacobianOf = /^(t\d+)\[i\] =/m.exec(source)?.[1];
  return [grad(source, 'L', 'x'), grad(source, 'L', 'A'), hessian(source, 'L', 'y'), hessian(source, 'L', ['x', 'y']),
    ...(jacobianOf ? [jacobian(source, jacobianOf, 'x')] : [])];
}

describe('views of random programs (the display rewrites never change a value)', () => {
  it('every layout and vector convention evaluates to the index result and renders in KaTeX; J equals the flattened Jacobian', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 5 }), (seed, steps) => {
      const program = randomProgram(seed, steps);
      const inputs = Object.fromEntries(Object.entries(program.inputs).map(([k, v]) => [k, fromNested(v as Nested)]));
      const env: Record<string, DenseArray> = { ...inputs };
      for (const [k, v] of Object.entries(evaluate(program.source, inputs))) env[k] = dense(v);
      for (const d of derivativesOf(program.source)) {
        const value = dense(d.evaluate(inputs));
        for (const layout of ['denominator', 'numerator', 'mixed'] as const) for (const vectors of ['column', 'row'] as const) {
          const view = toMatrixNotation(d, { layout, vectors });
          expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
          if (view.matrix.kind === 'index') continue;
          const what = `${program.source}\n${d.toString()}\n${layout}/${vectors}: ${view.text}`;
          expect(maxDifference(evaluateMatrix(bindN(view.matrix, program.n), env), asMatrix(value, view.transposed)), what).toBeLessThan(1e-8);
        }
        const lead = d.of.indices.length + (d.wrt.length > 1 ? d.wrt[0]!.shape.length : 0);
        for (const vec of ['column', 'row'] as const) {
          const kronecker = toKronecker(d, { vec });
          expect(katex.renderToString(kronecker.latex, { throwOnError: true })).toContain('katex');
          const J = materializeKronecker(kronecker, inputs);
          if (J) expect(maxDifference(asMatrix(J, false), flattenIndependently(value, lead, vec)), `${d.toString()} ${vec}`).toBeLessThan(1e-8);
        }
      }
    }), { numRuns: 15 });
  });
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { timeout: 20_000 }).status === 0;

describe('Python exports of random programs', () => {
  it.skipIf(!hasNumpy)('reproduce ricci’s numbers (one python3 process for the batch)', () => {
    const programs = fc.sample(fc.tuple(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 1, max: 5 })), 12)
      .map(([seed, steps]) => randomProgram(seed, steps));
    const runs = programs.flatMap((program) => {
      const inputs = Object.fromEntries(Object.entries(program.inputs).map(([k, v]) => [k, fromNested(v as Nested)]));
      return derivativesOf(program.source).map((d) => ({ d, inputs, source: toPython(d) }));
    });
    const payload = runs.map(({ d, inputs, source }) => {
      const parameters = /def compute\(([^)]*)\)/.exec(source)![1]!.split(',').map((p) => p.trim()).filter((p) => p !== '');
      const args = parameters.map((p) => inputs[p.replace(/^in_/, '')]!).map((a) => ({ shape: a.shape, data: [...a.data] }));
      return { source, args, check: d.wrt.length === 1 };
    });
    const run = spawnSync('python3', [resolve(import.meta.dirname, '../views/python-harness.py')],
      { input: JSON.stringify(payload), encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { shape?: number[]; data?: number[]; check?: number; error?: string }[];
    results.forEach((r, k) => {
      const { d, inputs } = runs[k]!;
      expect(r.error, `${d.toString()}: ${r.error}`).toBeUndefined();
      const ours = dense(d.evaluate(inputs));
      const theirs: DenseArray = { data: Float64Array.from(r.data!), shape: r.shape!, stride: ours.shape.map((_, j) => ours.shape.slice(j + 1).reduce((a, b) => a * b, 1)), offset: 0 };
      expect(r.shape, d.toString()).toEqual([...ours.shape]);
      expect(maxDifference(flattenIndependently(theirs, 0, 'row'), flattenIndependently(ours, 0, 'row')), d.toString()).toBeLessThan(1e-8);
      if (r.check !== undefined) expect(r.check, `${d.toString()}: finite differences`).toBeLessThan(1e-5);
    });
  });
});
