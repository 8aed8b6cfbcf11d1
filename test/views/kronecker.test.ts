import fc from 'fast-check';
import katex from 'katex';
import { describe, expect, it } from 'vitest';
import { evaluateOne } from '../../compiler/2-network/evaluate-network.js';
import { createGraph, type Graph } from '../../compiler/2-network/graph.js';
import type { Factor, IndexName, Node } from '../../compiler/2-network/network.js';
import type { DenseArray } from '../../runtime/strided-array.js';
import { toKronecker, type KroneckerView } from '../../compiler/views/kronecker/to-kronecker.js';
import { flattenJacobian, materializeKronecker } from '../../compiler/views/kronecker/materialize.js';
import { createRandom, maxScaledDiff, randomArray } from '../support/random.js';
import fixtures from '../fixtures/views.json' with { type: 'json' };
import { fromNested, fromNestedRecord, type Nested } from './views-support.js';
import { hessian, jacobian } from '../../src/derive.js';
import { toKronecker as kroneckerOf } from '../../src/index.js';
import { jacobianMatrix } from '../../compiler/views/kronecker/describe.js';
import { evaluateMatrix } from './matrix-evaluate.js';

const f = (node: Node, ...indices: IndexName[]): Factor => ({ node, indices });

/** The Jacobians of classic identities, written as the calculus stage writes them (δ-contracted). */
function identities(g: Graph) {
  const A = g.input('A', [2, 3]);
  const X = g.input('X', [3, 4]);
  const B = g.input('B', [4, 5]);
  const S = g.input('S', [3, 3]);
  const y = g.input('y', [4]);
  const inv = g.matfn('inv', S);
  return {
    // ∂(A X B)[a,b]/∂X[k,l] = A[a,k] B[l,b]
    AXB: { node: g.contract([f(A, 'a', 'k'), f(B, 'l', 'b')], ['a', 'b', 'k', 'l']), ofRank: 2 },
    // ∂(Xᵀ)[a,b]/∂X[k,l] = δ[a,l] δ[b,k]
    transpose: { node: g.contract([f(g.delta(4), 'a', 'l'), f(g.delta(3), 'b', 'k')], ['a', 'b', 'k', 'l']), ofRank: 2 },
    // ∂(S⁻¹)[a,b]/∂S[k,l] = −S⁻¹[a,k] S⁻¹[l,b]
    inv: { node: g.contract([f(g.constant(-1)), f(inv, 'a', 'k'), f(inv, 'l', 'b')], ['a', 'b', 'k', 'l']), ofRank: 2 },
    // ∂(X y)[a]/∂X[k,l] = δ[a,k] y[l]
    Xy: { node: g.contract([f(g.delta(3), 'a', 'k'), f(y, 'l')], ['a', 'k', 'l']), ofRank: 1 },
    // ∂(X Xᵀ)[a,b]/∂X[k,l] = δ[a,k] X[b,l] + X[a,l] δ[b,k]
    XXt: {
      node: g.add([
        { node: g.contract([f(g.delta(3), 'a', 'k'), f(X, 'b', 'l')], ['a', 'b', 'k', 'l']), indices: ['a', 'b', 'k', 'l'], coefficient: 1 },
        { node: g.contract([f(X, 'a', 'l'), f(g.delta(3), 'b', 'k')], ['a', 'b', 'k', 'l']), indices: ['a', 'b', 'k', 'l'], coefficient: 1 },
      ], ['a', 'b', 'k', 'l']), ofRank: 2,
    },
    // Hessian of xᵀ S x: H[k,l] = S[k,l] + S[l,k]
    hessianQuadratic: {
      node: g.add([
        { node: S, indices: ['k', 'l'], coefficient: 1 }, { node: S, indices: ['l', 'k'], coefficient: 1 },
      ], ['k', 'l']), ofRank: 1,
    },
    // ∂(M ⊙ X)[a,b]/∂X[k,l] = M[a,b] δ[a,k] δ[b,l]: an elementwise factor on F's entries, J = diag(vec M)
    hadamard: { node: g.contract([f(g.input('M', [3, 4]), 'a', 'b'), f(g.delta(3), 'a', 'k'), f(g.delta(4), 'b', 'l')], ['a', 'b', 'k', 'l']), ofRank: 2 },
    // ∂tanh(A X)[a,b]/∂X[k,l] = T[a,b] A[a,k] δ[b,l] (T = 1 − tanh²): J = diag(vec T) (I ⊗ A)
    maskedProduct: { node: g.contract([f(g.input('T', [2, 4]), 'a', 'b'), f(A, 'a', 'k'), f(g.delta(4), 'b', 'l')], ['a', 'b', 'k', 'l']), ofRank: 2 },
    // gradient of tr(A X B) wrt X: G[k,l] = A[a,k] B[l,a] summed (here A is 2×3, B 4×5 → use Bᵀ-shaped)
    gradient: { node: g.contract([f(g.input('P', [5, 3]), 'a', 'k'), f(B, 'l', 'a')], ['k', 'l']), ofRank: 0 },
  };
}

