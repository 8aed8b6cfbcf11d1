/**
 * Seed 002: "Are there rules for ordering the chain-rule multiplications and transposes in
 * numerator vs denominator layout?" ricci answers with its own derivatives: the adjoints
 * δ(l) = ∂C/∂z(l) are named (`adjoints: ['z2', 'z1']`), so each derivative is printed in terms of
 * the next layer's δ — the recursion — in both layouts, each checked against central finite
 * differences (perturbing the intermediate for ∂C/∂z).
 * Run: npx tsx examples/seed-002-backprop.ts
 */
import { grad, gradients, type Derivative } from 'ricci';

const wave = (n: number, s: number): number[] => Array.from({ length: n }, (_, k) => Math.sin(s + 1.7 * k));
const matrix = (rows: number, cols: number, s: number): number[][] => Array.from({ length: rows }, (_, r) => wave(cols, s + 3 * r));

const net = `z1[i] = W1[i,j] x[j] + b1[i]
a1[i] = tanh(z1[i])
z2[i] = W2[i,j] a1[j] + b2[i]
a2[i] = tanh(z2[i])
C = 0.25 * sum[i]((a2[i] - y[i])^2)`;
const inputs = { x: wave(3, 0), y: wave(2, 1), W1: matrix(4, 3, 2), b1: wave(4, 3), W2: matrix(2, 4, 4), b2: wave(2, 5) };

const adjoints = ['z2', 'z1'];

/** One line per layout: the derivative written in terms of the later δ's (ricci's own output), then its check. */
function show(title: string, d: Derivative, named?: string): void {
  const check = d.check(inputs);
  const rhs = (layout: 'denominator' | 'numerator'): string => d.toMatrix({ layout }).toString().split('\n')[0]!;
  console.log(`\n── ${title}`);
  console.log(`   ${d.toString()}`);
  console.log(`   denominator: ${named ? `${named} = ` : ''}${rhs('denominator')}`);
  console.log(`   numerator:   ${named ? `${named}ᵀ = ` : ''}${rhs('numerator')}`);
  if (named) console.log(`   LaTeX:       ${d.toMatrix({ layout: 'denominator' }).latex}`);
  console.log(`   finite differences (perturbing ${d.wrt[0]!.name}): max error ${check.maxError.toExponential(2)} → ${check.ok ? 'ok' : 'MISMATCH'}`);
}

console.log('A 2-layer network, column vectors a(l) = f(W(l) a(l−1) + b(l)), f = tanh, C = 1/N Σ ½ (a − y)²:\n' + net);
console.log(`\nWith { adjoints: ${JSON.stringify(adjoints)} } every derivative is written in terms of the named adjoints
δz2 = ∂C/∂z2 and δz1 = ∂C/∂z1 (column vectors with z's shape), so backprop's recursion is ricci's own answer.
Each value is still the derivative: evaluate/check put each δ's own value in.`);
show('δ(2): the output adjoint, from the loss', grad(net, 'C', 'z2', { adjoints }), 'δz2');
show('∂C/∂a1, one step back', grad(net, 'C', 'a1', { adjoints }));
show('δ(1) in terms of δ(2): the recursion', grad(net, 'C', 'z1', { adjoints }), 'δz1');
show('the weights of layer 2', grad(net, 'C', 'W2', { adjoints }));
show('the weights of layer 1', grad(net, 'C', 'W1', { adjoints }));
show('the biases of layer 1', grad(net, 'C', 'b1', { adjoints }));

console.log(`
The rule: numerator layout chains Jacobians left to right (∂C/∂z1 = ∂C/∂z2 · ∂z2/∂a1 · ∂a1/∂z1 = (δz2ᵀ W2) ⊙ f′(z1)ᵀ,
a row vector times matrices), denominator layout chains them right to left ((W2ᵀ δz2) ⊙ f′(z1)), because each
layout's derivative is the transpose of the other's and (AB)ᵀ = BᵀAᵀ. Without adjoints, the same δ(1) written out:
   ${grad(net, 'C', 'z1').toMatrix({ layout: 'denominator' }).toString().split('\n')[0]}`);

const all = gradients(net, 'C', ['W1', 'b1', 'W2', 'b2']);
const { value, gradients: g } = all.evaluate(inputs);
console.log(`\nEvery parameter at once (one plan, the forward pass and δ's shared): C = ${value.toFixed(6)}, `
  + `|∂C/∂W1| has ${g.W1!.size} entries, ∂C/∂b1 = [${Array.from(g.b1!.data, (v) => v.toFixed(4)).join(', ')}]`);
