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
      console.log(JSON.stringify(out));
    `;
    const printed = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8', timeout: 60_000 });
    const out = JSON.parse(printed.trim().split('\n').pop()!) as { exports: string[]; isErrorClass: boolean };
    expect(out.isErrorClass).toBe(true);
    expect(out.exports).toContain('RicciError');
  }, 180_000);
});
