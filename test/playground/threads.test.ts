import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { servePlayground, type RunningServer } from '../../playground/serve.js';

/**
 * Threads in a browser: threads-page.ts bundled and run in headless Chromium. Served
 * cross-origin isolated (COOP/COEP), the worker pool's Web Workers (a Blob URL module) share the
 * plan's WebAssembly memory and run slices and parts, with one thread's result bit for bit (in an
 * ordinary ArrayBuffer); served
 * without isolation (no SharedArrayBuffer) a threaded compilation still gives that result, on one thread.
 */
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const root = resolve(import.meta.dirname, '..', '..');
const built = join(root, 'out', 'test-threads-page');
const isolation = { 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };

interface Row { readonly subscripts: string; readonly parts: number; readonly same: boolean; readonly plain: boolean; readonly unitsRun: number; readonly posted: number; readonly dispatched: number }
interface Report { readonly crossOriginIsolated?: boolean; readonly rows?: readonly Row[]; readonly error?: string }

describe.skipIf(!existsSync(CHROMIUM))('threads in headless Chromium', () => {
  let browser: Browser;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    rmSync(built, { recursive: true, force: true });
    mkdirSync(built, { recursive: true });
    await build({
      entryPoints: [join(import.meta.dirname, 'threads-page.ts')], outfile: join(built, 'page.js'), bundle: true, format: 'esm',
      platform: 'browser', target: 'es2022', tsconfig: join(root, 'tsconfig.json'), logLevel: 'warning',
    });
    writeFileSync(join(built, 'index.html'), '<!doctype html><meta charset="utf-8"><title>threads</title><script type="module" src="page.js"></script>\n');
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
    rmSync(built, { recursive: true, force: true });
  });

  async function reportFrom(headers: Readonly<Record<string, string>>): Promise<Report> {
    const server = await servePlayground(built, 0, headers);
    servers.push(server);
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(server.url);
    await page.waitForFunction(() => (globalThis as { threadsReport?: unknown }).threadsReport !== undefined, undefined, { timeout: 30_000 });
    const report = await page.evaluate(() => (globalThis as { threadsReport?: unknown }).threadsReport) as Report;
    await page.close();
    expect(errors).toEqual([]);
    return report;
  }

  it('Web Workers share the memory of a cross-origin-isolated page and run slices and parts, bit for bit', async () => {
    const report = await reportFrom(isolation);
    expect(report.error).toBeUndefined();
    expect(report.crossOriginIsolated).toBe(true);
    expect(report.rows!.map((r) => [r.subscripts, r.parts, r.same, r.plain])).toEqual([
      ['bhqk,bhkd->bhqd', 2, true, true], ['ij,jk->ik', 2, true, true],
    ]);
    for (const row of report.rows!) expect(row.unitsRun).toBeGreaterThan(0);
    // 10 runs more: each worker's task taken at its door (no message), and finished by the worker
    expect(report.rows!.map((r) => [r.posted, r.dispatched])).toEqual([[0, 10], [0, 10]]);
  });

  it('without isolation (no SharedArrayBuffer) a threaded compilation runs on one thread, with the same result', async () => {
    const report = await reportFrom({});
    expect(report.error).toBeUndefined();
    expect(report.crossOriginIsolated).toBe(false);
    expect(report.rows!.map((r) => [r.subscripts, r.same, r.plain, r.unitsRun])).toEqual([
      ['bhqk,bhkd->bhqd', true, true, 0], ['ij,jk->ik', true, true, 0],
    ]);
  });
});
