import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * numpy in a python3 child process that stays up for the whole bench, so its samples interleave
 * with the in-process peers. One thread: the BLAS/OpenMP thread variables are 1, and
 * OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are removed for this child only, so OpenBLAS picks its
 * native kernel for this CPU. Operands and results cross as raw float64 files; each timed sample
 * is measured inside python (no pipe latency in the numbers).
 */
export interface NumpyPeer {
  /** numpy, OpenBLAS and the kernel OpenBLAS runs (threadpoolctl's "architecture"), for the header. */
  readonly description: string;
  /** Loads operands under `key`; returns nothing until `result`/`sample` are asked. */
  load(key: string, operands: readonly { data: Float64Array; shape: readonly number[] }[]): Promise<void>;
  /** Evaluates `expression` (python, operands t0, t1, …; `np` in scope) once; its float64 result, row-major. */
  result(key: string, expression: string): Promise<Float64Array>;
  /** Median-free single sample: ms per call over `inner` back-to-back calls, timed inside python. */
  sample(key: string, expression: string, inner: number): Promise<number>;
  drop(key: string): Promise<void>;
  close(): void;
}

const server = String.raw`
import json, sys, time, os
import numpy as np
info = {'numpy': np.__version__}
try:
    import threadpoolctl
    pools = threadpoolctl.threadpool_info()
    info['pools'] = [{k: p.get(k) for k in ('internal_api', 'version', 'num_threads', 'architecture', 'threading_layer')} for p in pools]
except ImportError:
    # Without threadpoolctl, ask the loaded OpenBLAS itself (the calls threadpoolctl makes).
    import ctypes
    info['pools'] = None
    libs = sorted({l.split()[-1] for l in open('/proc/self/maps') if 'openblas' in l.lower() and '.so' in l}) if os.path.exists('/proc/self/maps') else []
    for path in libs:
        lib = ctypes.CDLL(path)
        for prefix, suffix in (('', ''), ('scipy_', '64_'), ('scipy_', '')):
            core = getattr(lib, prefix + 'openblas_get_corename' + suffix, None)
            threads = getattr(lib, prefix + 'openblas_get_num_threads' + suffix, None)
            if core and threads:
                core.restype = ctypes.c_char_p
                info['pools'] = [{'internal_api': 'openblas (threadpoolctl missing; asked libopenblas)', 'version': '', 'num_threads': threads(), 'architecture': core().decode()}]
                break
        if info['pools']:
            break
print(json.dumps(info), flush=True)
cases = {}
compiled = {}
def fn(expr):
    if expr not in compiled:
        compiled[expr] = eval('lambda t: ' + expr, {'np': np})
    return compiled[expr]
for line in sys.stdin:
    q = json.loads(line)
    op = q['op']
    if op == 'load':
        cases[q['key']] = [np.fromfile(f, dtype=np.float64).reshape(s) for f, s in zip(q['files'], q['shapes'])]
        reply = {}
    elif op == 'drop':
        cases.pop(q['key'], None)
        reply = {}
    elif op == 'result':
        out = np.ascontiguousarray(fn(q['expr'])(cases[q['key']]), dtype=np.float64)
        out.tofile(q['file'])
        reply = {'shape': list(out.shape)}
    else:
        f, t = fn(q['expr']), cases[q['key']]
        start = time.perf_counter()
        for _ in range(q['inner']):
            f(t)
        reply = {'ms': (time.perf_counter() - start) / q['inner'] * 1e3}
    print(json.dumps(reply), flush=True)
`;

/**
 * numpy's einsum, its result copied when it is a view of an operand: `np.einsum('ij->ji', A)`
 * (a pure permutation, a diagonal) returns one without moving a byte, where every other column
 * writes its result. A result numpy computed (a view of its own product included) is left as is.
 */
export function numpyEinsum(subscripts: string): string {
  return `(lambda r: r.copy() if any(np.may_share_memory(r, x) for x in t) else r)(np.einsum(${JSON.stringify(subscripts)}, *t, optimize=True))`;
}

const threadVariables = ['OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS', 'NUMEXPR_NUM_THREADS', 'VECLIB_MAXIMUM_THREADS', 'BLIS_NUM_THREADS'];

function childEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  for (const v of threadVariables) env[v] = '1';
  return env;
}

interface PoolInfo { internal_api: string; version: string; num_threads: number; architecture?: string; threading_layer?: string }

/** Starts the child; a reason string when python3 or numpy is missing. */
export async function startNumpy(): Promise<NumpyPeer | string> {
  const child = spawn('python3', ['-c', server], { env: childEnvironment(), stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  const spawned = await new Promise<string | undefined>((resolve) => {
    child.once('spawn', () => resolve(undefined));
    child.once('error', (e) => resolve(String(e)));
  });
  if (spawned) return `python3 cannot start (${spawned})`;
  const first = await lines.next();
  if (first.done) return `python3 with numpy cannot start: ${stderr.trim().split('\n').at(-1) ?? 'no output'}`;
  const info = JSON.parse(first.value) as { numpy: string; pools: PoolInfo[] | null };
  const dir = mkdtempSync(join(tmpdir(), 'ricci-bench-numpy-'));
  return numpyPeer(child, lines, info, dir, () => stderr);
}

function numpyPeer(child: ChildProcessWithoutNullStreams, lines: AsyncIterator<string>, info: { numpy: string; pools: PoolInfo[] | null },
  dir: string, stderr: () => string): NumpyPeer {
  const ask = async <T>(q: object): Promise<T> => {
    child.stdin.write(`${JSON.stringify(q)}\n`);
    const line = await lines.next();
    if (line.done) throw new Error(`numpy child exited: ${stderr().trim().split('\n').slice(-3).join(' | ')}`);
    return JSON.parse(line.value) as T;
  };
  const pools = info.pools === null
    ? 'BLAS kernel unknown: neither threadpoolctl nor an OpenBLAS to ask'
    : info.pools.map((p) => `${p.internal_api} ${p.version}, ${p.num_threads} thread(s), kernel ${p.architecture ?? '?'}`).join('; ');
  let files = 0;
  return {
    description: `numpy ${info.numpy} (${pools})`,
    load: async (key, operands) => {
      const paths = operands.map((o) => {
        const path = join(dir, `op${files++}.f64`);
        writeFileSync(path, new Uint8Array(o.data.buffer, o.data.byteOffset, o.data.byteLength));
        return path;
      });
      await ask({ op: 'load', key, files: paths, shapes: operands.map((o) => o.shape) });
      for (const p of paths) rmSync(p);
    },
    result: async (key, expression) => {
      const file = join(dir, `out${files++}.f64`);
      await ask({ op: 'result', key, expr: expression, file });
      const bytes = readFileSync(file);
      rmSync(file);
      return new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    },
    sample: async (key, expression, inner) => (await ask<{ ms: number }>({ op: 'sample', key, expr: expression, inner })).ms,
    drop: async (key) => { await ask({ op: 'drop', key }); },
    close: () => {
      child.stdin.end();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