function viewOf(g: Graph, node: Node, ofRank: number, vec: 'column' | 'row'): KroneckerView {
  const indices = ['a', 'b', 'k', 'l'].slice(2 - ofRank).slice(0, node.shape.length);
  return toKronecker({ graph: g, result: { node, indices: ofRank === 0 ? ['k', 'l'] : indices } }, { vec, ofRank });
}

describe('vec/Kronecker view', () => {
  const g = createGraph();
  const cases = identities(g);
  const random = createRandom(11);
  const inputs = {
    A: randomArray([2, 3], random), X: randomArray([3, 4], random), B: randomArray([4, 5], random),
    S: (() => { const s = randomArray([3, 3], random); for (let k = 0; k < 3; k++) s.data[k * 4] = s.data[k * 4]! + 3; return s; })(),
    y: randomArray([4], random), P: randomArray([5, 3], random), M: randomArray([3, 4], random), T: randomArray([2, 4], random),
  };

  it('writes the textbook forms in both vec orders', () => {
    const axb = viewOf(g, cases.AXB.node, 2, 'column');
    expect(axb.column?.text).toBe('Bᵀ ⊗ A');
    expect(axb.row?.text).toBe('A ⊗ Bᵀ');
    expect(axb.text).toContain('d vec F = J d vec X');
    expect(axb.explanation).toContain('stacks columns');
    expect(viewOf(g, cases.transpose.node, 2, 'column').column?.text).toBe('K_(3,4)');
    expect(viewOf(g, cases.transpose.node, 2, 'row').row?.text).toBe('K_(4,3)');
    expect(viewOf(g, cases.inv.node, 2, 'column').column?.text).toBe('−S⁻ᵀ ⊗ S⁻¹');
    expect(viewOf(g, cases.inv.node, 2, 'row').row?.text).toBe('−S⁻¹ ⊗ S⁻ᵀ');
    expect(viewOf(g, cases.Xy.node, 1, 'column').column?.text).toBe('yᵀ ⊗ I_3');
    expect(viewOf(g, cases.hessianQuadratic.node, 1, 'column').column?.text).toBe('S + Sᵀ');
    expect(viewOf(g, cases.hadamard.node, 2, 'column').column?.text).toBe('diag(vec(M))');
    expect(viewOf(g, cases.hadamard.node, 2, 'row').row?.text).toBe('diag(vecᵣ(M))');
    expect(viewOf(g, cases.maskedProduct.node, 2, 'column').column?.text).toBe('diag(vec(T)) (I_4 ⊗ A)');
    expect(viewOf(g, cases.maskedProduct.node, 2, 'row').row?.latex).toContain('\\mathop{\\mathrm{vec}}\\nolimits_r');
  });

  it('materialises J equal to the flattened index Jacobian, for every identity and both orders', () => {
    for (const [name, c] of Object.entries(cases))
      for (const vec of ['column', 'row'] as const) {
        const view = viewOf(g, c.node, c.ofRank, vec);
        expect(view.form.kind, name).not.toBe('none');
        const j = materializeKronecker(view, inputs)!;
        const expected = flattenJacobian(evaluateOne(c.node, inputs), c.ofRank, vec);
        expect(maxScaledDiff(j, expected), `${name} ${vec}`).toBeLessThan(1e-12);
        const shown = jacobianMatrix(view.form, vec);
        if (shown) {
          const m = evaluateMatrix(shown, inputs);
          expect(maxScaledDiff({ shape: [m.rows, m.cols], data: m.data }, expected), `${name} ${vec}: J = ${view[vec]?.text}`).toBeLessThan(1e-12);
        }
      }
  });

  it('matches numpy.kron for A X B, X⁻¹ and X y', () => {
    const byName = { AXB: cases.AXB, inv: cases.inv, Xy: cases.Xy } as const;
    for (const fixture of fixtures.kronecker) {
      const c = byName[fixture.name as keyof typeof byName];
      const values = fromNestedRecord(fixture.inputs as unknown as Readonly<Record<string, Nested>>);
      const named = fixture.name === 'inv' ? { S: values.X! } : values;
      for (const vec of ['column', 'row'] as const) {
        const j = materializeKronecker(viewOf(g, c.node, c.ofRank, vec), named)!;
        expect(maxScaledDiff(j, fromNested(fixture[vec])), `${fixture.name} ${vec}`).toBeLessThan(1e-12);
      }
    }
  });

  it('shows and materialises J equal to the index Jacobian for random separable networks', () => {
    const sizes: Record<string, number> = { a: 2, b: 3, k: 4, l: 2, s: 3 };
    const factorArb = fc.array(fc.constantFrom('a', 'b', 'k', 'l', 's'), { minLength: 1, maxLength: 2 });
    let closed = 0;
    fc.assert(fc.property(fc.array(factorArb, { minLength: 1, maxLength: 4 }), fc.constantFrom('column', 'row') as fc.Arbitrary<'column' | 'row'>, (specs, vec) => {
      const g = createGraph();
      const values: Record<string, DenseArray> = {};
      const present = new Set(specs.flat());
      const all: string[][] = [...specs, ...(['a', 'b', 'k', 'l'] as const).filter((i) => !present.has(i)).map((i) => [i])];
      const factors = all.map((ix, n) => {
        const node = g.input(`T${n}`, ix.map((i) => sizes[i]!));
        values[`T${n}`] = randomArray(node.shape as number[], random);
        return f(node, ...ix);
      });
      const node = g.contract(factors, ['a', 'b', 'k', 'l']);
      const view = toKronecker({ graph: g, result: { node, indices: ['a', 'b', 'k', 'l'] } }, { vec, ofRank: 2 });
      if (view.form.kind === 'none') return;
      closed++;
      const expected = flattenJacobian(evaluateOne(node, values), 2, vec);
      expect(maxScaledDiff(materializeKronecker(view, values)!, expected), view.text).toBeLessThan(1e-12);
      const m = evaluateMatrix(jacobianMatrix(view.form, vec)!, values);
      expect(maxScaledDiff({ shape: [m.rows, m.cols], data: m.data }, expected), view.text).toBeLessThan(1e-12);
    }), { numRuns: 150, seed: 5 });
    expect(closed).toBeGreaterThan(30);
  });

  it('reads an elementwise map as diag(vec …)', () => {
    const E = g.map({ name: 'exp' }, g.input('X', [3, 4]));
    // ∂exp(X)[a,b]/∂X[k,l] = exp(X)[a,b] δ[a,k] δ[b,l]: diag(vec exp X)
    const node = g.contract([f(E, 'a', 'b'), f(g.delta(3), 'a', 'k'), f(g.delta(4), 'b', 'l')], ['a', 'b', 'k', 'l']);
    const view = viewOf(g, node, 2, 'column');
    expect(view.column?.text).toBe('diag(vec(exp(X)))');
    expect(maxScaledDiff(materializeKronecker(view, inputs)!, flattenJacobian(evaluateOne(node, inputs), 2, 'column'))).toBeLessThan(1e-12);
  });

  it('says so when there is no closed Kronecker form and shows the index form', () => {
    // the row-softmax Jacobian's second term, P[a,b] P[a,l] δ[a,k]: P[a,l] ties F's row to X's column
    const P = g.input('M', [3, 4]);
    const node = g.contract([f(P, 'a', 'b'), f(P, 'a', 'l'), f(g.delta(3), 'a', 'k')], ['a', 'b', 'k', 'l']);
    const view = viewOf(g, node, 2, 'column');
    expect(view.form.kind).toBe('none');
    expect(view.text).toContain('no closed Kronecker form');
    expect(view.text).toContain('M[a,b] M[a,l] δ[a,k]');
    expect(materializeKronecker(view, inputs)).toBeUndefined();
  });
});

