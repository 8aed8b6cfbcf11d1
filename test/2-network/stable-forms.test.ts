import { describe, expect, it } from 'vitest';
import { parseRicci } from '../../compiler/1-parse/ricci-parser.js';
import { buildProgram } from '../../compiler/2-network/build-network.js';
import type { MapNode } from '../../compiler/2-network/network.js';
import { compileNetwork } from '../../src/compile.js';
import { grad, jacobian } from '../../src/derive.js';
import { evaluate } from '../../src/evaluate.js';
import { toMatrixNotation } from '../../src/index.js';

/**
 * log(1 + exp(u)) as written is built as softplus(u), 1 / (1 + exp(u)) as sigmoid(−u) and
 * log(sum[i](exp(u))) as logsumexp[i](u), exp(u) / sum[i](exp(u)) as exp(u − logsumexp[i](u))
 * (compiler/2-network/stable-forms.ts): the same functions, evaluated without overflow, whose
 * derivatives read sigmoid and softmax.
 */
const softplus = (u: number): number => (u > 0 ? u + Math.log1p(Math.exp(-u)) : Math.log1p(Math.exp(u)));
const valueOf = (text: string, inputs: Record<string, number[] | number[][]>, name = 'L'): number[] => Array.from(evaluate(text, inputs)[name]!.data);

