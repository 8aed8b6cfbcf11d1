import { existsSync, mkdirSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePlayground, type RunningServer } from '../../playground/serve.js';
import { hasChromium, openPlayground, typeInto, type OpenPlayground } from './page-support.js';

/** The built playground, served on localhost and driven in headless Chromium like a user would. */
const screenshots = join(import.meta.dirname, '__output__');

describe.skipIf(!hasChromium)('playground in headless Chromium', () => {
  let opened: OpenPlayground;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let built: string;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    opened = await openPlayground('test-playground', { prepare: (p) => { p.on('pageerror', (e) => pageErrors.push(e.message)); } });
    ({ server, browser, page, built } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  const type = (text: string): Promise<void> => typeInto(page, '#source', text);

  it('derives what is typed: index notation, both layouts, KaTeX, a diagram per step, a passing check', async () => {
    await type('f[j] = u[i] V[i,j]\nL = f[j] z[j]');
    await page.locator('#wrt').selectOption('V');
    await expect.poll(() => page.locator('#index').textContent()).toBe('dL/dV[i,j] = u[i] z[j]');
    expect(await page.locator('#matrix-denominator .matrix-text').textContent()).toBe('∂L/∂V = u zᵀ');
    expect(await page.locator('#matrix-numerator .matrix-text').textContent()).toBe('∂L/∂V = z uᵀ');
    expect(await page.locator('#latex .katex').count()).toBe(1);
    const frames = page.locator('#steps figure svg');
    expect(await frames.count()).toBeGreaterThanOrEqual(3);
    const box = await frames.first().boundingBox();
    expect(box!.width).toBeGreaterThan(40);
    expect(box!.height).toBeGreaterThan(20);
    await expect.poll(() => page.locator('#check .badge').textContent()).toContain('✓ agrees');
    expect(await page.locator('#javascript').textContent()).toContain('export function');
    expect(await page.locator('#python').textContent()).toContain('np.einsum(');
    expect(await page.locator('#error').isHidden()).toBe(true);
  });

  it('switches layout and the picked layout is shown first', async () => {
    await page.locator('#layout').selectOption('numerator');
    await expect.poll(() => page.locator('#matrix .layout h3.picked').textContent()).toBe('numerator layout');
    expect(await page.locator('#matrix .layout').first().getAttribute('id')).toBe('matrix-numerator');
  });

  it('round-trips the state through the URL', async () => {
    const url = page.url();
    expect(url).toContain('#src=');
    const other = await browser.newPage();
    try {
      await other.goto(url);
      await expect.poll(() => other.locator('#index').textContent()).toBe('dL/dV[i,j] = u[i] z[j]');
      expect(await other.locator('#source').inputValue()).toBe('f[j] = u[i] V[i,j]\nL = f[j] z[j]');
      expect(await other.locator('#layout').inputValue()).toBe('numerator');
      expect(await other.locator('#wrt').inputValue()).toBe('V');
      expect(await other.locator('#matrix .layout').first().getAttribute('id')).toBe('matrix-numerator');
    } finally {
      await other.close();
    }
  });

  it('shows a bad input’s error with a caret under the place', async () => {
    await type('L = x[i] W[i,j] y[j] + tahn(x[i])');
    await expect.poll(() => page.locator('#error').isVisible()).toBe(true);
    const headline = (await page.locator('#error p').textContent())!;
    const lines = (await page.locator('#error pre').textContent())!.split('\n');
    const caret = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
    expect(caret).toBeGreaterThan(0);
    // the line above the caret quotes the input; the caret stands under the misspelt function
    const quoted = lines[caret - 1]!;
    expect(quoted).toContain('L = x[i] W[i,j] y[j] + tahn(x[i])');
    expect(lines[caret]!.indexOf('^')).toBe(quoted.indexOf('tahn'));
    expect(headline).toMatch(/^unknown_function: 'tahn'.*did you mean tanh/);
    expect(await page.locator('#results').getAttribute('class')).toContain('stale');
  });

  it('shows a warning with its caret and still derives', async () => {
    await type('L = x[i] W[i,j] y[k]');
    await expect.poll(() => page.locator('#warnings .warning').count()).toBe(2);
    expect(await page.locator('#error').isHidden()).toBe(true);
    const headline = (await page.locator('#warnings .warning p').last().textContent())!;
    expect(headline).toMatch(/^index_summed_once: Index 'k'/);
    const [quoted, caret] = (await page.locator('#warnings .warning pre').last().textContent())!.split('\n');
    expect(caret!.indexOf('^')).toBe(quoted!.indexOf('k'));
    await type('L = x[i] W[i,j] y[j]');
    await expect.poll(() => page.locator('#warnings').isHidden()).toBe(true);
  });

  it('takes matrix notation typed by letter', async () => {
    await page.locator('label:has(#notation-matrix)').click();
    await type("x'*A*x");
    await expect.poll(() => page.locator('#index').textContent()).toBe('df/dx[i] = A[j,i] x[j] + A[i,j] x[j]');
    expect(await page.locator('#program').textContent()).toBe('x: [n]\nA: [n, n]\nf = x[i] A[i,j] x[j]');
    await expect.poll(() => page.locator('#check .badge').textContent()).toContain('✓ agrees');
  });

  it('works from a sub-path of another host (every reference is relative)', async () => {
    const parent = await servePlayground(join(built, '..'), 0);
    const other = await browser.newPage();
    try {
      const missing: string[] = [];
      other.on('response', (r) => { if (r.status() >= 400) missing.push(r.url()); });
      await other.goto(`${parent.url}test-playground/index.html`);
      await expect.poll(() => other.locator('#index').textContent()).toBe('dL/dW[i,j] = x[i] y[j]');
      expect(await other.locator('#latex .katex').count()).toBe(1);
      expect(missing).toEqual([]);
    } finally {
      await other.close();
      await parent.close();
    }
  });

  it('the server refuses paths outside its folder', async () => {
    // a raw request path (fetch would normalise the dots away): decoded, it climbs to the project's package.json
    const status = await new Promise<number | undefined>((done, failed) =>
      get(`${server.url}..%2f..%2fpackage.json`, (r) => { r.resume(); done(r.statusCode); }).on('error', failed));
    expect(existsSync(join(built, '..', '..', 'package.json'))).toBe(true);
    expect(status).toBe(404);
    expect((await fetch(`${server.url}style.css`)).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('types seed 002 and names the adjoints: the δ recursion, in the picked layout, checked', async () => {
    await page.locator('label:has(#notation-ricci)').click();
    await page.locator('#layout').selectOption('denominator');
    expect(await page.locator('#backprop').isHidden()).toBe(true);
    await type('z1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j] + b2[i]\na2[i] = tanh(z2[i])\nC = 0.25 * sum[i]((a2[i] - y[i])^2)');
    await page.locator('#wrt').selectOption('W1');
    // without adjoints, every δ written out
    await expect.poll(() => page.locator('#index').textContent()).toMatch(/^dC\/dW1\[i,j\] = 0\.5 [^δ]*\(a2\[k\] - y\[k\]\)$/);
    await typeInto(page, '#adjoints', 'z2, z1');
    await expect.poll(() => page.locator('#index').textContent()).toBe('dC/dW1[i,j] = x[j] δz1[i]');
    expect(await page.locator('#backprop').isVisible()).toBe(true);
    expect((await page.locator('#backprop-text').textContent())!.split('\n')).toEqual([
      'δz2 = ∂C/∂z2 = 0.5 ((𝟏 − a2^∘2) ⊙ (a2 − y))',
      'δz1 = ∂C/∂z1 = (W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)',
      '∂C/∂W1 = δz1 xᵀ',
    ]);
    expect(await page.locator('#backprop-latex .katex').count()).toBe(1);
    expect(await page.locator('#matrix-denominator .matrix-text').textContent()).toBe('∂C/∂W1 = δz1 xᵀ');
    await expect.poll(() => page.locator('#check .badge').textContent()).toContain('✓ agrees');
    // the numerator layout transposes every line; the adjoints travel in the link
    await page.locator('#layout').selectOption('numerator');
    await expect.poll(() => page.locator('#backprop-text').textContent()).toContain('δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ');
    expect(page.url()).toContain('adjoints=z2%2C+z1');
    // a name that is no intermediate: the library's coded error, and the card goes away
    await typeInto(page, '#adjoints', 'W2');
    await expect.poll(() => page.locator('#error p').textContent()).toMatch(/^adjoint_not_intermediate: /);
    await typeInto(page, '#adjoints', '');
    await expect.poll(() => page.locator('#backprop').isHidden()).toBe(true);
    await page.locator('#layout').selectOption('denominator');
  });

  it('the variable picker offers definitions too: picking z1 gives the adjoint ∂C/∂z1, checked', async () => {
    await page.locator('label:has(#notation-ricci)').click();
    await type('z1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j]\nC = 0.5 * sum[i](z2[i]^2)');
    await expect.poll(() => page.locator('#wrt option').allTextContents()).toEqual(['W1', 'x', 'b1', 'W2', 'z1', 'a1', 'z2']);
    await page.locator('#wrt').selectOption('z1');
    await expect.poll(() => page.locator('#index').textContent()).toBe('dC/dz1[i] = W2[j,i] (1 - a1[i]^2) z2[j]');
    expect(await page.locator('#matrix-denominator .matrix-text').textContent()).toBe('∂C/∂z1 = (W2ᵀ z2) ⊙ (𝟏 − a1^∘2)');
    await expect.poll(() => page.locator('#check .badge').textContent()).toContain('✓ agrees');
    expect(page.url()).toContain('wrt=z1');
  });

  it('loads a gallery entry and saves a screenshot', async () => {
    await page.locator('#gallery button', { hasText: 'Seed 001' }).click();
    await expect.poll(() => page.locator('#index').textContent()).toBe('dL/dW[i,j] = X[k,i] y[j,k]');
    await expect.poll(() => page.locator('#check .badge').textContent()).toContain('✓ agrees');
    mkdirSync(screenshots, { recursive: true });
    const png = await page.screenshot({ path: join(screenshots, 'playground.png') });
    expect(png.length).toBeGreaterThan(20_000);
    expect(pageErrors).toEqual([]);
  });
});
