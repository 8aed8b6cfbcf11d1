/**
 * npm run fuzz -- [--seed N] [--count N] [--time SECONDS] [--case-ms N]
 * Prints each failure, then `N passed, M failed` on its last line; exits 1 on a failure.
 */
import { runFuzz } from './fuzz.js';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a non-negative number, got ${process.argv[at + 1]}`);
  return value;
}

const seed = option('seed', 1);
const report = runFuzz({ seed, count: option('count', 2000), timeMs: option('time', 120) * 1000, caseMs: option('case-ms', 5000) });
for (const f of report.failures) console.log(`[${f.family}] ${f.problem}\n  input: ${f.input.replace(/\n/g, '\\n')}`);
console.log(`seed ${seed}`);
console.log(`${report.passed} passed, ${report.failed} failed`);
process.exitCode = report.failed > 0 ? 1 : 0;
