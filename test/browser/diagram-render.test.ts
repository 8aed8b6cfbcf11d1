import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { toDiagramFrames } from '../../compiler/views/diagram/frames.js';
import { bilinearDerivation } from '../views/diagram-cases.js';
import { decodePng, inkedPixels } from './png.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

describe('diagram rendering in headless Chromium', () => {
  it.skipIf(!existsSync(CHROMIUM))('draws a derivation’s combined SVG: ink where the frames are, none on a blank page', async () => {
    const { combined } = toDiagramFrames(bilinearDerivation().steps);
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
      await page.setContent('<!doctype html><html><body style="margin:0;background:#fff"></body></html>');
      const blank = decodePng(await page.screenshot());
      await page.setContent(`<!doctype html><html><body style="margin:0;background:#fff">${combined}</body></html>`);
      const box = await page.locator('svg').boundingBox();
      const drawn = decodePng(await page.screenshot());
      expect(inkedPixels(blank)).toBe(0);
      expect(box!.width).toBeGreaterThan(100);
      expect(box!.height).toBeGreaterThan(200);
      // the tensors, wires, labels and captions leave a visible amount of ink, but not a filled page
      const ink = inkedPixels(drawn);
      expect(ink).toBeGreaterThan(1500);
      expect(ink).toBeLessThan(drawn.width * drawn.height * 0.5);
      // δ is drawn as a black dot: the pixel at its centre is dark in the screenshot
      const delta = /<circle class="delta" cx="([\d.]+)" cy="([\d.]+)"/.exec(combined)!;
      const [x, y] = [Math.round(Number(delta[1])), Math.round(Number(delta[2]))];
      const at = (y * drawn.width + x) * drawn.channels;
      expect(Math.max(drawn.data[at]!, drawn.data[at + 1]!, drawn.data[at + 2]!)).toBeLessThan(80);
    } finally {
      await browser.close();
    }
  });
});
