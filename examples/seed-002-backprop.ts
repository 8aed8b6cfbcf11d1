/**
 * Seed 002: "Are there rules for ordering the chain-rule multiplications and transposes in
 * numerator vs denominator layout?" ricci answers with its own derivatives: the adjoints
 * δ(l) = ∂C/∂z(l) are asked for directly (grad with respect to a definition), printed in both
 * layouts, each checked against central finite differences that perturb the intermediate.
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

function show(title: string, d: Derivative): void {
  const check = d.check(inputs);
  console.log(`\n── ${title}`);
  console.log(`   ${d.toString()}`);
  console.log(`   denominator: ${d.toMatrix({ layout: 'denominator' }).toString().split('\n')[0]}`);
  console.log(`   numerator:   ${d.toMatrix({ layout: 'numerator' }).toString().split('\n')[0]}`);
  console.log(`   finite differences (perturbing ${d.wrt[0]!.name}): max error ${check.maxError.toExponential(2)} → ${check.ok ? 'ok' : 'MISMATCH'}`);
}

console.log('A 2-layer network, column vectors a(l) = f(W(l) a(l−1) + b(l)), f = tanh, C = 1/N Σ ½ (a − y)²:\n' + net);
show('δ(2) = ∂C/∂z2, the output adjoint', grad(net, 'C', 'z2'));
show('∂C/∂a1 = W(2)ᵀ δ(2) (denominator) = δ(2)ᵀ W(2) (numerator)', grad(net, 'C', 'a1'));
show('δ(1) = ∂C/∂z1 = (W(2)ᵀ δ(2)) ⊙ f′(z1): the recursion, δ(2) written out', grad(net, 'C', 'z1'));
show('∂C/∂W2 = δ(2) a(1)ᵀ (denominator), a(1) δ(2)ᵀ (numerator)', grad(net, 'C', 'W2'));
show('∂C/∂W1 = δ(1) xᵀ (denominator), x δ(1)ᵀ (numerator)', grad(net, 'C', 'W1'));

console.log(`
The rule: numerator layout chains Jacobians left to right (∂C/∂z1 = ∂C/∂a2 · ∂a2/∂z2 · ∂z2/∂a1 · ∂a1/∂z1,
row vectors times matrices), denominator layout chains them right to left (W(2)ᵀ-first), because each
layout's derivative is the transpose of the other's and (AB)ᵀ = BᵀAᵀ.`);

const all = gradients(net, 'C', ['W1', 'b1', 'W2', 'b2']);
const { value, gradients: g } = all.evaluate(inputs);
console.log(`\nEvery parameter at once (one plan, the forward pass and δ's shared): C = ${value.toFixed(6)}, `
  + `|∂C/∂W1| has ${g.W1!.size} entries, ∂C/∂b1 = [${Array.from(g.b1!.data, (v) => v.toFixed(4)).join(', ')}]`);
