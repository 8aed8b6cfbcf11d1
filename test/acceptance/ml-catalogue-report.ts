import { problems } from './ml-catalogue.js';
import { measureProblem } from './ml-catalogue-measure.js';

/** `npx tsx test/acceptance/ml-catalogue-report.ts`: the measured fraction and every failure. */
const outcomes = problems.map((p) => measureProblem(p));
const passed = outcomes.filter((o) => o.ok).length;
for (const o of outcomes) console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.key}: ${o.verdict}${o.error !== undefined && !o.ok ? ` (${o.error.toExponential(1)})` : ''}\n     ${o.printed}`);
console.log(`\n${passed}/${outcomes.length} = ${(passed / outcomes.length).toFixed(3)} print a matrix expression equal to the derivative`);
