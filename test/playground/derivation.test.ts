import { describe, expect, it } from 'vitest';
import { grad } from '../../src/index.js';
import { check, derive } from '../../playground/app/derivation.js';
import { gallery } from '../../playground/app/gallery.js';
import { typeMatrixInput } from '../../playground/app/matrix-typing.js';
import { decodeState, defaultState, encodeState, type PlaygroundState } from '../../playground/app/state.js';

/** The playground's logic without a browser: what it derives, how it types matrix input, its URL state. */
const stateOf = (partial: Partial<PlaygroundState>): PlaygroundState => ({ ...defaultState, of: '', wrt: '', ...partial });

/** Textbook answers (Matrix Cookbook, the seeds' accepted answers) in the denominator layout. */
const textbook: Readonly<Record<string, string>> = {
  'Seed 001 · L = f·y, f = X·W + b': '∂L/∂W = Xᵀ yᵀ',
  'Quadratic form xᵀAx': '∂f/∂x = (A + Aᵀ) x',
  'Hessian of xᵀAx': '∂²f/∂x∂xᵀ = A + Aᵀ',
  'Trace tr(A X B)': '∂f/∂X = Aᵀ Bᵀ',
  'log det X': '∂f/∂X = X⁻ᵀ',
  'Least squares ‖Ax − b‖²': '∂f/∂x = 2 Aᵀ (A x − b)',
};

