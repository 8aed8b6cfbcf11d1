/**
 * The MLP training step the tests and bench/training-step.ts share (batch a, inputs j, hidden i
 * with tanh, outputs k, squared loss), and its input shapes for sizes B, D, H, K.
 */
export const mlpStep = `z1[a,i] = X[a,j] W1[j,i] + b1[i]
h[a,i] = tanh(z1[a,i])
z2[a,k] = h[a,i] W2[i,k] + b2[k]
L = 0.5 * sum[a,k]((z2[a,k] - Y[a,k])^2)`;

export function mlpShapes(B: number, D: number, H: number, K: number): Record<'X' | 'W1' | 'b1' | 'W2' | 'b2' | 'Y', number[]> {
  return { X: [B, D], W1: [D, H], b1: [H], W2: [H, K], b2: [K], Y: [B, K] };
}
