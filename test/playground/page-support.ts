import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { buildPlayground } from '../../playground/build.js';
import { servePlayground, type RunningServer } from '../../playground/serve.js';

/** What the Chromium tests of the playground share: the browser, the built and served page, typing. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
  '--disable-component-update', '--no-first-run'];
const root = resolve(import.meta.dirname, '..', '..');

export interface OpenPlayground {
  /** The folder the page was built into (out/<name>), removed by `close`. */
  readonly built: string;
  readonly server: RunningServer;
  readonly browser: Browser;
  readonly page: Page;
  /** The response to the page's first load. */
  readonly response: Response | null;
  close(): Promise<void>;
}

/**
 * Builds the playground into out/<name>, serves it (with `headers` on every response) and opens a
 * 1400×1000 page in headless Chromium; `prepare` runs on the page before it loads (listeners, init scripts).
 */
export async function openPlayground(name: string, options: {
  readonly headers?: Readonly<Record<string, string>>;
  readonly prepare?: (page: Page) => Promise<void> | void;
} = {}): Promise<OpenPlayground> {
  const built = join(root, 'out', name);
  await buildPlayground(built);
  const server = await servePlayground(built, 0, options.headers);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await options.prepare?.(page);
  const response = await page.goto(server.url);
  return {
    built, server, browser, page, response,
    close: async () => {
      await browser.close();
      await server.close();
      rmSync(built, { recursive: true, force: true });
    },
  };
}

/** Types into a field key by key, as a user would (each keystroke fires `input`). */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await page.locator(selector).fill('');
  await page.locator(selector).pressSequentially(text, { delay: 2 });
}
