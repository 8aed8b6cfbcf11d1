import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateNetwork } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import { emitModule, emitNetworkModule } from '../../src/compile.js';
import { grad } from '../../src/derive.js';
import { permuteView } from '../support/views.js';
import { allocate } from '../../runtime/strided-array.js';
import { randomOperands, referenceEinsum } from '../5-lower/lower-support.js';
import { maxScaledDiff } from '../support/random.js';

type Run = (...operands: unknown[]) => { data: Float64Array | Float32Array; shape: number[]; stride: number[]; offset: number };

const dir = mkdtempSync(join(tmpdir(), 'ricci-module-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importModule(name: string, source: string): Promise<{ run: Run; default: Run }> {
  const file = join(dir, `${name}.mjs`);
  writeFileSync(file, source);
  return import(pathToFileURL(file).href) as Promise<{ run: Run; default: Run }>;
}

describe('emitModule: a standalone ES module', () => {
  it('imports nothing, and computes the 5-operand contraction like the reference on plain objects', async () => {
    const subscripts = 'ea,fb,abcd,gc,hd->efgh';
    const shapes = [[3, 4], [5, 2], [4, 2, 3, 3], [2, 3], [6, 3]];
    const source = emitModule(subscripts, shapes);
    expect(source).not.toMatch(/\bimport\b|\brequire\b/);
    const mod = await importModule('five', source);
    const operands = randomOperands(shapes, 9);
    const plain = operands.map((o) => ({ data: Array.from(o.data), shape: [...o.shape], stride: [...o.stride], offset: 0 }));
    const result = mod.default(...plain);
    expect(maxScaledDiff(result, referenceEinsum(subscripts, operands))).toBeLessThan(1e-12);
  });

  it('copies operands laid out differently, checks shapes, and honours float32', async () => {
    const mod = await importModule('matmul32', emitModule('ij,jk->ik', [[7, 5], [5, 6]], { dtype: 'float32' }));
    const [a, b] = randomOperands([[7, 5], [5, 6]], 2);
    const storage = allocate([6, 5]);
    const bT = permuteView(storage, [1, 0]);
    for (let j = 0; j < 5; j++) for (let k = 0; k < 6; k++) storage.data[k * 5 + j] = b!.data[j * 6 + k]!;
    const result = mod.run(a, bT);
    expect(result.data).toBeInstanceOf(Float32Array);
    expect(maxScaledDiff(result, referenceEinsum('ij,jk->ik', [a!, b!]))).toBeLessThan(1e-5);
    expect(() => mod.run(a, a)).toThrow(/operand 1 has shape \(7, 5\), expected \(5, 6\)/);
    expect(() => mod.run(a)).toThrow(/expected 2 operands/);
  });
});

describe('emitNetworkModule: a standalone module for an IR root', () => {
  it('takes inputs positionally, contains no names, and equals the reference evaluator', async () => {
    const g = createGraph();
    const [x, W, b] = [g.input('constructor', ['m']), g.input('__proto__', ['m', 'n']), g.input('toString', ['n'])];
    const xW = g.contract([{ node: x, indices: ['i'] }, { node: W, indices: ['i', 'j'] }], ['j']);
    const root = g.map({ name: 'softplus' }, g.add([{ node: xW, indices: ['j'], coefficient: 1 }, { node: b, indices: ['j'], coefficient: 1 }], ['j']));
    const shapes = Object.fromEntries([['constructor', [6]], ['__proto__', [6, 4]], ['toString', [4]]]);
    const { source, inputs } = emitNetworkModule(root, shapes);
    for (const name of inputs) expect(source).not.toContain(name);
    const mod = await importModule('network', source);
    const values = randomOperands([[6], [6, 4], [4]], 12);
    const byName = Object.fromEntries(inputs.map((name, k) => [name, values[k]!]));
    expect(maxScaledDiff(mod.run(...values), evaluateNetwork([root], byName)[0]!)).toBeLessThan(1e-14);
  });
});

describe('emitModule(derivative): a standalone module for a symbolic derivative', () => {
  it('computes dL/dW = x[i] y[j] like Derivative.evaluate, with no ricci at run time', async () => {
    const d = grad('f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', 'L', 'W');
    const shapes = { x: [4], W: [4, 3], b: [3], y: [3] };
    const source = emitModule(d, shapes);
    expect(source).not.toMatch(/\bimport\b|\brequire\b/);
    const mod = await importModule('gradient', source);
    const [x, y] = randomOperands([[4], [3]], 5);
    const value = mod.run(x, y);
    const expected = d.evaluate({ x: x!, y: y!, W: allocate([4, 3]), b: allocate([3]) });
    expect(maxScaledDiff(value, expected)).toBeLessThan(1e-14);
  });

  it('a derivative written in terms of named adjoints (δz) emits what they stand for: the program\'s inputs only', async () => {
    const source = 'z[i] = W[i,j] x[j]\na[i] = tanh(z[i])\nC = 0.5 * sum[i](a[i]^2)';
    const d = grad(source, 'C', 'W', { adjoints: ['z'] });
    expect(d.toString()).toBe('dC/dW[i,j] = x[j] δz[i]');
    const mod = await importModule('adjoints', emitModule(d, { W: [3, 4], x: [4] }));
    const [W, x] = randomOperands([[3, 4], [4]], 8);
    const order = emitNetworkModule(d.evaluable, { W: [3, 4], x: [4] }).inputs;
    expect([...order].sort()).toEqual(['W', 'x']);
    const value = mod.run(...order.map((name) => (name === 'W' ? W : x)));
    expect(maxScaledDiff(value, grad(source, 'C', 'W').evaluate({ W: W!, x: x! }))).toBeLessThan(1e-12);
  });
});
