import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { materializeKronecker } from '../../compiler/views/kronecker/materialize.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { toMatrixNotation, toKronecker, toPython } from '../../src/index.js';
import { fromNested } from '../views/views-support.js';
import { evaluateMatrix } from '../views/matrix-evaluate.js';
import { asMatrix, flattenIndependently, withSizes, maxDifference, prepareCases, type PreparedCase } from './views-support.js';

const cases = prepareCases();
const indexValue = (c: PreparedCase): DenseArray => {
  const v = c.derivative.evaluate(c.inputs);
  return { data: v.data, shape: v.shape, stride: v.stride, offset: v.offset };
};
/** How many leading axes belong to F in J: the function's, or for a Hessian the first variable's. */
const leadRank = (c: PreparedCase): number => c.derivative.of.indices.length + (c.derivative.wrt.length > 1 ? c.derivative.wrt[0]!.shape.length : 0);

function firstLine(text: string): { lhs: string; rhs: string } {
  const line = text.split('\n')[0]!;
  const at = line.indexOf(' = ');
  return { lhs: line.slice(0, at), rhs: line.slice(at + 3) };
}

describe('held-back derivatives: the index result is the textbook value', () => {
  it.each(cases.map((c) => [c.spec.name, c] as const))('%s', (_, c) => {
    const value = fromNested(c.fixture.value);
    const ours = indexValue(c);
    expect(ours.shape).toEqual(value.shape);
    expect(maxDifference(flattenIndependently(ours, 0, 'row'), flattenIndependently(value, 0, 'row'))).toBeLessThan(1e-9);
  });
});

describe('held-back derivatives: matrix notation in each layout is the textbook form', () => {
  const withForms = cases.filter((c) => c.spec.denominator !== undefined || c.spec.indexRank !== undefined);
  it.each(withForms.map((c) => [c.spec.name, c] as const))('%s', (_, c) => {
    const { spec, derivative } = c;
    for (const layout of ['denominator', 'numerator'] as const) {
      const view = toMatrixNotation(derivative, { layout });
      const { lhs, rhs } = firstLine(view.text);
      if (spec.indexRank !== undefined) {
        expect(view.matrix.kind, layout).toBe('index');
        expect(view.text, layout).toContain(`index notation: rank ${spec.indexRank}`);
        if (spec.leading) expect(view.convention, layout).toContain(`lists ${spec.leading[layout]}'s indices first`);
        continue;
      }
      expect(rhs, layout).toBe(spec[layout]);
      expect(lhs, layout).toBe(spec.label?.[layout] ?? `∂${spec.of}/∂${spec.wrt as string}`);
      // the form, evaluated with plain matrix algebra, gives the index result's numbers
      const form = evaluateMatrix(withSizes(view.matrix), c.env);
      expect(maxDifference(form, asMatrix(indexValue(c), view.transposed)), layout).toBeLessThan(1e-9);
      const mirrored = spec.rowVectors?.[layout];
      if (mirrored !== undefined) expect(firstLine(toMatrixNotation(derivative, { layout, vectors: 'row' }).text).rhs, `${layout}, row vectors`).toBe(mirrored);
    }
  });
});

describe('held-back derivatives: the Kronecker J equals the flattened index Jacobian', () => {
  const flattenable = cases.filter((c) => c.spec.indexRank === undefined || c.spec.kronecker !== undefined);
  it.each(flattenable.map((c) => [c.spec.name, c] as const))('%s', (_, c) => {
    for (const vec of ['column', 'row'] as const) {
      const view = toKronecker(c.derivative, { vec });
      const J = materializeKronecker(view, c.inputs);
      expect(J, vec).toBeDefined();
      const expected = flattenIndependently(indexValue(c), leadRank(c), vec);
      expect(maxDifference(asMatrix(J!, false), expected), vec).toBeLessThan(1e-9);
      const closed = c.fixture[vec];
      if (closed !== undefined) expect(maxDifference(asMatrix(J!, false), asMatrix(fromNested(closed), false)), `${vec}: numpy's closed form`).toBeLessThan(1e-9);
      if (c.spec.kronecker) expect(view.text, vec).toContain(`J = ${c.spec.kronecker[vec]}\n`);
    }
  });

  it('says so when no closed form exists, and keeps the index form', () => {
    const c = cases.find((k) => k.spec.name === 'rank-3 T x')!;
    const view = toKronecker(c.derivative, { vec: 'column' });
    expect(view.text).toContain('no closed form');
    expect(view.text).toContain('T[a,b,c]');
  });
});

const hasNumpy = spawnSync('python3', ['-c', 'import numpy'], { timeout: 20_000 }).status === 0;

describe('held-back derivatives: the exported Python reproduces ricci’s numbers', () => {
  it.skipIf(!hasNumpy)('runs every export in one python3 process', () => {
    const payload = cases.map((c) => {
      const source = toPython(c.derivative);
      const parameters = /def compute\(([^)]*)\)/.exec(source)![1]!.split(',').map((s) => s.trim()).filter((s) => s !== '');
      const args = parameters.map((p) => {
        const input = c.inputs[p.replace(/^in_/, '')];
        if (!input) throw new Error(`${c.spec.name}: no input for parameter ${p}`);
        return { shape: input.shape, data: [...input.data] };
      });
      return { source, args, check: c.derivative.wrt.length === 1 };
    });
    const run = spawnSync('python3', [resolve(import.meta.dirname, '../views/python-harness.py')],
      { input: JSON.stringify(payload), encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 26 });
    expect(run.status, run.stderr).toBe(0);
    const results = JSON.parse(run.stdout) as { shape?: number[]; data?: number[]; check?: number; error?: string }[];
    results.forEach((r, k) => {
      const c = cases[k]!;
      expect(r.error, `${c.spec.name}: ${r.error}`).toBeUndefined();
      const ours = indexValue(c);
      expect(r.shape, c.spec.name).toEqual([...ours.shape]);
      const theirs: DenseArray = { data: Float64Array.from(r.data!), shape: r.shape!, stride: [], offset: 0 };
      const flat = flattenIndependently({ ...theirs, stride: rowStrides(r.shape!) }, 0, 'row');
      expect(maxDifference(flat, flattenIndependently(ours, 0, 'row')), c.spec.name).toBeLessThan(1e-9);
      if (r.check !== undefined) expect(r.check, `${c.spec.name}: finite differences`).toBeLessThan(1e-5);
    });
  });
});

function rowStrides(shape: readonly number[]): number[] {
  return shape.map((_, k) => shape.slice(k + 1).reduce((p, n) => p * n, 1));
}
