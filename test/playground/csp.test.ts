import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasChromium, openPlayground, typeInto, type OpenPlayground } from './page-support.js';

/**
 * The built playground served under a Content-Security-Policy that forbids eval (`script-src 'self'
 * 'wasm-unsafe-eval'`, no 'unsafe-eval'), as a hardened site or an extension page would: the
 * compiler's kernels must run without `new Function` and the page must cause no CSP violation.
 */
/** Scripts only from the page's origin (and WebAssembly compilation); no eval, no inline script. */
const policy = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  // KaTeX and the diagrams position glyphs with style attributes
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
].join('; ');

interface Violation { readonly directive: string; readonly blocked: string; readonly sample: string }

describe.skipIf(!hasChromium)('playground under a strict Content-Security-Policy', () => {
  let opened: OpenPlayground;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    opened = await openPlayground('test-playground-csp', {
      headers: { 'content-security-policy': policy },
      prepare: async (p) => {
        p.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
        p.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
        // installed by the browser before any page script runs (not subject to the page's CSP)
        await p.addInitScript(() => {
          const seen: Violation[] = [];
          (globalThis as { violations?: Violation[] }).violations = seen;
          document.addEventListener('securitypolicyviolation', (e) => seen.push({ directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample }));
        });
      },
    });
    page = opened.page;
    expect(opened.response?.headers()['content-security-policy']).toBe(policy);
  });

  afterAll(async () => {
    await opened?.close();
  });

  const violations = (): Promise<Violation[]> => page.evaluate(() => (globalThis as { violations?: Violation[] }).violations ?? []);
  const type = (text: string): Promise<void> => typeInto(page, '#source', text);

  it('derives, draws and checks numerically with eval forbidden', async () => {
    await type('f[j] = u[i] V[i,j]\nL = f[j] z[j]');
    await page.locator('#wrt').selectOption('V');
    await expect.poll(() => page.locator('#index').textContent()).toBe('dL/dV[i,j] = u[i] z[j]');
    expect(await page.locator('#matrix-denominator .matrix-text').textContent()).toBe('∂L/∂V = u zᵀ');
    expect(await page.locator('#latex .katex').count()).toBe(1);
    const diagram = page.locator('#steps figure svg').first();
    await expect.poll(() => page.locator('#steps figure svg').count()).toBeGreaterThanOrEqual(3);
    expect((await diagram.boundingBox())!.width).toBeGreaterThan(40);
    // the numeric check runs the derivative's compiled kernels: interpreted here, since eval is forbidden
    await expect.poll(() => page.locator('#check .badge').textContent()).toContain('✓ agrees');
    expect(await page.locator('#javascript').textContent()).toContain('export function');
  });

  it('shows a bad input’s error with a caret under the place', async () => {
    await type('L = x[i] W[i,j] y[j] + tahn(x[i])');
    await expect.poll(() => page.locator('#error').isVisible()).toBe(true);
    const lines = (await page.locator('#error pre').textContent())!.split('\n');
    const caret = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
    expect(caret).toBeGreaterThan(0);
    expect(lines[caret]!.indexOf('^')).toBe(lines[caret - 1]!.indexOf('tahn'));
    expect(await page.locator('#error p').textContent()).toMatch(/^unknown_function: 'tahn'/);
  });

  it('reported no CSP violation and no error; the policy is in force (an eval is blocked and reported)', async () => {
    expect(await violations()).toEqual([]);
    expect(problems).toEqual([]);
    // the control: the same listener sees a violation when the page does try to eval (a string
    // timer runs as page code later; Playwright's own evaluate is exempt from the page's CSP)
    await page.evaluate(() => { setTimeout('globalThis.evalRan = true', 0); });
    await expect.poll(async () => (await violations()).length).toBeGreaterThan(0);
    // one report per policy in force: the served header's and the page's own <meta>
    expect(new Set((await violations()).map((v) => `${v.directive} ${v.blocked}`))).toEqual(new Set(['script-src eval']));
    expect(await page.evaluate(() => (globalThis as { evalRan?: boolean }).evalRan)).toBeUndefined();
  });
});
