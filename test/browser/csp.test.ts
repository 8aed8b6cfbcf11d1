import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { cspWorkload } from './csp-entry.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const POLICY = "script-src 'self' 'wasm-unsafe-eval'";

/**
 * ricci in a page whose Content-Security-Policy forbids eval but allows WebAssembly: the esbuild
 * bundle must detect that `new Function` is refused and run the kernel interpreter (and the wasm
 * kernels), giving the numbers Node gives with generated code.
 */
describe('under a Content-Security-Policy without unsafe-eval', () => {
  it.skipIf(!existsSync(CHROMIUM))(`runs einsum, compiled WebAssembly and a gradient in Chromium with ${POLICY}`, async () => {
    const bundled = await build({
      stdin: {
        contents: `import { cspWorkload } from './csp-entry.js';
          let evalRefused = false;
          try { new Function('return 1'); } catch { evalRefused = true; }
          globalThis.ricciResult = { ...cspWorkload(), evalRefused };`,
        resolveDir: import.meta.dirname, loader: 'ts',
      },
      bundle: true, write: false, format: 'esm', platform: 'browser', logLevel: 'silent',
    });
    const script = bundled.outputFiles[0]!.text;
    const expected = cspWorkload();
    expect(expected['execution']).toBe('generated');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.route('http://ricci.test/**', (route) => {
        const url = new URL(route.request().url());
        if (url.pathname === '/bundle.js') return route.fulfill({ contentType: 'text/javascript', body: script });
        return route.fulfill({
          contentType: 'text/html', headers: { 'Content-Security-Policy': POLICY },
          body: '<!doctype html><meta charset="utf-8"><script type="module" src="/bundle.js"></script>',
        });
      });
      await page.goto('http://ricci.test/');
      await page.waitForFunction(() => 'ricciResult' in globalThis || document.readyState === 'complete', undefined, { timeout: 20_000 });
      await page.waitForFunction(() => 'ricciResult' in globalThis, undefined, { timeout: 5_000 }).catch(() => undefined);
      expect(errors).toEqual([]);
      const got = await page.evaluate(() => (globalThis as unknown as { ricciResult: Record<string, unknown> }).ricciResult);
      // the policy is in force: the page's own script cannot eval, so ricci chose the interpreter
      expect(got['evalRefused']).toBe(true);
      expect(got['execution']).toBe('interpreted');
      expect(got['small']).toEqual([19, 22, 43, 50]);
      for (const key of ['chain', 'wasm', 'grad', 'gradText']) expect(got[key], key).toEqual(expected[key]);
    } finally {
      await browser.close();
    }
  });
});
