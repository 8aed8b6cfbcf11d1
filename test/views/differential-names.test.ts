import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { grad } from '../../src/derive.js';
import { toDifferential } from '../../src/index.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { createRandom, randomArray } from '../support/random.js';
import { evaluateTree } from './index-tree-evaluate.js';

/**
 * Readable derivations in the differential view (issue 12 item 8): the function and its
 * differential are the one index-notation tree the other views print — the user's index names, the
 * program's definitions by name (d a1[j] reads tanh′(z1[j]) dz1[j], not tanh′(W1[j,k] x[k] + b1[j])).
 */
const net = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;

const lines = (text: string): string[] => text.split('\n').map((l) => l.replace(/ {4}\(\w+\)$/, ''));

describe('the differential view keeps names', () => {
  it('keeps the user\'s index names: z[i] = W[i,j] x[j] gives tanh′(z[i]) dW[i,j] x[j], not W[i,l] x[l]', () => {
    const view = toDifferential(grad('z[i] = W[i,j] x[j]\na[i] = tanh(z[i])\nL = a[i] y[i]', 'L', 'W'))!;
    expect(lines(view.text)).toEqual([
      'L = a[i] y[i]',
      'dL = tanh′(z[i]) dW[i,j] x[j] y[i]',
      'dL = tanh′(z[i]) x[j] y[i] dW[i,j]',
      '∂L/∂W[i,j] = tanh′(z[i]) x[j] y[i]',
      // the same derivative as grad prints it: its factor order, tanh′ as 1 − a²
      '∂L/∂W[i,j] = x[j] y[i] (1 - a[i]^2)',
    ]);
  });

  it('prints the 2-layer net\'s definitions by name in text and LaTeX, unfolding each one level where the chain rule passes', () => {
    const view = toDifferential(grad(net, 'C', 'W1'))!;
    expect(lines(view.text)).toEqual([
      'C = 0.25 sum[i]((a2[i] - y[i])^2)',
      'dC = sum[i](0.5 (a2[i] - y[i]) tanh′(z2[i]) W2[i,j] tanh′(z1[j]) dW1[j,k] x[k])',
      'dC = sum[i](0.5 (a2[i] - y[i]) tanh′(z2[i]) W2[i,j] tanh′(z1[j]) x[k]) dW1[j,k]',
      '∂C/∂W1[j,k] = sum[i](0.5 (a2[i] - y[i]) tanh′(z2[i]) W2[i,j] tanh′(z1[j]) x[k])',
      '∂C/∂W1[j,k] = 0.5 W2[i,j] x[k] (1 - a1[j]^2) (1 - a2[i]^2) (a2[i] - y[i])',
    ]);
    expect(view.latex).toContain('\\tanh\'\\left(\\mathrm{z1}_{j}\\right)');
    expect(view.latex).not.toContain('\\tanh\\left(');
    expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
  });

  it('identifies derivatives equal to grad\'s for every parameter of the net (definitions evaluated by name)', () => {
    const random = createRandom(12);
    const inputs: Record<string, DenseArray> = {
      W1: randomArray([3, 4], random), x: randomArray([4], random), b1: randomArray([3], random),
      W2: randomArray([2, 3], random), b2: randomArray([2], random), y: randomArray([2], random),
    };
    for (const wrt of ['W1', 'b1', 'W2', 'b2']) {
      const d = grad(net, 'C', wrt);
      const env = { ...inputs };
      for (const [node, name] of d.names()) if (name !== 'C') env[name] = evaluateOne(node, inputs);
      const view = toDifferential(d)!;
      const expected = evaluateOne(d.result.node, inputs);
      const shape = inputs[wrt]!.shape;
      const count = shape.reduce((a, b) => a * b, 1);
      for (let flat = 0; flat < count; flat++) {
        const at = shape.length === 1 ? [flat] : [Math.floor(flat / shape[1]!), flat % shape[1]!];
        const symbolic = evaluateTree(view.derivative, env, new Map(view.indices.map((i, k) => [i, at[k]!])));
        expect(symbolic, `${wrt} ${at.join(',')}: ${view.steps[3]!.formula.text}`).toBeCloseTo(expected.data[flat]!, 12);
      }
    }
  });

  it.each([
    ['an inverse by name', 'X: [n, n]\nY[i,j] = inv(X)[i,j]\nL = a[i] Y[i,j] b[j]', 'X'],
    ['a definition used twice', 'h[i] = tanh(W[i,j] x[j])\nL = h[i] h[i]', 'W'],
    ['a definition inside a sum', 'u[i] = W[i,j] x[j]\nv[i] = exp(u[i]) + u[i]\nL = v[i] y[i]', 'W'],
  ])('%s: identified derivative equals grad\'s entry by entry', (_, program, wrt) => {
    const d = grad(program, 'L', wrt);
    const random = createRandom(4);
    const inputs: Record<string, DenseArray> = {};
    for (const x of d.program.inputs.values()) inputs[x.name] = randomArray(x.shape.map(() => 3), random);
    if (inputs.X) for (let k = 0; k < 3; k++) inputs.X.data[k * 4] = inputs.X.data[k * 4]! + 3;
    const env = { ...inputs };
    for (const [node, name] of d.names()) if (name !== 'L') env[name] = evaluateOne(node, inputs);
    const view = toDifferential(d)!;
    expect(view.steps[0]!.formula.text).not.toMatch(/tanh|inv|exp/);
    const expected = evaluateOne(d.result.node, inputs);
    for (let flat = 0; flat < expected.data.length; flat++) {
      const at = view.indices.length === 1 ? [flat] : [Math.floor(flat / 3), flat % 3];
      const symbolic = evaluateTree(view.derivative, env, new Map(view.indices.map((i, k) => [i, at[k]!])));
      expect(symbolic, view.text).toBeCloseTo(expected.data[flat]!, 10);
    }
  });
});
