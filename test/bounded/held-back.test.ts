import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Outcome } from './held-back-cases.js';

/**
 * A held-back-style resource set (issue 13's kinds, not its exact inputs): every case ends in the
 * expected value or coded error, in bounded CPU time, in a child process whose heap is capped at
 * 512 MB (an allocation past it kills the child and loses its lines) and whose typed arrays stay
 * under 256 MB. CPU time, not wall time, is bounded: the machine these run on is shared and loaded.
 */
const value = (v: unknown) => ({ kind: 'value', value: v });
const error = (code: string) => ({ kind: 'error', value: code });
const expected: Record<string, { kind: string; value: unknown }> = {
  'hub einsum 18 operands': value(3 ** 18),
  'hub contractPath 27 operands': value(27 + 26), // each operand's own label summed first, then 26 joins
  'hub contractPath 40 operands': value(39),
  'two hubs einsum 24 operands': value(2 ** 12),
  'dense auto 22 operands': value(21),
  'dense auto 45 operands': value(44),
  'dense optimal 60 operands': error('path_search_too_large'),
  'dense dp 33 operands': error('path_search_too_large'),
  'dense einsum 20 operands': value(true),
  'grad of 64 copies of y[i]': value('64,64'),
  'grad of y[i0] … y[i23]': value('24,24'),
  'hessian of a 26-deep cos/sigmoid composition, checked': value(true),
  'hessian of a 26-deep composition, compiled': value(true),
  'grad of a 12-deep composition of a product': value(true),
  // L = Σ_k c_k x·x with c_k = (k mod 7) + 1, so ∂L/∂x = 2 (Σc) x; the second sum is c_0 Σx − Σ_{k≥1} c_k Σx
  'grad of an 8,000-term Ricci sum': value([1, 2, 3].map((v) => 2 * coefficientSum(8000, 7) * v).join(',')),
  'evaluate an 8,000-term Ricci sum': value(6 * (1 - (coefficientSum(8000, 5) - 1))),
  'Ricci: 4,000 nested parentheses': error('nesting_too_deep'),
  'Ricci: 3,000 nested calls': error('nesting_too_deep'),
  'matrix: 3,000 nested parentheses': error('matrix_input_too_deep'),
  'matrix: 7,000-term sum, evaluated': value([1, 2, 3, 4].map((v) => v - 6999 * v).join(',')),
  'matrix: 6,000-matrix product translates': value(true),
  'matrix: 30,001 transposes': value(1),
  'einsum: 3,000 parentheses': error('einsum_invalid_character'),
  'einsum: 100 operands on one label': value('1,1'),
  'einsum: 3e5 × 3e5 outer product': error('work_too_large'),
  'einsum: 2^50 summed over': error('work_too_large'),
  'compileEinsum: 1e6 × 1e6 transpose': error('work_too_large'),
  'emitModule: 7e4 × 7e4 product': error('result_too_large'),
  'evaluate: 5e4 × 5e4 definition': error('result_too_large'),
  'Derivative.evaluate: a 3e4 × 3e4 Jacobian': error('result_too_large'),
  'Derivative.compile: a 3e4 × 3e4 × 3e4 Jacobian': error('result_too_large'),
  'evaluate: a 40-matrix chain through the reference evaluator': error('reference_work_too_large'),
  'contractPath trials 1e9 on 30 operands': error('path_option_invalid'),
  'optimal with budget 1e15 and a 2 s time limit on a dense 40': error('path_search_too_large'),
  'contractPath trials 5e4 on 30 operands': value(30 + 29),
  'contractPath trials Infinity': error('path_option_invalid'),
  'einsum limits maxWork 1e3 on a 1e5 sum': error('work_too_large'),
  'toDiagram steps of a third derivative': value(true),
};

/** Σ_{k<n} ((k mod m) + 1). */
function coefficientSum(n: number, m: number): number {
  let s = 0;
  for (let k = 0; k < n; k++) s += (k % m) + 1;
  return s;
}

describe('held-back-style resource set', () => {
  it('every case ends in its value or coded error within 8 s of CPU and a 512 MB heap', () => {
    const script = fileURLToPath(new URL('./held-back-cases.ts', import.meta.url));
    const child = spawnSync(process.execPath, ['--max-old-space-size=512', '--import', 'tsx', script], { encoding: 'utf8', timeout: 600_000 });
    const outcomes = child.stdout.trim().split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Outcome);
    expect(child.status, child.stderr.slice(-2000)).toBe(0);
    expect(outcomes.map((o) => o.name)).toEqual(Object.keys(expected));
    for (const o of outcomes) {
      expect({ kind: o.kind, value: o.value }, o.name).toEqual(expected[o.name]);
      expect(o.cpuMs, o.name).toBeLessThan(8000);
      expect(o.arrayBuffersMb, o.name).toBeLessThan(256);
    }
    // the measured times, for the report (wall time is the loaded machine's)
    console.log(outcomes.map((o) => `${o.name}: ${o.cpuMs} ms CPU, ${o.ms} ms wall`).join('\n'));
  }, 700_000);
});
