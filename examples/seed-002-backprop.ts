/**
 * Seed 002: "Are there rules for ordering the chain-rule multiplications and transposes in
 * numerator vs denominator layout?" ricci answers with its own derivatives: `gradients` of every
 * parameter at once with the adjoints δ(l) = ∂C/∂z(l) named (`adjoints: ['z2', 'z1']`) prints each
 * gradient in terms of the δ's, led by the recursion δ(1) in terms of δ(2), in both layouts; every
 * line is checked against central finite differences (perturbing the intermediate for a δ).
 * Run: npx tsx examples/seed-002-backprop.ts
 */
import { toMatrixNotation, grad, gradients, type Derivative } from 'ricci';

const wave = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => Math.sin(s + 1.7 * k));
const matrix = (rows: number, cols: number, s: number): number[][] => Array.from({ length: rows }, (_, r) => wave(cols, s + 3 * r));

const net = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;
const inputs = { x: wave(3, 0), y: wave(2, 1), W1: matrix(4, 3, 2), b1: wave(4, 3), W2: matrix(2, 4, 4), b2: wave(2, 5) };

const adjoints = ['z2', 'z1'];
const parameters = ['W1', 'b1', 'W2', 'b2'];

console.log('A 2-layer network, column vectors a(l) = f(W(l) a(l−1) + b(l)), f = tanh, C = 1/N Σ ½ (a − y)²:\n' + net);
console.log(`\ngradients(net, 'C', ${JSON.stringify(parameters)}, { adjoints: ${JSON.stringify(adjoints)} }) writes every gradient in terms
of the named adjoints δz2 = ∂C/∂z2 and δz1 = ∂C/∂z1 (column vectors with z's shape) and lists the recursion they
satisfy first — backprop, as ricci's own answer. Each value is still the derivative: evaluate/check put each δ's value in.`);
const backprop = gradients(net, 'C', parameters, { adjoints });

const indent = (text: string): string => text.split('\n').map((line) => `   ${line}`).join('\n');
console.log(`\n── index notation\n${indent(backprop.toString())}`);
const labelled = (layout: 'denominator' | 'numerator'): string =>
  toMatrixNotation(backprop, { layout }).text.split('\n').map((line) => `${layout === 'denominator' ? 'denominator: ' : 'numerator:   '}${line}`).join('\n');
console.log(`\n── denominator layout (∂C/∂W has W's shape)\n${indent(labelled('denominator'))}`);
console.log(`\n── numerator layout (∂C/∂W is the transpose of W's shape)\n${indent(labelled('numerator'))}`);
console.log(`\n── the recursion in LaTeX\n${indent(Object.values(backprop.adjoints).map((d) => toMatrixNotation(d, { layout: 'denominator' }).latex).join('\n'))}`);

/** Every line checked against central finite differences (perturbing z for a δ, the parameter otherwise). */
const checked: [string, Derivative][] = [...Object.entries(backprop.adjoints).map(([z, d]): [string, Derivative] => [`δ${z}`, d]),
  ...parameters.map((name): [string, Derivative] => [`∂C/∂${name}`, backprop.derivatives[name]!])];
console.log('\n── finite differences');
for (const [label, d] of checked) {
  const check = d.check(inputs);
  console.log(`   ${label} (perturbing ${d.wrt[0]!.name}): max error ${check.maxError.toExponential(2)} → ${check.ok ? 'ok' : 'MISMATCH'}`);
  if (!check.ok) process.exitCode = 1;
}

console.log(`
The rule: numerator layout chains Jacobians left to right (∂C/∂z1 = ∂C/∂z2 · ∂z2/∂a1 · ∂a1/∂z1 = (δz2ᵀ W2) ⊙ f′(z1)ᵀ,
a row vector times matrices), denominator layout chains them right to left ((W2ᵀ δz2) ⊙ f′(z1)), because each
layout's derivative is the transpose of the other's and (AB)ᵀ = BᵀAᵀ. One step back, ∂C/∂a1 on its own:
   ${toMatrixNotation(grad(net, 'C', 'a1', { adjoints }), { layout: 'denominator' }).toString().split('\n')[0]}
Without adjoints, the same δ(1) written out:
   ${toMatrixNotation(grad(net, 'C', 'z1'), { layout: 'denominator' }).toString().split('\n')[0]}`);

const { value, gradients: g } = backprop.evaluate(inputs);
console.log(`\nThe values, every parameter from one plan (the forward pass and the δ's shared): C = ${value.toFixed(6)}, `
  + `|∂C/∂W1| has ${g.W1!.size} entries, ∂C/∂b1 = [${Array.from(g.b1!.data, (v) => v.toFixed(4)).join(', ')}]`);