describe('log(1 + exp(u)) is softplus(u)', () => {
  it('builds one softplus Map, with the terms in either order and u of any rank', () => {
    for (const text of ['L[a] = log(1 + exp(z[a]))', 'L[a] = log(exp(z[a]) + 1)', 'L[a,b] = log(1 + exp(-y[a] X[a,b]))']) {
      const net = buildProgram(parseRicci(text));
      const root = net.definitions.get('L')!.node;
      expect(root.kind, text).toBe('map');
      expect((root as MapNode).fn.name, text).toBe('softplus');
    }
  });

  it('is finite where exp(u) overflows and keeps its value where 1 + exp(u) rounds to 1', () => {
    const z = [800, -40, 0, 3.5];
    expect(valueOf('L[a] = log(1 + exp(z[a]))', { z })).toEqual(z.map(softplus));
    // as written, 1 + exp(−40) is 1 and log gives 0; exp(800) is ∞
    expect(softplus(-40)).toBeGreaterThan(4e-18);
    expect(Math.log(1 + Math.exp(800))).toBe(Infinity);
  });

  it('its gradient reads sigmoid and exists at margins of 800 (exp(800) refused the point before)', () => {
    const d = grad('L = sum[a](log(1 + exp(-y[a] X[a,i] w[i])))', 'L', 'w');
    expect(d.toString()).toBe('dL/dw[i] = -sum[j](X[j,i] sigmoid(-X[j,k] w[k] y[j]) y[j])');
    expect(toMatrixNotation(d, { layout: 'denominator' }).text.split('\n')[0]).toBe('∂L/∂w = −Xᵀ (sigmoid(−((X w) ⊙ y)) ⊙ y)');
    const at = { X: [[1, 0], [0, 1]], y: [1, -1], w: [-800, 800] };
    expect(Array.from(d.evaluate(at).data)).toEqual([-1, 1]);
    expect(Array.from(d.compile({ X: [2, 2], y: [2], w: [2] }).run(at).data)).toEqual([-1, 1]);
  });

  it('compiled kernels compute the same softplus as the reference evaluator', () => {
    const net = buildProgram(parseRicci('z: [4]\nL[a] = log(1 + exp(z[a]))'));
    const root = net.definitions.get('L')!.node;
    const z = [800, -40, 0, 3.5];
    for (const backend of ['js', 'wasm'] as const)
      expect(Array.from(compileNetwork([root], { z: [4] }, { backend }).run({ z: { data: Float64Array.from(z), shape: [4], stride: [1], offset: 0 } })[0]!.data), backend).toEqual(z.map(softplus));
  });

  it('1 / (1 + exp(−u)) and (1 + exp(−u))^(-1) are sigmoid(u), the negation undone', () => {
    for (const text of ['s[a] = 1 / (1 + exp(-z[a]))', 's[a] = (1 + exp(-z[a]))^(-1)', 's[a] = 2 / (1 + exp(-z[a]))']) {
      const root = buildProgram(parseRicci(text)).definitions.get('s')!.node;
      const maps = root.kind === 'map' ? [root] : root.kind === 'contract' ? root.factors.map((f) => f.node).filter((n) => n.kind === 'map') : [];
      expect(maps.map((m) => (m as MapNode).fn.name), text).toEqual(['sigmoid']);
      expect((maps[0] as MapNode).arg.kind, text).toBe('input'); // sigmoid(z), not sigmoid(−(−z))
    }
    const z = [-800, -3, 0, 3, 800];
    const sigmoid = (u: number): number => (u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u)));
    expect(valueOf('s[a] = 1 / (1 + exp(-z[a]))', { z }, 's')).toEqual(z.map(sigmoid));
    // logistic regression written out by hand: the cross-entropy gradient is the textbook one
    const d = grad('p[a] = 1 / (1 + exp(-X[a,i] w[i]))\nL = -sum[a](y[a] log(p[a]) + (1 - y[a]) log(1 - p[a]))', 'L', 'w');
    expect(toMatrixNotation(d, { layout: 'denominator' }).text.split('\n')[0]).toBe('∂L/∂w = Xᵀ (p − y)');
    expect(grad('L = sum[a](1 / (1 + exp(-z[a])))', 'L', 'z').toString()).toBe('dL/dz[i] = sigmoid(z[i]) (1 - sigmoid(z[i]))');
  });

  it('log(sum[i](exp(u))) is logsumexp[i](u): finite at 1000, its gradient the softmax, any axis of any rank', () => {
    const lse = (xs: number[]): number => { const m = Math.max(...xs); return m + Math.log(xs.reduce((a, x) => a + Math.exp(x - m), 0)); };
    const root = buildProgram(parseRicci('L = log(sum[i](exp(z[i])))')).definitions.get('L')!.node;
    expect(root.kind === 'reduce' && root.op).toBe('logsumexp');
    expect(valueOf('L = log(sum[i](exp(z[i])))', { z: [1000, 999] })[0]).toBeCloseTo(lse([1000, 999]), 10);
    const d = grad('L = log(sum[i](exp(z[i])))', 'L', 'z');
    expect(d.toString()).toBe('dL/dz[i] = exp(z[i] - L)');
    const g = Array.from(d.evaluate({ z: [1000, 999] }).data);
    expect(g[0]).toBeCloseTo(1 / (1 + Math.exp(-1)), 12);
    expect(g[1]).toBeCloseTo(1 / (1 + Math.exp(1)), 12);
    // the summed index first or last of a matrix: one log-sum-exp per row of Z or per column
    const Z = [[1, 2, 3], [700, 800, 900]];
    expect(Array.from(evaluate('L[a] = log(sum[i](exp(Z[a,i])))', { Z }).L!.data)).toEqual(Z.map(lse));
    const columns = [0, 1, 2].map((c) => lse(Z.map((r) => r[c]!)));
    Array.from(evaluate('L[a] = log(sum[i](exp(Z[i,a])))', { Z }).L!.data).forEach((v, k) => expect(v).toBeCloseTo(columns[k]!, 10));
    // over a diagonal it is the diagonal's log-sum-exp
    expect(valueOf('L = log(sum[i](exp(A[i,i])))', { A: [[800, 1], [2, 799]] })[0]).toBeCloseTo(lse([800, 799]), 10);
    // a scaled or weighted sum of exps stays as written
    for (const text of ['L = log(sum[i](2 exp(z[i])))', 'L = log(sum[i](exp(z[i]) y[i]))'])
      expect(buildProgram(parseRicci(text)).definitions.get('L')!.node.kind, text).toBe('map');
  });

  it('anything else stays as written: another constant, a scaled or subtracted exp, a broadcast exp', () => {
    const z = [0.5, -1.5];
    const cases: [string, (u: number) => number][] = [
      ['L[a] = log(2 + exp(z[a]))', (u) => Math.log(2 + Math.exp(u))],
      ['L[a] = log(1 + 2 exp(z[a]))', (u) => Math.log(1 + 2 * Math.exp(u))],
      ['L[a] = log(1 - exp(z[a]) + 1)', (u) => Math.log(2 - Math.exp(u))],
      ['L[a] = log(exp(z[a]))', (u) => u],
      ['L[a] = 1 / (2 + exp(z[a]))', (u) => 1 / (2 + Math.exp(u))],
      ['L[a] = (1 + exp(z[a]))^(-2)', (u) => (1 + Math.exp(u)) ** -2],
    ];
    for (const [text, f] of cases) {
      const root = buildProgram(parseRicci(text)).definitions.get('L')!.node;
      expect(root.kind === 'map' && ['softplus', 'sigmoid'].includes(root.fn.name), text).toBe(false);
      valueOf(text, { z }).forEach((v, k) => expect(v, text).toBeCloseTo(f(z[k]!), 14));
    }
    // a sum whose exp term is broadcast along an index the exp does not carry
    const broadcast = buildProgram(parseRicci('L[a,b] = log(1 + exp(z[a]) + 0 w[b])')).definitions.get('L')!.node;
    expect(broadcast.kind === 'map' && broadcast.fn.name === 'softplus').toBe(false);
  });
});

