import ndarray from 'ndarray';
import { describe, expect, it } from 'vitest';
import { compileNetwork, compileSharedNetwork, deriveGradients } from '../../compiler/driver/index.js';
import { toMatrixNotation, evaluate, grad, gradients, isRicciError, toPython } from '../../src/index.js';

/**
 * `gradients` with definitions among the variables: ∂L/∂z1 is the adjoint, as `grad(src, 'L', 'z1')`
 * gives it (z1 treated as a leaf), computed in the same plan as the parameters' gradients.
 */
const rnd = (n: number, s: number): Float64Array => Float64Array.from({ length: n }, (_, k) => Math.sin(s + 1.3 * k) * 0.5);
const first = 'z1[a,i] = X[a,j] W1[j,i] + b1[i]';
const rest = `h[a,i] = tanh(z1[a,i])
z2[a,k] = h[a,i] W2[i,k] + b2[k]
L = 0.5 * sum[a,k]((z2[a,k] - Y[a,k])^2)`;
const mlp = `${first}\n${rest}`;
const [B, D, H, K] = [5, 4, 3, 2];
const shapes = { X: [B, D], W1: [D, H], b1: [H], W2: [H, K], b2: [K], Y: [B, K] };
const inputs = Object.fromEntries(Object.entries(shapes).map(([name, shape], k) =>
  [name, ndarray(rnd(shape.reduce((p, n) => p * n, 1), k + 1), shape)]));
const wrt = ['W1', 'z1', 'b2', 'h', 'z2'];

/** ∂L/∂(definition) by central differences of the program from that definition on, the definition an input (a leaf). */
function leafDifferences(name: string): number[] {
  const statements = mlp.split('\n');
  const at = statements.findIndex((s) => s.startsWith(`${name}[`));
  const before = evaluate(statements.slice(0, at + 1).join('\n'), inputs)[name]!;
  const after = statements.slice(at + 1).join('\n');
  const loss = (v: Float64Array) => evaluate(after, { ...inputs, [name]: ndarray(v, before.shape) })['L']!.get() as number;
  const base = Float64Array.from(before.data as ArrayLike<number>);
  return Array.from(base, (_, k) => {
    const e = 1e-6;
    const up = base.slice(); up[k]! += e;
    const down = base.slice(); down[k]! -= e;
    return (loss(up) - loss(down)) / (2 * e);
  });
}

describe('gradients with respect to definitions (adjoints) and inputs at once', () => {
  const g = gradients(mlp, 'L', wrt);
  const out = g.compile(shapes).run(inputs);

  it('each equals grad of that one variable and central differences (a definition perturbed as a leaf)', () => {
    for (const name of wrt) {
      const single = grad(mlp, 'L', name).evaluate(inputs);
      const got = out.gradients[name]!;
      expect(got.shape).toEqual(single.shape);
      Array.from(single.data).forEach((v, k) => expect(got.data[k]).toBeCloseTo(v, 12));
    }
    for (const name of ['z1', 'h', 'z2']) {
      const fd = leafDifferences(name);
      const got = Array.from(g.evaluate(inputs).gradients[name]!.data);
      expect(got.length).toBe(fd.length);
      got.forEach((v, k) => expect(v).toBeCloseTo(fd[k]!, 6));
    }
    expect(out.value).toBeCloseTo(evaluate(mlp, inputs)['L']!.get() as number, 12);
  });

  it('a definition\'s Derivative is grad\'s: the same views, check and NumPy export', () => {
    const single = grad(mlp, 'L', 'z1');
    const d = g.derivatives['z1']!;
    expect(d.toString()).toBe(single.toString());
    expect(toMatrixNotation(d).text).toBe(toMatrixNotation(single).text);
    expect(Array.from(d.evaluate(inputs).data)).toEqual(Array.from(single.evaluate(inputs).data));
    expect(toPython(d)).toBe(toPython(single));
    expect(d.check(inputs).ok).toBe(true);
  });

  it('one plan: the forward pass X W1 is computed once for the value, ∂L/∂W1 and ∂L/∂z1', () => {
    const { value, plan } = deriveGradients(mlp, 'L', ['W1', 'z1']);
    const roots = [value, ...plan.map((p) => p.evaluable)];
    const readsBoth = (network: ReturnType<typeof compileNetwork>): number => {
      const [x, w1] = [network.inputs.indexOf('X'), network.inputs.indexOf('W1')];
      return network.plans.filter((p) => {
        const read = new Set(p.steps.flatMap((s) => s.inputs.flatMap((r) => (r.kind === 'input' ? [r.index] : []))));
        return read.has(x) && read.has(w1);
      }).length;
    };
    // z1's adjoint reads z1 = X W1 + b1 from the program's own graph, not an input z1 of a cut program
    expect(plan[1]!.inputs.required.map((n) => n.name).sort()).toEqual(['W1', 'W2', 'X', 'Y', 'b1', 'b2']);
    expect(readsBoth(compileSharedNetwork(roots, shapes))).toBe(1);
    expect(readsBoth(compileNetwork(roots, shapes))).toBe(3);
  });

  it('a name that is neither input nor definition lists both; so does the one differentiated', () => {
    for (const name of ['nope', 'L']) {
      let e: unknown;
      try { gradients(mlp, 'L', ['W1', name]); } catch (x) { e = x; }
      expect(isRicciError(e) && e.code).toBe('derivative_wrt_not_input');
      const message = (e as Error).message;
      expect(message).toContain('inputs: X, W1, b1, W2, b2, Y');
      expect(message).toContain('definitions: z1, h, z2)');
    }
  });
});

describe('a variable that is also a named adjoint', () => {
  it('is printed once, in the recursion, with its symbol', () => {
    const g = gradients(mlp, 'L', ['W1', 'z1'], { adjoints: ['z1'] });
    const lines = g.toString().split('\n');
    expect(lines).toEqual([g.adjoints['z1']!.toString(), g.derivatives['W1']!.toString()]);
    expect(lines[0]).toMatch(/^δz1\[i,j\] = dL\/dz1\[i,j\] = /);
    expect(g.derivatives['z1']!.toString()).toBe(lines[0]);
    const values = g.evaluate(inputs).gradients['z1']!;
    Array.from(grad(mlp, 'L', 'z1').evaluate(inputs).data).forEach((v, k) => expect(values.data[k]).toBeCloseTo(v, 12));
  });
});
