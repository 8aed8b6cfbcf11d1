import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Builds dist/ with tsc and runs the built entry with plain `node` (no tsx, no vitest): catches
 * ESM details that only fail at run time, such as named imports from CommonJS packages.
 */
const root = resolve(import.meta.dirname, '../..');

describe('built package', () => {
  it('builds and runs with plain node', () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'pipe', timeout: 120_000 });
    expect(existsSync(resolve(root, 'dist/src/index.js'))).toBe(true);
    expect(existsSync(resolve(root, 'dist/src/index.d.ts'))).toBe(true);
    const script = `
      const ricci = await import(${JSON.stringify(resolve(root, 'dist/src/index.js'))});
      const out = {};
      out.exports = Object.keys(ricci).sort();
      out.isErrorClass = typeof ricci.RicciError === 'function';
      const c = ricci.einsum('ij,jk->ik', [[1, 2], [3, 4]], [[5, 6], [7, 8]]);
      out.matmul = [c.get(0, 0), c.get(0, 1), c.get(1, 0), c.get(1, 1)];
      out.grad = ricci.grad('f[j] = x[i] W[i,j] + b[j]\\nL = f[j] y[j]', 'L', 'W').toString();
      out.flops = ricci.contractPath('ij,jk,kl->il', [[2, 3], [3, 4], [4, 5]]).flops;
      try { ricci.einsum('ij,jk->iq', [[1]], [[1]]); } catch (e) { out.code = e.code; out.isRicci = e instanceof ricci.RicciError; }
      console.log(JSON.stringify(out));
    `;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const out = JSON.parse(printed.trim().split('\n').pop()!) as {
      exports: string[]; isErrorClass: boolean; matmul: number[]; grad: string; flops: number; code: string; isRicci: boolean;
    };
    expect(out.isErrorClass).toBe(true);
    expect(out.matmul).toEqual([19, 22, 43, 50]);
    expect(out.grad).toBe('dL/dW[i,j] = x[i] y[j]');
    expect(out.flops).toBe(2 * (2 * 3 * 4) + 2 * (2 * 4 * 5));
    expect(out.code).toBe('einsum_output_label_unknown');
    expect(out.isRicci).toBe(true);
    expect(out.exports).toContain('RicciError');
  }, 180_000);
});