describe('exp(u) / sum[i](exp(u)) is the softmax', () => {
  /** The reductions a definition's tree holds (a hand-written softmax holds logsumexp once built). */
  const reductions = (text: string, name: string): string[] => {
    const found: string[] = [];
    const seen = new Set<unknown>();
    const walk = (n: import('../../compiler/2-network/network.js').Node): void => {
      if (seen.has(n)) return;
      seen.add(n);
      if (n.kind === 'reduce') found.push(n.op);
      if (n.kind === 'map' || n.kind === 'reduce') walk(n.arg);
      if (n.kind === 'contract') n.factors.forEach((f) => walk(f.node));
      if (n.kind === 'add') n.terms.forEach((t) => walk(t.node));
    };
    walk(buildProgram(parseRicci(text)).definitions.get(name)!.node);
    return found;
  };
  const softmax = (xs: number[]): number[] => { const m = Math.max(...xs); const e = xs.map((x) => Math.exp(x - m)); const s = e.reduce((a, b) => a + b, 0); return e.map((v) => v / s); };

  it('is built as exp(u − logsumexp(u)), as softmax[j](…) is: finite at logits of 1000, its Jacobian too', () => {
    const forms = ['p[i] = exp(z[i]) / sum[j](exp(z[j]))', 'p[i] = exp(z[i]) (sum[j](exp(z[j])))^(-1)', 'p[i] = exp(z[i]) / sum[i](exp(z[i]))', 'p[i] = 1 / sum[j](exp(z[j])) * exp(z[i])'];
    const z = [1000, 999, -5];
    for (const text of forms) {
      expect(reductions(text, 'p'), text).toEqual(['logsumexp']);
      valueOf(text, { z }, 'p').forEach((v, k) => expect(v, text).toBeCloseTo(softmax(z)[k]!, 12));
      const J = jacobian(text, 'p', 'z');
      expect(J.toString(), text).toBe('dp[i]/dz[j] = p[i] δ[i,j] - p[i] p[j]');
      const s = softmax(z);
      Array.from(J.evaluate({ z }).data).forEach((v, k) => {
        const [i, j] = [Math.floor(k / 3), k % 3];
        expect(v, `${text} J[${i},${j}]`).toBeCloseTo(s[i]! * ((i === j ? 1 : 0) - s[j]!), 12);
      });
    }
    // the cross-entropy gradient at logits of 1000: p − y for a one-hot y (log(p) itself stays as
    // written, so a p that underflows to 0 is still log(0): log_softmax[j](z[j]) is the stable form)
    const ce = grad('p[i] = exp(z[i]) / sum[j](exp(z[j]))\nL = -y[i] log(p[i])', 'L', 'z');
    const near = [1000, 999, 998];
    Array.from(ce.evaluate({ z: near, y: [0, 1, 0] }).data).forEach((v, k) => expect(v).toBeCloseTo(softmax(near)[k]! - [0, 1, 0][k]!, 12));
  });

  it('along either axis of a matrix, a row or a column at a time, beside other factors', () => {
    const Z = [[1, 2, 3], [700, 800, 900]];
    const rows = Z.map(softmax);
    const P = Array.from(evaluate('P[a,c] = exp(Z[a,c]) / sum[k](exp(Z[a,k]))', { Z }).P!.data);
    P.forEach((v, k) => expect(v).toBeCloseTo(rows[Math.floor(k / 3)]![k % 3]!, 12));
    const columns = [0, 1, 2].map((c) => softmax(Z.map((r) => r[c]!)));
    const Q = Array.from(evaluate('Q[a,c] = exp(Z[a,c]) / sum[k](exp(Z[k,c]))', { Z }).Q!.data);
    Q.forEach((v, k) => expect(v).toBeCloseTo(columns[k % 3]![Math.floor(k / 3)]!, 12));
    // a weight beside it, and the weighted sum it feeds
    const y = [0.5, 2, -1];
    const weighted = valueOf('L = y[i] exp(z[i]) / sum[j](exp(z[j]))', { z: [1000, 999, -5], y })[0]!;
    expect(weighted).toBeCloseTo(softmax([1000, 999, -5]).reduce((a, p, k) => a + p * y[k]!, 0), 13);
  });

  it('anything else stays as written: another argument, a weighted sum, misaligned axes, a power', () => {
    const z = [0.5, -1.5, 2];
    const cases: [string, (k: number) => number][] = [
      ['p[i] = exp(z[i]) / sum[j](exp(2 z[j]))', (k) => Math.exp(z[k]!) / z.reduce((a, u) => a + Math.exp(2 * u), 0)],
      ['p[i] = exp(z[i]) / sum[j](w[j] exp(z[j]))', (k) => Math.exp(z[k]!) / z.reduce((a, u, j) => a + [1, 2, 3][j]! * Math.exp(u), 0)],
      ['p[i] = exp(z[i]) / (sum[j](exp(z[j])))^2', (k) => Math.exp(z[k]!) / z.reduce((a, u) => a + Math.exp(u), 0) ** 2],
    ];
    for (const [text, f] of cases) {
      expect(reductions(text, 'p'), text).toEqual([]);
      valueOf(text, { z, w: [1, 2, 3] }, 'p').forEach((v, k) => expect(v, text).toBeCloseTo(f(k), 14));
    }
    // the sum's kept axis named as the other axis of exp(Z): not a normalisation of exp(Z)
    const A = [[0.1, 0.2], [0.3, 0.4]];
    const text = 'P[a,c] = exp(A[a,c]) / sum[k](exp(A[c,k]))';
    expect(reductions(text, 'P')).toEqual([]);
    Array.from(evaluate(text, { A }).P!.data).forEach((v, k) => {
      const [a, c] = [Math.floor(k / 2), k % 2];
      expect(v).toBeCloseTo(Math.exp(A[a]![c]!) / A[c]!.reduce((s, u) => s + Math.exp(u), 0), 14);
    });
  });
});
