import type { Outcome, Precision } from './peers/interleave.js';
import type { Peak } from './peers/peak.js';
import type { Workload } from './workloads.js';

export interface RowResult {
  readonly workload: Workload;
  readonly outcomes: ReadonlyMap<string, Outcome>;
  /** The backend compileEinsum's default ('auto') runs for this row. */
  readonly auto: 'js' | 'wasm';
}

/** Table columns in print order, with the precision each computes in. */
const columns: readonly (readonly [string, Precision])[] = [
  ['ricci js f64', 'float64'], ['ricci wasm f64', 'float64'], ['ricci f32', 'float32'], ['ricci out= f64', 'float64'], ['ricci out= f32', 'float32'],
  ['ricci resident f64', 'float64'], ['ricci resident f32', 'float32'], ['ricci resident in/out f64', 'float64'], ['ricci resident in/out f32', 'float32'],
  ['tf cpu f32', 'float32'], ['tf wasm f32', 'float32'], ['ort f32', 'float32'], ['ort f64', 'float64'],
  ['numpy einsum', 'float64'], ['numpy hand', 'float64'], ['ndarray-ops', 'float64'], ['ndarray-gemm', 'float64'], ['plain loops', 'float64'],
];
const ricciF64 = ['ricci js f64', 'ricci wasm f64'];

const formatMs = (ms: number): string => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms >= 1 ? ms.toFixed(2) : ms.toPrecision(2));
const formatDiff = (d: number): string => (d === 0 ? '0' : d.toExponential(0));

function ricciBest(row: RowResult): number | undefined {
  const times = ricciF64.map((c) => row.outcomes.get(c)).flatMap((o) => (o?.kind === 'timed' ? [o.ms] : []));
  return times.length ? Math.min(...times) : undefined;
}

/** ricci's time in one precision: its best f64 backend, or its float32 plan. */
function ricciTime(row: RowResult, p: Precision): number | undefined {
  if (p === 'float64') return ricciBest(row);
  const single = row.outcomes.get('ricci f32');
  return single?.kind === 'timed' ? single.ms : undefined;
}

/** The fastest timed JavaScript/WebAssembly peer of a precision (not ricci, not numpy's native code). */
function fastestScriptPeer(row: RowResult, p: Precision): { name: string; ms: number } | undefined {
  const timed = columns.filter(([c, q]) => q === p && !c.startsWith('ricci') && !c.startsWith('numpy'))
    .flatMap(([c]) => { const o = row.outcomes.get(c); return o?.kind === 'timed' ? [{ name: c, ms: o.ms }] : []; });
  return timed.reduce<{ name: string; ms: number } | undefined>((b, t) => (b === undefined || t.ms < b.ms ? t : b), undefined);
}

function markdown(header: readonly string[], body: readonly (readonly string[])[]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...body.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)].join('\n');
}

/** Cells for non-timed outcomes; skip reasons become numbered notes under the table. */
function untimed(o: Outcome | undefined, column: string, row: RowResult, notes: string[]): string | undefined {
  if (o === undefined) return '';
  if (o.kind === 'wrong') return `WRONG ${formatDiff(o.diff)}`;
  if (o.kind === 'skipped') {
    notes.push(`${column} on ${row.workload.name}: ${o.reason}`);
    return `skip[${notes.length}]`;
  }
  return undefined;
}