describe('playground derivations', () => {
  for (const entry of gallery)
    it(`gallery: ${entry.title} derives, every view is filled, and the numeric check passes`, () => {
      const outcome = derive(stateOf(entry.state));
      if (outcome.kind === 'failed') throw new Error(outcome.message);
      expect(outcome.matrix.map((m) => m.layout).slice(0, 2)).toEqual(['denominator', 'numerator']);
      const expected = textbook[entry.title];
      if (expected) expect(outcome.matrix[0]!.text.split('\n')[0]).toBe(expected);
      expect(outcome.steps.length).toBeGreaterThanOrEqual(3);
      for (const s of outcome.steps) expect(s.svg).toMatch(/^<svg /);
      expect(outcome.steps[0]!.description).toContain(`${outcome.of}`);
      const result = check(outcome);
      expect(result.ok, `max error ${result.maxError}`).toBe(true);
    });

  it('gallery titles are unique and every seed question is there', () => {
    const titles = gallery.map((g) => g.title);
    expect(new Set(titles).size).toBe(titles.length);
    for (const seed of ['Seed 000', 'Seed 001', 'Seed 002']) expect(titles.some((t) => t.startsWith(seed))).toBe(true);
  });

  it('the inverse’s Jacobian has a Kronecker form, and a view the library cannot give says so in place', () => {
    const outcome = derive(stateOf(gallery.find((g) => g.title.startsWith('Inverse'))!.state));
    if (outcome.kind === 'failed') throw new Error(outcome.message);
    // Magnus–Neudecker: d vec X⁻¹ = −(X⁻ᵀ ⊗ X⁻¹) d vec X; row-major vec swaps the factors
    expect(outcome.kronecker).toContain('d vec Y = J d vec X, J = −X⁻ᵀ ⊗ X⁻¹');
    expect(outcome.kronecker).toContain('d vecᵣ Y = J d vecᵣ X, J = −X⁻¹ ⊗ X⁻ᵀ');
    // a standalone module cannot compute inv: the JavaScript panel carries the coded reason
    expect(outcome.javascript).toMatch(/^\/\/ not available for this derivative:\n\/\/ module_matrix_function: A standalone module cannot compute inv/);
  });

  it('reports a bad input as a coded error quoting the input with a caret', () => {
    const outcome = derive(stateOf({ source: 'L = x[i] W[i,j] y[j' }));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.code).toBe('unexpected_token');
    const [, quoted, caret] = outcome.message.split('\n');
    expect(quoted!.trim()).toBe('L = x[i] W[i,j] y[j');
    expect(caret!.indexOf('^')).toBe(quoted!.length);
  });

  it('carries the language\'s warnings, quoting the input with a caret, alongside the derivative', () => {
    const outcome = derive(stateOf({ source: 'L = x[i] W[i,j] y[k]', wrt: 'W' }));
    expect(outcome.kind).toBe('derived');
    expect(outcome.warnings?.map((w) => w.code)).toEqual(['index_summed_once', 'index_summed_once']);
    const [, quoted, caret] = outcome.warnings![1]!.message.split('\n');
    expect(caret!.indexOf('^')).toBe(quoted!.indexOf('k'));
    expect(derive(stateOf({ source: 'L = x[i] W[i,j] y[j]' })).warnings).toEqual([]);
  });

  it('a grad of a non-scalar is refused with its code, and the pickers still get the names', () => {
    const outcome = derive(stateOf({ source: 'f[j] = x[i] W[i,j]', kind: 'grad' }));
    expect(outcome.kind === 'failed' && outcome.code).toBe('grad_of_not_scalar');
    expect(outcome.kind === 'failed' && outcome.names?.inputs).toEqual(['x', 'W']);
  });

  it('picks the last definition and the first input when the state names none, and honours a named variable', () => {
    const first = derive(stateOf({ source: 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]' }));
    expect(first.kind === 'derived' && [first.of, first.wrt]).toEqual(['L', 'x']);
    const named = derive(stateOf({ source: 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]', wrt: 'b' }));
    expect(named.kind === 'derived' && named.index).toBe('dL/db[j] = y[j]');
  });

  it('random inputs honour `symmetric` and give distinct symbols distinct sizes', () => {
    const outcome = derive(stateOf({ source: 'A: [n, n] symmetric\nB: [n, m]\nf = x[i] A[i,j] x[j] + x[i] B[i,k] y[k]', wrt: 'x' }));
    if (outcome.kind === 'failed') throw new Error(outcome.message);
    const A = outcome.inputs.values['A']!;
    const n = A.shape[0]!;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(A.data[i * n + j]).toBe(A.data[j * n + i]);
    expect(outcome.inputs.sizes['n']).not.toBe(outcome.inputs.sizes['m']);
    expect(outcome.inputs.shapes['B']).toEqual([outcome.inputs.sizes['n'], outcome.inputs.sizes['m']]);
    expect(check(outcome).ok).toBe(true);
  });
});

describe('matrix-notation typing by letter', () => {
  it('a–g scalars, h–z vectors, A–Z matrices; function names are not variables', () => {
    expect(typeMatrixInput("a*x'*A*x + tr(B)").shapes).toEqual({ a: [], x: ['n'], A: ['n', 'n'], B: ['n', 'n'] });
  });

  it('declaration lines above the expression override the letters', () => {
    const typed = typeMatrixInput('A: [m, n]\nb: [m]\n\n(A*x - b)\'*(A*x - b)');
    expect(typed.shapes).toEqual({ A: ['m', 'n'], b: ['m'], x: ['n'] });
    expect(typed.expression).toBe("(A*x - b)'*(A*x - b)");
    expect(typed.offset).toBe('A: [m, n]\nb: [m]\n\n'.length);
  });

  it('matrix input\'s helper definitions never show by a made-up name in the index, matrix and step views', () => {
    const outcome = derive(stateOf({ source: "tr(X) * x'*x", notation: 'matrix', wrt: 'x' }));
    expect(outcome.kind).toBe('derived');
    if (outcome.kind !== 'derived') return;
    expect(outcome.index).toBe('df/dx[i] = 2 x[i] X[j,j]');
    expect(outcome.matrix[0]!.text.split('\n')[0]).toBe('∂f/∂x = 2 tr(X) x');
    for (const text of [outcome.index, outcome.stepsText, ...outcome.matrix.map((m) => m.text)]) expect(text).not.toMatch(/\bt\d\b/);
  });

  it('an unknown function in matrix notation is the library’s coded error, not a guess', () => {
    const outcome = derive(stateOf({ source: 'frob(X)', notation: 'matrix' }));
    expect(outcome.kind).toBe('failed');
    expect(outcome.kind === 'failed' && outcome.code).toMatch(/^matrix_input_/);
  });
});

describe('adjoints (backprop\'s δ)', () => {
  const seed2 = 'z1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j] + b2[i]\na2[i] = tanh(z2[i])\nC = 0.25 * sum[i]((a2[i] - y[i])^2)';

  it('named in the field, the gradient is written in the δ\'s and the recursion comes first, in the picked layout', () => {
    const outcome = derive(stateOf({ source: seed2, wrt: 'W1', adjoints: 'z2, z1', layout: 'numerator' }));
    expect(outcome.kind).toBe('derived');
    if (outcome.kind !== 'derived') return;
    expect(outcome.index).toBe('dC/dW1[i,j] = x[j] δz1[i]');
    expect(outcome.backprop?.text.split('\n')).toEqual([
      'δz2ᵀ = ∂C/∂z2 = 0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))ᵀ',
      'δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ',
      '∂C/∂W1 = x δz1ᵀ',
    ]);
    expect(check(outcome).ok).toBe(true);
    // the generated code computes what the δ's stand for
    expect(outcome.python).not.toContain('δ');
  });

  it('without adjoints there is no recursion; a name that is no definition is the library\'s coded error', () => {
    const plain = derive(stateOf({ source: seed2, wrt: 'W1' }));
    expect(plain.kind === 'derived' && plain.backprop).toBe(undefined);
    const wrong = derive(stateOf({ source: seed2, wrt: 'W1', adjoints: 'W2' }));
    expect(wrong.kind === 'failed' && wrong.code).toBe('adjoint_not_intermediate');
  });

  it('the variable picker offers the definitions before the function too; a definition gives grad\'s adjoint, checked', () => {
    const outcome = derive(stateOf({ source: seed2, wrt: 'z1' }));
    expect(outcome.kind).toBe('derived');
    if (outcome.kind !== 'derived') return;
    expect(outcome.variables).toEqual(['W1', 'x', 'b1', 'W2', 'b2', 'y', 'z1', 'a1', 'z2', 'a2']);
    expect(outcome.wrt).toBe('z1');
    expect(outcome.index).toBe(grad(seed2, 'C', 'z1').toString());
    expect(check(outcome).ok).toBe(true);
    // named among the adjoints too: its symbol, and the recursion card ends with it
    const named = derive(stateOf({ source: seed2, wrt: 'z1', adjoints: 'z2, z1' }));
    expect(named.kind === 'derived' && named.index).toMatch(/^δz1\[i\] = dC\/dz1\[i\] = /);
    expect(named.kind === 'derived' && named.backprop?.text.split('\n')).toEqual([
      'δz2 = ∂C/∂z2 = 0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))',
      'δz1 = ∂C/∂z1 = (W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)',
    ]);
    // differentiating an earlier definition: only the ones before it
    const inner = derive(stateOf({ source: seed2, of: 'a1', kind: 'jacobian', wrt: 'z1' }));
    expect(inner.kind === 'derived' && [inner.variables, inner.wrt]).toEqual([['W1', 'x', 'b1', 'W2', 'b2', 'y', 'z1'], 'z1']);
    // matrix input's helper definitions are names the user never typed: inputs only
    const matrix = derive(stateOf({ source: 'tr(A*X*B)', notation: 'matrix', wrt: 'X' }));
    expect(matrix.kind === 'derived' && matrix.variables).toEqual(matrix.kind === 'derived' && matrix.names.inputs);
  });
});

describe('state in the URL', () => {
  it('round-trips every field, including multi-line sources with symbols', () => {
    const state: PlaygroundState = {
      source: "x: [n]\nf = x[i] A[i,j] x[j] # ∂ & = ? + 'q'", notation: 'matrix', of: 'f', wrt: 'x',
      kind: 'hessian', layout: 'numerator', vectors: 'row', seed: 7, adjoints: 'z2, z1',
    };
    const hash = encodeState(state);
    expect(hash.startsWith('#src=')).toBe(true);
    expect(decodeState(hash)).toEqual(state);
    expect(decodeState(encodeState(defaultState))).toEqual(defaultState);
  });

  it('falls back to defaults for missing or invalid fields', () => {
    const state = decodeState('#src=L%20%3D%20x%5Bi%5D&kind=laplacian&layout=sideways&seed=-3');
    expect(state).toEqual({ ...defaultState, source: 'L = x[i]', wrt: '' });
    expect(decodeState('')).toEqual(defaultState);
  });
});
