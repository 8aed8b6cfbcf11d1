import { probeProblems, probeSizes } from './ml-probe.js';
import { measureProblem } from './ml-catalogue-measure.js';

/** `npx tsx test/acceptance/ml-probe-report.ts`: the probe's measured fraction and every failure. */
const outcomes = probeProblems.map((p) => measureProblem(p, 12, (m) => m, probeSizes));
const passed = outcomes.filter((o) => o.ok).length;
for (const o of outcomes) console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.key}: ${o.verdict}${o.error !== undefined && !o.ok ? ` (${o.error.toExponential(1)})` : ''}\n     ${o.printed}`);
console.log(`\n${passed}/${outcomes.length} = ${(passed / outcomes.length).toFixed(3)} print a matrix expression equal to the derivative`);
