import { describe, expect, it } from 'vitest';
import { checkNetwork } from '../../compiler/2-network/check-network.js';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph } from '../../compiler/2-network/graph.js';
import type { ContractNode, Node } from '../../compiler/2-network/network.js';
import { factorSharedContractions } from '../../compiler/2-network/shared-factors.js';
import { compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import { gradients } from '../../src/index.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';
import { mlpStep, mlpShapes } from '../support/mlp-step.js';

// the MLP step's dW1 = {W2, X, G, D} and db1 = {W2, G, D} (G = ∂L/∂z2, D = 1 − h², inputs here)
function mlpRoots() {
  const g = createGraph();
  const [X, W2, G, D] = [g.input('X', [5, 7]), g.input('W2', [4, 3]), g.input('G', [5, 3]), g.input('D', [5, 4])];
  const dW1 = g.contract([{ node: W2, indices: ['m', 's'] }, { node: X, indices: ['a', 'l'] }, { node: G, indices: ['a', 's'] },
    { node: D, indices: ['a', 'm'] }], ['l', 'm']);
  const db1 = g.contract([{ node: W2, indices: ['i', 'k'] }, { node: G, indices: ['b', 'k'] }, { node: D, indices: ['b', 'i'] }], ['i']);
  return { g, dW1, db1 };
}

describe('factorSharedContractions', () => {
  const random = createRandom(12);
  const inputs = { X: randomArray([5, 7], random), W2: randomArray([4, 3], random), G: randomArray([5, 3], random), D: randomArray([5, 4], random) };

  it('computes δ1 = (G W2ᵀ) ⊙ D once: dW1 = Xᵀ δ1 and db1 = column sums of δ1, values unchanged', () => {
    const { g, dW1, db1 } = mlpRoots();
    const [a, b] = factorSharedContractions(g, [dW1, db1]) as [ContractNode, ContractNode];
    expect(checkNetwork([a, b])).toEqual([]);
    const shared = b.factors[0]!.node;
    expect(b.factors).toHaveLength(1);
    expect(a.factors.map((f) => f.node.id)).toContain(shared.id);
    expect([...shared.shape].sort()).toEqual([4, 5]); // δ1 is batch × hidden, no larger than D
    for (const [before, after] of [[dW1, a], [db1, b]] as [Node, Node][]) {
      expect(maxScaledDiff(evaluateOne(after, inputs), evaluateOne(before, inputs))).toBeLessThan(1e-12);
    }
  });

  it('leaves roots alone when the shared product would be larger than every factor (an outer product)', () => {
    const g = createGraph();
    const [x, y, z] = [g.input('x', [3]), g.input('y', [4]), g.input('z', [3, 4])];
    const full = g.contract([{ node: x, indices: ['i'] }, { node: y, indices: ['j'] }, { node: z, indices: ['i', 'j'] }], []);
    const part = g.contract([{ node: x, indices: ['i'] }, { node: y, indices: ['j'] }], ['i', 'j']);
    expect(factorSharedContractions(g, [full, part])).toEqual([full, part]);
  });

  it('in the MLP training step, db1 reads the δ1 dW1 reads (one product fewer), gradients equal the reference evaluator', () => {
    const program = mlpStep;
    const shapes = mlpShapes(6, 5, 4, 3);
    const values = Object.fromEntries(Object.entries(shapes).map(([n, s]) => [n, randomArray(s, random)]));
    const g = gradients(program, 'L', ['W1', 'b1', 'W2', 'b2']);
    const step = g.compile(shapes);
    const run = step.run(values);
    for (const w of ['W1', 'b1', 'W2', 'b2']) {
      const reference = g.derivatives[w]!.evaluateReference(values);
      expect(maxScaledDiff(run.gradients[w]!, reference)).toBeLessThan(1e-12);
    }
    // one contraction step fewer than the roots as derived: db1 is δ1's column sum, not a product with W2 of its own
    const { value, plan } = deriveGradients(program, 'L', ['W1', 'b1', 'W2', 'b2']);
    const roots = [value, ...plan.map((p) => p.evaluable)];
    const steps = (r: readonly Node[]) => compileSharedNetwork(r, shapes).plans[0]!.steps.length;
    expect(steps(factorSharedContractions(plan[0]!.built.network.graph, roots))).toBe(steps(roots) - 1);
  });
});
