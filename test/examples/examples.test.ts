import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

/**
 * Every script in examples/ runs as a user runs it (`npx tsx examples/<name>.ts`, importing 'ricci'
 * through tsconfig's paths), and prints the answers it promises.
 */
const root = resolve(import.meta.dirname, '..', '..');
const run = promisify(execFile);
const tsx = join(root, 'node_modules', '.bin', 'tsx');

async function example(name: string, ...args: string[]): Promise<string> {
  return exampleWith({}, name, ...args);
}

async function exampleWith(env: Record<string, string>, name: string, ...args: string[]): Promise<string> {
  const { stdout } = await run(tsx, [join('examples', name), ...args], { cwd: root, timeout: 120_000, maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  return stdout;
}

const count = (text: string, pattern: RegExp): number => [...text.matchAll(pattern)].length;

describe('examples', () => {
  it('covers every script in examples/', () => {
    const scripts = readdirSync(join(root, 'examples')).filter((f) => f.endsWith('.ts') && f !== 'seed-print.ts').sort();
    expect(scripts).toEqual(['diagrams.ts', 'einsum.ts', 'fast-einsum.ts', 'language.ts', 'seed-000-neural-network.ts',
      'seed-001-linear-layer.ts', 'seed-002-backprop.ts', 'tour.ts']);
  });

  it('import only the package by name, never its source files', () => {
    for (const file of readdirSync(join(root, 'examples'))) {
      const text = readFileSync(join(root, 'examples', file), 'utf8');
      const specifiers = [...text.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]!);
      expect(specifiers.filter((s) => s.startsWith('..')), file).toEqual([]);
      // 'ricci' only; einsum.ts also shows scijs ndarray operands (an optional interop, not a dependency)
      // (and the package's own subpath ricci/threads)
      const allowed = file === 'einsum.ts' ? ['ricci', 'ndarray'] : ['ricci', 'ricci/threads'];
      expect(specifiers.filter((s) => !s.startsWith('node:') && !s.startsWith('./') && !allowed.includes(s)), file).toEqual([]);
    }
  });

  it('the tour answers the three seed questions, verified, and writes its diagrams to out/tour only', async () => {
    // its own temporary folder: other test files make ricci-* folders in the shared one meanwhile
    const privateTmp = mkdtempSync(join(tmpdir(), 'tour-tmp-'));
    const started = Date.now();
    const out = await exampleWith({ TMPDIR: privateTmp, TMP: privateTmp, TEMP: privateTmp }, 'tour.ts');
    for (const seed of ['seed 000', 'seed 001', 'seed 002']) expect(out).toContain(`(${seed})`);
    // the textbook answers, in both layouts
    expect(out).toContain('∂E/∂W1 = 2 x1ᵀ (x2 ⊙ (𝟏 − x2) ⊙ (x2 − t))');
    expect(out).toContain('∂L/∂W = Xᵀ yᵀ');
    expect(out).toContain('∂L/∂W = y X');
    expect(out).toContain('∂C/∂W1 = 0.5 diag(𝟏 − a1^∘2) W2ᵀ ((𝟏 − a2^∘2) ⊙ (a2 − y)) xᵀ');
    expect(out).toContain('J = I_10 ⊗ X');
    // seed 002's recursion as ricci's own output, in terms of the named adjoints, in both layouts
    expect(out).toContain('denominator: δz1 = ∂C/∂z1 = (W2ᵀ δz2) ⊙ (𝟏 − a1^∘2)');
    expect(out).toContain('numerator:   δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ');
    expect(out).toContain('denominator: ∂C/∂W1 = δz1 xᵀ');
    expect(out).toContain('numerator:   ∂C/∂W1 = x δz1ᵀ');
    // every parameter at once (gradients with adjoints): the two δ's of the recursion and the four gradients, each checked
    expect(out).toContain("gradients(seed2, 'C', ['W1', 'b1', 'W2', 'b2'], { adjoints: ['z2', 'z1'] })");
    expect(count(out, /values with each δ put in, against finite differences: max error \S+ → ok/g)).toBe(6);
    expect(count(out, /central finite differences: max error \S+ → ok/g)).toBe(4);
    expect(out).not.toContain('MISMATCH');
    expect(count(out, /one evaluation [\d.]+ µs/g)).toBe(4);
    const svgs = [...out.matchAll(/(out\/tour\/[\w-]+\.svg)/g)].map((m) => join(root, m[1]!));
    expect(new Set(svgs).size).toBe(8);
    for (const file of svgs) {
      expect(statSync(file).mtimeMs).toBeGreaterThanOrEqual(started - 1000);
      expect(readFileSync(file, 'utf8')).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    const leftInTmp = readdirSync(privateTmp).filter((f) => f.startsWith('ricci'));
    rmSync(privateTmp, { recursive: true, force: true });
    expect(leftInTmp).toEqual([]);
  });

  it('einsum.ts prints numpy results and a coded error', async () => {
    const out = await example('einsum.ts');
    expect(out).toMatch(/matrix product .* shape \[2, 2\]\s+\[5,11,14,23\]/);
    expect(out).toMatch(/trace .* shape \[\]\s+\[28\]/);
    expect(out).toContain('einsum_label_size_conflict');
  });

  it('fast-einsum.ts runs attention scores fresh, resident, in float32 and on two threads, each equal to the first', async () => {
    const out = await example('fast-einsum.ts', '3');
    for (const variant of ['fresh arrays in, fresh result out (f64)', 'resident inputs and result (f64)', 'resident, float32', 'resident, float64, two threads'])
      expect(out).toMatch(new RegExp(`${variant.replace(/[()]/g, '\\$&')}\\s+[\\d.]+ ms\\s+[\\d.]+ GFLOP/s\\s+max error \\S+ → ok`));
    expect(out).not.toContain('MISMATCH');
  });

  it('language.ts evaluates programs and shows three coded errors', async () => {
    const out = await example('language.ts');
    expect(out).toMatch(/softmax .* \[0\.09,0\.2447,0\.6652\]/);
    expect(out).toMatch(/logdet .* \[2\.3979\]/);
    for (const code of ['index_size_conflict', 'left_index_not_free', 'input_size_conflict']) expect(out).toContain(code);
  });

  for (const name of ['seed-000-neural-network.ts', 'seed-001-linear-layer.ts', 'seed-002-backprop.ts'])
    it(`${name} answers with derivatives that pass the finite-difference check`, async () => {
      const out = await example(name);
      const checks = count(out, /max error /g);
      expect(checks).toBeGreaterThanOrEqual(2);
      expect(count(out, /max error \S+ → ok/g)).toBe(checks);
      expect(out).not.toContain('MISMATCH');
    });

  it('diagrams.ts writes one SVG per step, DOT, TikZ, JSON and Python into the folder it is given', async () => {
    const folder = join(root, 'out', 'test-diagrams');
    rmSync(folder, { recursive: true, force: true });
    try {
      const out = await example('diagrams.ts', folder);
      expect(out).toContain('dL/dW[i,j] = x[i] y[j]');
      const files = readdirSync(folder);
      expect(files.filter((f) => /^frame-\d\d-[a-z]+\.svg$/.test(f)).length).toBeGreaterThanOrEqual(3);
      for (const f of ['derivation.svg', 'result.dot', 'result.tex', 'result.json', 'gradient.py']) expect(existsSync(join(folder, f)), f).toBe(true);
      expect(readFileSync(join(folder, 'result.dot'), 'utf8')).toMatch(/^(di)?graph /);
      expect(readFileSync(join(folder, 'gradient.py'), 'utf8')).toContain('np.einsum(');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
