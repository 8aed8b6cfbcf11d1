import type { PathInfo } from './path-info.js';

/**
 * numpy.einsum_path's report: a header of totals, then one row per step with its scaling, flops,
 * its own subscripts and the contraction remaining after it; when steps are fused, one more header
 * line names them (1-based, as the rows count).
 */
export function explainTable(info: Omit<PathInfo, 'toString'>): string {
  const rows = info.steps.map((s) => [String(s.scaling), scientific(s.flops), s.subscripts, s.remaining]);
  const header = ['scaling', 'flops', 'current', 'remaining'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => [...r[c]!].length)));
  const line = (cells: readonly string[]) => cells.map((cell, c) => pad(cell, widths[c]!, c < 2)).join('   ').trimEnd();
  const rule = '-'.repeat(Math.max(74, line(header).length));
  return [
    `  Complete contraction:  ${info.contraction}`,
    `         Naive scaling:  ${info.naiveScaling}`,
    `     Optimized scaling:  ${info.scaling}`,
    `      Naive FLOP count:  ${scientific(info.naiveFlops)}`,
    `  Optimized FLOP count:  ${scientific(info.flops)}`,
    `   Theoretical speedup:  ${info.speedup.toFixed(3)}`,
    `  Largest intermediate:  ${scientific(info.largestIntermediate)} elements`,
    ...(info.fusedSteps.length > 0 ? [`           Fused steps:  ${fusedText(info.fusedSteps)} (one loop nest each, no intermediate stored)`] : []),
    rule, line(header), rule,
    ...rows.map(line),
  ].join('\n');
}

/** Groups of 0-based steps as 1-based rows: [[0, 1], [3, 4, 5]] → '1+2, 4+5+6'. */
function fusedText(groups: readonly (readonly number[])[]): string {
  return groups.map((g) => g.map((s) => s + 1).join('+')).join(', ');
}

/** numpy's '%.3e': 1.600e+10, 3.600e+02. */
function scientific(x: number): string {
  const [mantissa, exponent] = x.toExponential(3).split('e') as [string, string];
  return `${mantissa}e${exponent[0]}${exponent.slice(1).padStart(2, '0')}`;
}

function pad(text: string, width: number, right: boolean): string {
  const gap = ' '.repeat(Math.max(0, width - [...text].length));
  return right ? gap + text : text + gap;
}