export function printTables(rows: readonly RowResult[], peaks: Readonly<Record<'f64x2' | 'f32x4', Peak>>): void {
  const used = columns.filter(([c]) => rows.some((r) => r.outcomes.has(c)));
  const withResident = used.some(([c]) => c.startsWith('ricci resident f'));
  const withResidentOut = used.some(([c]) => c.startsWith('ricci resident in/out'));
  const notes: string[] = [];
  const timeBody = rows.map((row) => {
    const cells = used.map(([c, p]) => {
      const o = row.outcomes.get(c);
      const other = untimed(o, c, row, notes);
      if (other !== undefined || o?.kind !== 'timed') return other ?? '';
      const auto = c === `ricci ${row.auto} f64` ? '*' : '';
      const own = ricciTime(row, p);
      if (c.startsWith('ricci') || own === undefined) return `${formatMs(o.ms)}${auto}`;
      return `${formatMs(o.ms)} (${(own / o.ms).toFixed(2)})`;
    });
    const versus = (p: Precision): string => {
      const own = ricciTime(row, p);
      const peer = fastestScriptPeer(row, p);
      return own === undefined || peer === undefined ? '—' : `${(own / peer.ms).toFixed(2)} ${peer.name}`;
    };
    const diffs = (p: Precision): string => {
      const ds = used.filter(([, q]) => q === p).map(([c]) => row.outcomes.get(c)).flatMap((o) => (o?.kind === 'timed' ? [o.diff] : []));
      return ds.length ? formatDiff(Math.max(...ds)) : '—';
    };
    const resident = (p: Precision, kind = 'resident'): string => {
      const own = row.outcomes.get(`ricci ${kind} ${p === 'float64' ? 'f64' : 'f32'}`);
      const peer = fastestScriptPeer(row, p);
      return own?.kind !== 'timed' || peer === undefined ? '—' : `${(own.ms / peer.ms).toFixed(2)}`;
    };
    return [row.workload.name, ...cells, versus('float64'), versus('float32'), ...(withResident ? [`${resident('float64')} / ${resident('float32')}`] : []),
      ...(withResidentOut ? [`${resident('float64', 'resident in/out')} / ${resident('float32', 'resident in/out')}`] : []), `${diffs('float64')} / ${diffs('float32')}`];
  });
  console.log('\nms per call (median); in parentheses ricci\'s time in the peer\'s precision / the peer\'s (its best f64 backend against f64 peers, ricci f32 against f32 peers; > 1: ricci is slower); * = the backend compileEinsum picks by default; "vs JS/wasm": ricci / the fastest JavaScript or WebAssembly peer of that precision (numpy excluded), and which; ricci out= f64 / f32: its default / float32 plan writing into one reused caller-provided out (not in the ratios); ricci resident f64 / f32: its default / float32 plan on operands resident in its memory (residentInputs(), made once and untimed, as tf.js tensors are), fresh result, not in the ratios; ricci resident in/out f64 / f32: the same on resident operands writing into its resident output (residentOutput(), made once: written in place, no copy out, no fresh result; every call overwrites it, as tf.js and numpy keep results in their own memory), not in the ratios; "resident vs JS/wasm", "resident in/out vs JS/wasm": their time / the fastest JavaScript or WebAssembly peer of each precision');
  console.log(markdown(['workload', ...used.map(([c]) => c), 'f64 vs JS/wasm', 'f32 vs JS/wasm', ...(withResident ? ['resident vs JS/wasm f64 / f32'] : []),
    ...(withResidentOut ? ['resident in/out vs JS/wasm f64 / f32'] : []), 'max rel. diff f64 / f32'], timeBody));
  notes.forEach((n, k) => console.log(`  [${k + 1}] ${n}`));
  console.log('  max rel. diff: max |x − ricci| / max |ricci| (ricci = its default plan, f64) over the timed contenders of that precision (checked before timing: f64 ≤ 1e-10, f32 ≤ 1e-4, else WRONG and not timed)');

  const peakOf = (p: Precision): Peak => (p === 'float64' ? peaks.f64x2 : peaks.f32x4);
  const rateBody = rows.map((row) => [row.workload.name, ...used.map(([c, p]) => {
    const o = row.outcomes.get(c);
    if (o?.kind !== 'timed' || row.workload.flops === 0) return o === undefined ? '' : '—';
    const gflops = row.workload.flops / o.ms / 1e6;
    return `${gflops.toFixed(gflops >= 10 ? 1 : 2)} (${((100 * gflops) / peakOf(p).gflops).toFixed(0)}%)`;
  })]);
  console.log(`\nGFLOP/s (percent of the measured WebAssembly peak: f64x2 ${peaks.f64x2.gflops.toFixed(1)} GFLOP/s with ${peaks.f64x2.accumulators} accumulators, f32x4 ${peaks.f32x4.gflops.toFixed(1)} with ${peaks.f32x4.accumulators}; numpy runs native code and may exceed 100%)`);
  console.log(markdown(['workload', ...used.map(([c]) => c)], rateBody));
}
