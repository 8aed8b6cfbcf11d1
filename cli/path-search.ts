import { Worker } from 'node:worker_threads';
import { contractPath, RicciError } from '../src/index.js';

export interface SearchRequest {
  readonly subscripts: string;
  readonly shapes: readonly (readonly number[])[];
  readonly optimize?: string;
  readonly memoryLimit?: number;
}

/** What `ricci path` prints: the explain table, and the numbers for --json. */
export interface SearchResult {
  readonly table: string;
  readonly json: Record<string, unknown>;
}

export function describeSearch(r: SearchRequest): SearchResult {
  const info = contractPath(r.subscripts, r.shapes, {
    ...(r.optimize !== undefined ? { optimize: r.optimize } : {}),
    ...(r.memoryLimit !== undefined ? { memoryLimit: r.memoryLimit } : {}),
  });
  const json = {
    contraction: info.contraction, path: info.path, flops: info.flops, naiveFlops: info.naiveFlops, speedup: info.speedup,
    scaling: info.scaling, naiveScaling: info.naiveScaling, largestIntermediate: info.largestIntermediate,
    provenOptimal: info.provenOptimal, fusedSteps: info.fusedSteps,
    steps: info.steps.map((s) => ({ positions: s.positions, subscripts: s.subscripts, flops: s.flops, scaling: s.scaling })),
  };
  return { table: info.toString(), json };
}

/**
 * The search, with a spinner and elapsed time on stderr while it runs (in a worker thread, since
 * the search itself is synchronous). Without progress it runs inline.
 */
export async function searchWithProgress(r: SearchRequest, progress: ((text: string) => void) | undefined): Promise<SearchResult> {
  if (!progress) return describeSearch(r);
  // run from TypeScript sources (tsx), a worker cannot load .ts: one static line instead of a spinner
  if (import.meta.url.endsWith('.ts')) {
    progress(`searching for a contraction path (${r.optimize ?? 'auto'}, ${r.shapes.length} operands)…\n`);
    return describeSearch(r);
  }
  const worker = new Worker(new URL('./path-worker.js', import.meta.url), { workerData: r });
  const started = Date.now();
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let tick = 0;
  const draw = (): void => progress(`\r${frames[tick++ % frames.length]} searching for a contraction path (${r.optimize ?? 'auto'}, ${r.shapes.length} operands) ${((Date.now() - started) / 1000).toFixed(1)} s`);
  draw();
  const timer = setInterval(draw, 100);
  try {
    const message = await new Promise<{ ok?: SearchResult; error?: { code: string; message: string } }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
    if (message.error) throw new RicciError(message.error.code as RicciError['code'], message.error.message);
    return message.ok!;
  } finally {
    clearInterval(timer);
    progress(`\r\u001b[2Ksearched in ${((Date.now() - started) / 1000).toFixed(2)} s\n`);
    await worker.terminate();
  }
}
