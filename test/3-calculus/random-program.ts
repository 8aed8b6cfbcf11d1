import { createRandom } from '../support/random.js';

/**
 * A random Ricci program over x, y: [n], A, B: [n, n] and S symmetric (well conditioned), one operation per
 * definition, ending in a scalar L. Every line is built so Einstein's rule gives the intended op.
 */
export interface RandomProgram {
  readonly source: string;
  readonly inputs: Record<string, number[] | number[][]>;
  readonly n: number;
}

type Kind = 'vector' | 'matrix' | 'scalar';

const smooth = ['sin', 'cos', 'tanh', 'sigmoid', 'softplus'] as const;

export function randomProgram(seed: number, steps: number): RandomProgram {
  const random = createRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const n = 1 + Math.floor(random() * 3);
  const pool: Record<Kind, string[]> = { vector: ['x', 'y'], matrix: ['A', 'B', 'S'], scalar: [] };
  const lines = ['x: [n]', 'y: [n]', 'A: [n, n]', 'B: [n, n]', 'S: [n, n] symmetric'];
  const define = (kind: Kind, name: string, line: string): void => {
    lines.push(line);
    pool[kind].push(name);
  };
  for (let k = 1; k <= steps; k++) {
    const t = `t${k}`;
    const [u, v] = [pick(pool.vector), pick(pool.vector)];
    const [M, N] = [pick(pool.matrix), pick(pool.matrix)];
    const ops: (() => void)[] = [
      () => define('vector', t, `${t}[i] = ${M}[i,j] ${u}[j]`),
      () => define('vector', t, `${t}[j] = ${u}[i] ${M}[i,j]`),
      () => define('vector', t, `${t}[i] = ${u}[i] ${v}[i]`),
      () => define('vector', t, `${t}[i] = ${u}[i] - 0.5 * ${v}[i]`),
      () => define('vector', t, `${t}[i] = ${pick(smooth)}(${u}[i])`),
      () => define('vector', t, `${t}[i] = ${u}[i]^2`),
      () => define('matrix', t, `${t}[i,k] = ${M}[i,j] ${N}[j,k]`),
      () => define('matrix', t, `${t}[i,j] = ${M}[j,i] + ${N}[i,j]`),
      () => define('matrix', t, `${t}[i,j] = ${u}[i] ${v}[j]`),
      () => define('matrix', t, `${t}[i,j] = ${pick(smooth)}(${M}[i,j])`),
      () => define('matrix', t, `${t}[i,j] = inv(${pick(['A', 'B', 'S'])})[i,j]`),
      () => define('scalar', t, `${t} = ${u}[i] ${v}[i]`),
      () => define('scalar', t, `${t} = ${M}[i,i]`),
      () => define('scalar', t, `${t} = ${pick(['det', 'logdet'])}(${pick(['A', 'B'])})`),
    ];
    if (pool.scalar.length > 0) ops.push(() => define('vector', t, `${t}[i] = ${pick(pool.scalar)} ${u}[i]`));
    pick(ops)();
  }
  const last = [pool.vector, pool.matrix, pool.scalar].map((p) => p[p.length - 1]!);
  lines.push(`L = ${pick(smooth)}(${last[0]}[i] ${last[1]}[i,j] ${pick(pool.vector)}[j])${pool.scalar.length > 0 ? ` + ${last[2]}` : ''}`);
  const vector = (): number[] => Array.from({ length: n }, () => 2 * random() - 1);
  // moderate magnitudes (|entries| ≤ 2, diagonally dominant so inv/det stay well conditioned):
  // products along a chain of definitions then stay far from where cos(5e4) loses its digits
  const matrix = (): number[][] => Array.from({ length: n }, (_, i) => vector().map((a, j) => 0.5 * a + (i === j ? 1.5 : 0)));
  const a = matrix();
  const S = a.map((row, i) => row.map((v, j) => (v + a[j]![i]!) / 2));
  return { source: lines.join('\n'), inputs: { x: vector(), y: vector(), A: matrix(), B: matrix(), S }, n };
}