describe('vec/Kronecker view of derivatives from source text', () => {
  const random = createRandom(23);
  const cases = [
    { source: 'A: [2, 3]\nX: [3, 4]\nB: [4, 2]\nF[a,b] = A[a,i] X[i,j] B[j,b]', column: 'Bᵀ ⊗ A', row: 'A ⊗ Bᵀ', shapes: { A: [2, 3], X: [3, 4], B: [4, 2] } },
    { source: 'X: [3, 4]\nF[a,b] = X[b,a]', column: 'K_(3,4)', row: 'K_(4,3)', shapes: { X: [3, 4] } },
    { source: 'X: [3, 3]\nF[a,b] = inv(X)[a,b]', column: '−X⁻ᵀ ⊗ X⁻¹', row: '−X⁻¹ ⊗ X⁻ᵀ', shapes: { X: [3, 3] } },
    { source: 'X: [3, 4]\ny: [4]\nF[a] = X[a,j] y[j]', column: 'yᵀ ⊗ I_3', row: 'I_3 ⊗ yᵀ', shapes: { X: [3, 4], y: [4] } },
  ];

  it('identifies J for calculus results and materialises it equal to the index Jacobian', () => {
    for (const c of cases) {
      const d = jacobian(c.source, 'F', 'X');
      const ofRank = d.of.indices.length;
      const inputs = Object.fromEntries(Object.entries(c.shapes).map(([k, s]) => [k, randomArray(s, random)]));
      if (c.source.includes('inv')) for (let k = 0; k < 3; k++) inputs.X!.data[k * 4] = inputs.X!.data[k * 4]! + 3;
      for (const vec of ['column', 'row'] as const) {
        const view = toKronecker({ graph: d.program.graph, result: d.result }, { vec, ofRank, of: 'F', wrt: 'X' });
        expect(view[vec]?.text, c.source).toBe(c[vec]);
        const expected = flattenJacobian(evaluateOne(d.result.node, inputs), ofRank, vec);
        expect(maxScaledDiff(materializeKronecker(view, inputs)!, expected), c.source).toBeLessThan(1e-12);
        const m = evaluateMatrix(jacobianMatrix(view.form, vec)!, inputs);
        expect(maxScaledDiff({ shape: [m.rows, m.cols], data: m.data }, expected), `${c.source} shown J`).toBeLessThan(1e-12);
        expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
      }
    }
  });

  it('identifies the Hessian of xᵀ A x as A + Aᵀ: d²f = (d vec x)ᵀ J (d vec x)', () => {
    const h = hessian('A: [3, 3]\nL = x[i] A[i,j] x[j]', 'L', 'x');
    const view = toKronecker({ graph: h.program.graph, result: h.result }, { vec: 'column', ofRank: 1, of: 'L', wrt: 'x', order: 'hessian' });
    expect(view.column?.text).toBe('A + Aᵀ');
    expect(view.text).toContain('d²L = (d vec x)ᵀ J (d vec x)');
    expect(katex.renderToString(view.latex, { throwOnError: true })).toContain('katex');
  });

  it('identifies the Hessian of tr(Xᵀ A X) as I ⊗ (A + Aᵀ) (row-major: (A + Aᵀ) ⊗ I)', () => {
    const h = hessian('A: [3, 3]\nX: [3, 2]\nL = X[i,j] A[i,k] X[k,j]', 'L', 'X');
    const inputs = { A: randomArray([3, 3], random), X: randomArray([3, 2], random) };
    for (const vec of ['column', 'row'] as const) {
      const view = toKronecker({ graph: h.program.graph, result: h.result }, { vec, ofRank: 2, of: 'L', wrt: 'X', order: 'hessian' });
      expect(view[vec]?.text).toBe(vec === 'column' ? 'I_2 ⊗ (A + Aᵀ)' : '(A + Aᵀ) ⊗ I_2');
      const expected = flattenJacobian(evaluateOne(h.result.node, inputs), 2, vec);
      const m = evaluateMatrix(jacobianMatrix(view.form, vec)!, inputs);
      expect(maxScaledDiff({ shape: [m.rows, m.cols], data: m.data }, expected)).toBeLessThan(1e-12);
      expect(maxScaledDiff(materializeKronecker(view, inputs)!, expected)).toBeLessThan(1e-12);
    }
  });
});

describe('second-derivative labels', () => {
  it('labels a mixed Hessian by both variables, in text and LaTeX', () => {
    const src = 'x: [3]\nW1: [4, 3]\nW2: [2, 4]\nz[i] = W1[i,j] x[j]\nL = 0.5 * (W2[k,i] z[i])^2';
    const view = kroneckerOf(hessian(src, 'L', ['W1', 'W2']));
    expect(view.text).toMatch(/^index form: ∂²L\/∂W1∂W2\[/);
    expect(view.text).toContain('d²L = (d vec W1)ᵀ J (d vec W2)');
    expect(view.latex).toContain('\\partial \\mathrm{W1}\\,\\partial \\mathrm{W2}');
    expect(kroneckerOf(hessian('x: [3]\nA: [3, 3]\nf = x[i] A[i,j] x[j]', 'f', 'x')).text).toMatch(/^index form: ∂²f\/∂x∂x\[/);
  });
});
