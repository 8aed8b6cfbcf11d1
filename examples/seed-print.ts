import { printExpression, type Derivative } from 'ricci';

/** Prints a derivative the way the seeds' answers are read: result, derivation, numbers, check. */
export function showDerivative(title: string, d: Derivative, inputs: Parameters<Derivative['evaluate']>[0]): void {
  console.log(`\n── ${title}`);
  console.log(`   ${d.toString()}`);
  console.log('   derivation:');
  const names = { names: d.names() };
  for (const s of d.steps) console.log(`     ${s.rule.padEnd(15)} ${printExpression(s.before, names)}  ⟶  ${printExpression(s.after, names)}`);
  const value = d.evaluate(inputs);
  console.log(`   value, shape [${value.shape.join(', ')}]:`, formatted(value.data, value.shape));
  const check = d.check(inputs);
  console.log(`   central finite differences: max error ${check.maxError.toExponential(2)} → ${check.ok ? 'ok' : 'MISMATCH'}`);
}

function formatted(data: ArrayLike<number>, shape: readonly number[]): string {
  const numbers = Array.from(data, (x) => x.toFixed(4));
  const cols = shape[shape.length - 1] ?? 1;
  const rows: string[] = [];
  for (let k = 0; k < numbers.length; k += cols) rows.push(numbers.slice(k, k + cols).join('  '));
  return rows.length <= 1 ? rows.join('') : `\n       ${rows.join('\n       ')}`;
}
