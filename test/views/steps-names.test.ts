import { describe, expect, it } from 'vitest';
import { grad, hessian } from '../../src/derive.js';
import { renderSteps } from '../../src/index.js';

/**
 * Readable derivations (issue 12 item 8): steps keep the indices the user wrote — a summed index is
 * renamed only when it clashes, deterministically — and shared definitions stay named.
 */
const linear = 'f[j] = x[i] W[i,j] + b[j]\nL = f[j] y[j]';
const net = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;

const accesses = (text: string, name: string): string[] => [...text.matchAll(new RegExp(`\\b${name}\\[[^\\]]*\\]`, 'g'))].map((m) => m[0]);

describe('derivation steps keep the user\'s names', () => {
  it.each(['forward', 'reverse'] as const)('W[i,j] stays W[i,j] and x[i] stays x[i] until the δ contraction (%s)', (mode) => {
    const steps = renderSteps(grad(linear, 'L', 'W', { mode })).steps;
    const text = steps.map((s) => `${s.before.text} → ${s.after.text}`).join('\n');
    expect(new Set(accesses(text, 'W'))).toEqual(new Set(['W[i,j]']));
    const beforeContraction = steps.filter((s) => s.rule !== 'delta').map((s) => `${s.before.text} → ${s.after.text}`).join('\n');
    expect(new Set(accesses(beforeContraction, 'x'))).toEqual(new Set(['x[i]']));
  });

  it('∂W/∂W reads as a textbook writes it, and the variable\'s axes take names the program does not use', () => {
    const [first, product] = renderSteps(grad(linear, 'L', 'W')).steps;
    expect(`${first!.before.text} → ${first!.after.text}`).toBe('W[i,j] → δ[i,k] δ[j,l]');
    expect(`${product!.before.text} → ${product!.after.text}`).toBe('W[i,j] x[i] → x[i] δ[i,k] δ[j,l]');
  });

  it('equal terms print with equal names (a clash is per term, not across the sum)', () => {
    const steps = renderSteps(hessian('r[i] = A[i,j] x[j] - b[i]\nf = r[i] r[i]', 'f', 'x')).steps;
    expect(steps.some((s) => s.after.text === 'A[i,j] r[i] δ[j,k] + A[i,j] r[i] δ[j,k]')).toBe(true);
  });

  it('shared definitions stay named, and the expression a step is about is shown one level deep', () => {
    const steps = renderSteps(grad(net, 'C', 'W1'));
    expect(steps.text).toContain('chain rule: tanh(z1[i])  →  x[j] (1 - a1[i]^2) δ[i,k] δ[j,l]');
    expect(steps.text).not.toContain('tanh(W1');
    expect(steps.text).not.toContain('tanh(W2');
    // the 2-layer net's derivation was 2.7 kB of index notation with every definition inlined
    expect(steps.text.length).toBeLessThan(1800);
  });

  it('an inverse step shows inv(X), not the definition it is', () => {
    const steps = renderSteps(grad('X: [n, n]\nY[i,j] = inv(X)[i,j]\nL = a[i] Y[i,j] b[j]', 'L', 'X')).steps;
    const inv = steps.find((s) => s.rule === 'matrix-function')!;
    expect(inv.before.text).toBe('inv(X)[i,j]');
    expect(inv.after.text).toContain('Y[');
  });
});
