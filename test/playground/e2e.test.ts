import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlayground } from '../../playground/build.js';
import { servePlayground, type RunningServer } from '../../playground/serve.js';

/** The built playground, served on localhost and driven in headless Chromium like a user would. */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const root = resolve(import.meta.dirname, '..', '..');
const built = join(root, 'out', 'test-playground');
const screenshots = join(import.meta.dirname, '__output__');

describe.skipIf(!existsSync(CHROMIUM))('playground in headless Chromium', () => {
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await buildPlayground(built);
    server = await servePlayground(built, 0);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(built, { recursive: true, force: true });
  });

  const type = async (text: string): Promise<void> => {
    await page.locator('#source').fill('');
    await page.locator('#source').pressSequentially(text, { delay: 2 });
  };

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
