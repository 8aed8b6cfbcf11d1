import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSteps, toLatex, toMatrixNotation, contractPath, einsum, emitModule, fromMatrixNotation, grad, gradients, hessian, jacobian, toDiagram, toDifferential, toKronecker, toPython } from '../../src/index.js';

/**
 * The `ricci` executable as a user runs it: compiled by tsc into a private folder inside
 * node_modules/.cache (so `commander` resolves and no other test's dist/ build can race it), then
 * each command run as a child process with plain node, its output compared with the library's own.
 */
const root = resolve(import.meta.dirname, '../..');
let out: string;
let work: string;

beforeAll(() => {
  mkdirSync(join(root, 'node_modules/.cache'), { recursive: true }); // absent after a fresh npm ci
  out = mkdtempSync(join(root, 'node_modules/.cache/ricci-cli-test-'));
  execFileSync(join(root, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.build.json', '--outDir', out], { cwd: root, stdio: 'pipe', timeout: 120_000 });
  work = mkdtempSync(join(tmpdir(), 'ricci-cli-'));
}, 120_000);

afterAll(() => {
  for (const dir of [out, work]) if (dir) rmSync(dir, { recursive: true, force: true });
});

function ricci(args: readonly string[], input?: string): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [join(out, 'cli/main.js'), ...args], { cwd: work, encoding: 'utf8', timeout: 60_000, ...(input !== undefined ? { input } : {}) });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const bilinear = 'L = x[i] W[i,j] y[j]';

describe('ricci grad / jacobian / hessian', () => {
  it("prints x yᵀ for the bilinear form's gradient in denominator layout (the issue's acceptance line)", () => {
    const r = ricci(['grad', bilinear, '--wrt', 'W', '--layout', 'denominator']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('∂L/∂W = x yᵀ');
    expect(r.stdout.trim()).toBe(toMatrixNotation(grad(bilinear, 'L', 'W'), { layout: 'denominator' }).text);
  });

  it('--adjoints writes the result in terms of the named δ\'s (backprop\'s recursion), and refuses an input with its code', () => {
    const net = 'z1[i] = W1[i,j] x[j]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j]\nC = 0.5 * sum[i](z2[i]^2)';
    const r = ricci(['grad', net, '--of', 'C', '--wrt', 'z1', '--adjoints', 'z2,z1', '--layout', 'numerator']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ');
    expect(ricci(['grad', net, '--of', 'C', '--wrt', 'W1', '--adjoints', 'z2, z1']).stdout.split('\n')[0]).toBe('dC/dW1[i,j] = x[j] δz1[i]');
    const refused = ricci(['grad', net, '--of', 'C', '--wrt', 'W1', '--adjoints', 'W2']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('adjoint_not_intermediate');
  });

  it('grad with several --wrt names prints every gradient at once, led by the --adjoints recursion', () => {
    const net = 'z1[i] = W1[i,j] x[j] + b1[i]\na1[i] = tanh(z1[i])\nz2[i] = W2[i,j] a1[j]\nC = 0.5 * sum[i](z2[i]^2)';
    const r = ricci(['grad', net, '--of', 'C', '--wrt', 'W1,b1,W2', '--adjoints', 'z2,z1']);
    expect(r.code).toBe(0);
    const all = gradients(net, 'C', ['W1', 'b1', 'W2'], { adjoints: ['z2', 'z1'] });
    expect(r.stdout.trim()).toBe(all.toString());
    expect(r.stdout.trim().split('\n')).toEqual([
      'δz2[i] = dC/dz2[i] = z2[i]',
      'δz1[i] = dC/dz1[i] = W2[j,i] (1 - a1[i]^2) δz2[j]',
      'dC/dW1[i,j] = x[j] δz1[i]',
      'dC/db1[i] = δz1[i]',
      'dC/dW2[i,j] = a1[j] δz2[i]',
    ]);
    const numerator = ricci(['grad', net, '--of', 'C', '--wrt', 'W1,b1,W2', '--adjoints', 'z2,z1', '--layout', 'numerator', '--json']);
    const json = JSON.parse(numerator.stdout) as { derivatives: { matrix: { text: string } }[] };
    expect(json.derivatives.map((d) => d.matrix.text.split('\n')[0])).toEqual(toMatrixNotation(all, { layout: 'numerator' }).text.split('\n'));
    expect(json.derivatives[1]!.matrix.text.split('\n')[0]).toBe('δz1ᵀ = ∂C/∂z1 = (δz2ᵀ W2) ⊙ (𝟏 − a1^∘2)ᵀ');
    // a definition among the names is its adjoint, as grad --wrt z1 gives it; a name that is neither is refused, listing both
    const withDefinition = ricci(['grad', net, '--of', 'C', '--wrt', 'W1,z1']);
    expect(withDefinition.code).toBe(0);
    expect(withDefinition.stdout.trim()).toBe(gradients(net, 'C', ['W1', 'z1']).toString());
    expect(withDefinition.stdout.trim().split('\n')[1]).toBe(grad(net, 'C', 'z1').toString());
    const unknown = ricci(['grad', net, '--of', 'C', '--wrt', 'W1,nope']);
    expect(unknown.stderr).toContain('derivative_wrt_not_input');
    expect(unknown.stderr).toContain('inputs: W1, x, b1, W2; definitions: z1, a1, z2)');
    // jacobian still takes one variable
    expect(ricci(['jacobian', net, '--of', 'z2', '--wrt', 'W1,W2']).stderr).toContain('--wrt takes one name here');
  });

  it('prints index notation by default and the numerator layout with --matrix-layout', () => {
    expect(ricci(['grad', bilinear, '--wrt', 'W']).stdout.trim()).toBe(grad(bilinear, 'L', 'W').toString());
    expect(ricci(['grad', bilinear, '--wrt', 'W', '--matrix-layout', 'numerator']).stdout.split('\n')[0]).toBe('∂L/∂W = y xᵀ');
  });

  it('types matrix notation by letter: x\'*A*x needs no declarations', () => {
    const program = fromMatrixNotation("x'*A*x", { x: ['m'], A: ['m', 'm'] });
    const expected = toMatrixNotation(grad(program.source, program.name, 'x'), { layout: 'denominator' }).text.split('\n')[0];
    const r = ricci(['grad', '--matrix', "x'*A*x", '--wrt', 'x', '--layout', 'denominator']);
    expect(r.stdout.split('\n')[0]).toBe(expected);
    expect(expected).toBe('∂f/∂x = (A + Aᵀ) x');
  });

  it('matrix input\'s helper definitions never show by a made-up name (t1 for XᵀX, tr(X))', () => {
    const logdet = ricci(['grad', '--matrix', "log(det(X'*X))", '--wrt', 'X']).stdout;
    expect(logdet).toContain('inv(X[');
    expect(ricci(['grad', '--matrix', "log(det(X'*X))", '--wrt', 'X', '--layout', 'denominator']).stdout.split('\n')[0]).toBe('∂f/∂X = 2 X (Xᵀ X)⁻¹');
    const trace = ricci(['grad', '--matrix', "tr(X) * x'*x", '--wrt', 'x']).stdout;
    expect(trace.split('\n')[0]).toBe('df/dx[i] = 2 x[i] X[j,j]');
    for (const out of [logdet, trace]) expect(out).not.toMatch(/\bt\d\b/);
  });

  it('adds the Kronecker, differential, LaTeX and step views, and --json carries each', () => {
    const d = grad(bilinear, 'L', 'W');
    const r = ricci(['grad', bilinear, '--wrt', 'W', '--kronecker', '--differential', '--latex', '--steps', '--json']);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json['index']).toBe(d.toString());
    expect(json['kronecker']).toBe(String(toKronecker(d)));
    expect(json['differential']).toBe(String(toDifferential(d)));
    expect(json['latex']).toBe(toLatex(d));
    expect(json['stepsText']).toBe(renderSteps(d).text);
    const text = ricci(['grad', bilinear, '--wrt', 'W', '--kronecker', '--steps']).stdout;
    expect(text).toContain(String(toKronecker(d)));
    expect(text).toContain(renderSteps(d).text);
  });

  it('computes Jacobians and Hessians like the library', () => {
    expect(ricci(['jacobian', 'f[i] = A[i,j] x[j]', '--wrt', 'x']).stdout.trim()).toBe(jacobian('f[i] = A[i,j] x[j]', 'f', 'x').toString());
    const h = JSON.parse(ricci(['hessian', 'f = x[i] A[i,j] x[j]', '--wrt', 'x', '--json']).stdout) as { index: string };
    expect(h.index).toBe(hessian('f = x[i] A[i,j] x[j]', 'f', 'x').toString());
  });

  it('reads the program from a .ricci file and from stdin', () => {
    const file = join(work, 'model.ricci');
    writeFileSync(file, 'f[j] = tanh(W[j,i] x[i])\nL = f[j] y[j]\n');
    const expected = grad(readFileSync(file, 'utf8'), 'L', 'W').toString();
    expect(ricci(['grad', file, '--wrt', 'W']).stdout.trim()).toBe(expected);
    expect(ricci(['grad', '--wrt', 'W'], readFileSync(file, 'utf8')).stdout.trim()).toBe(expected);
  });
});

describe('ricci einsum / path / compile', () => {
  it('einsum prints the result as JSON arrays, like the library', () => {
    const r = ricci(['einsum', 'ij,jk->ik', '[[1,2],[3,4]]', '[[5,6],[7,8]]']);
    expect(JSON.parse(r.stdout)).toEqual([[19, 22], [43, 50]]);
    const outer = JSON.parse(ricci(['einsum', 'i,j->ij', '[1,2]', '[3,4,5]', '--json']).stdout) as { shape: number[]; value: number[][] };
    const expected = einsum('i,j->ij', [1, 2], [3, 4, 5]);
    expect(outer.shape).toEqual(expected.shape);
    expect(outer.value.flat()).toEqual(Array.from(expected.data));
  });

  it('path prints the explain table; --json its numbers; --progress reports the search on stderr', () => {
    const shapes = [[2, 3], [3, 4], [4, 5]];
    const info = contractPath('ij,jk,kl->il', shapes);
    const r = ricci(['path', 'ij,jk,kl->il', '--shapes', '2x3,3x4,4x5']);
    expect(r.stdout.trimEnd()).toBe(info.toString().trimEnd());
    expect(r.stderr).toBe('');
    const json = JSON.parse(ricci(['path', 'ij,jk,kl->il', '--shapes', '2x3,3x4,4x5', '--optimize', 'optimal', '--json']).stdout) as { flops: number; path: number[][] };
    const optimal = contractPath('ij,jk,kl->il', shapes, { optimize: 'optimal' });
    expect([json.flops, json.path]).toEqual([optimal.flops, optimal.path]);
    const progress = ricci(['path', 'ij,jk,kl->il', '--shapes', '2x3,3x4,4x5', '--progress']);
    expect(progress.stderr).toMatch(/searching for a contraction path \(auto, 3 operands\)/);
    expect(progress.stdout.trimEnd()).toBe(info.toString().trimEnd());
  });

  it('path --json carries what the table says beyond the numbers: the fused steps and whether the path is proven optimal', () => {
    const shapes = [[2, 3], [2, 3], [2, 3]];
    const info = contractPath('ij,ij,ij->i', shapes, { optimize: 'optimal' });
    expect(info.fusedSteps).toEqual([[0, 1]]);
    const table = ricci(['path', 'ij,ij,ij->i', '--shapes', '2x3,2x3,2x3', '--optimize', 'optimal']).stdout;
    expect(table).toContain('Fused steps:  1+2');
    const json = JSON.parse(ricci(['path', 'ij,ij,ij->i', '--shapes', '2x3,2x3,2x3', '--optimize', 'optimal', '--json']).stdout) as { fusedSteps: number[][]; provenOptimal: boolean };
    expect([json.fusedSteps, json.provenOptimal]).toEqual([info.fusedSteps, info.provenOptimal]);
    expect(json.provenOptimal).toBe(true);
  });

  it('compile writes the standalone module emitModule gives, and it runs', async () => {
    const file = join(work, 'kernel.mjs');
    const r = ricci(['compile', 'ij,jk->ik', '--shapes', '2x3,3x2', '-o', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(emitModule('ij,jk->ik', [[2, 3], [3, 2]]));
    const { run } = await import(pathToFileURL(file).href) as { run: (...a: unknown[]) => { data: ArrayLike<number> } };
    const A = { data: Float64Array.of(1, 2, 3, 4, 5, 6), shape: [2, 3], stride: [3, 1], offset: 0 };
    const B = { data: Float64Array.of(1, 0, 0, 1, 1, 1), shape: [3, 2], stride: [2, 1], offset: 0 };
    expect(Array.from(run(A, B).data)).toEqual(Array.from(einsum('ij,jk->ik', A, B).data));
    const d = grad(bilinear, 'L', 'W');
    const derivative = ricci(['compile', bilinear, '--wrt', 'W', '--sizes', 'i=3,j=4']);
    expect(derivative.stdout.trimEnd()).toBe(emitModule(d, { x: [3], W: [3, 4], y: [4] }).trimEnd());
  });

  it('-o into a path that cannot be written, or a .ricci path that is a folder, is a usage error naming it (compile, diagram, export, grad), as JSON with --json, not a stack trace', () => {
    const missing = join(work, 'no-such-folder');
    const compiled = ricci(['compile', 'ij->', '--shapes', '2x2', '-o', join(missing, 'k.js')]);
    expect([compiled.code, compiled.stderr.trim()]).toEqual([2, `error: cannot write '${join(missing, 'k.js')}': no such directory`]);
    const drawn = ricci(['diagram', bilinear, '--wrt', 'W', '-o', join(missing, 'g.svg'), '--json']);
    expect([drawn.code, JSON.parse(drawn.stdout)]).toEqual([2, { error: { code: 'usage', message: `cannot write '${join(missing, 'g.svg')}': no such directory` } }]);
    const exported = ricci(['export', bilinear, '--wrt', 'W', '-o', join(missing, 'g.py')]);
    expect([exported.code, exported.stderr.trim()]).toEqual([2, `error: cannot write '${join(missing, 'g.py')}': no such directory`]);
    const folder = join(work, 'folder.ricci');
    mkdirSync(folder, { recursive: true });
    const read = ricci(['grad', folder, '--wrt', 'W']);
    expect([read.code, read.stderr.trim()]).toEqual([2, `error: cannot read '${folder}': it is a directory`]);
  });

  it("compile refuses a flag of the other mode rather than ignore it: --shapes with --wrt, a derivative's flags without", () => {
    const shapes = ricci(['compile', bilinear, '--wrt', 'W', '--sizes', 'i=3,j=4', '--shapes', '2x3']);
    expect([shapes.code, shapes.stdout, shapes.stderr.trim()]).toEqual([2, '', 'error: --shapes is for an einsum; a derivative (--wrt) takes --sizes, e.g. --sizes i=3,j=4']);
    const sizes = ricci(['compile', 'ij,jk->ik', '--shapes', '2x3,3x4', '--sizes', 'i=5', '--of', 'L']);
    expect([sizes.code, sizes.stdout, sizes.stderr.trim()]).toEqual([2, '', 'error: --of, --sizes are for a derivative (--wrt); an einsum takes --shapes, e.g. --shapes 2x3,3x4']);
    const json = JSON.parse(ricci(['compile', 'ij,jk->ik', '--shapes', '2x3,3x4', '--matrix', '--json']).stdout) as { error: { code: string; message: string } };
    expect(json.error).toEqual({ code: 'usage', message: '--matrix is for a derivative (--wrt); an einsum takes --shapes, e.g. --shapes 2x3,3x4' });
  });
});

describe('ricci diagram / export / check', () => {
  it.each([['svg', 'svg'], ['dot', 'dot'], ['tex', 'tikz'], ['json', 'json']] as const)('diagram -o out.%s writes the %s diagram', (extension, format) => {
    const file = join(work, `out.${extension}`);
    const r = ricci(['diagram', bilinear, '--wrt', 'W', '-o', file]);
    expect(r.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(toDiagram(grad(bilinear, 'L', 'W'), { format }));
  });

  it('export --python prints the NumPy module of the derivative', () => {
    expect(ricci(['export', '--python', bilinear, '--wrt', 'W']).stdout.trimEnd()).toBe(toPython(grad(bilinear, 'L', 'W')).trimEnd());
  });

  it('check passes a correct gradient against finite differences on random inputs (seeded)', () => {
    const r = ricci(['check', 'f[j] = tanh(W[j,i] x[i]); L = f[j] y[j]', '--wrt', 'W', '--seed', '3', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { ok: boolean; maxError: number; shapes: Record<string, number[]> };
    expect(json.ok).toBe(true);
    expect(json.maxError).toBeLessThan(1e-6);
    expect(json.shapes['W']![1]).toBe(json.shapes['x']![0]);
    const again = JSON.parse(ricci(['check', 'f[j] = tanh(W[j,i] x[i]); L = f[j] y[j]', '--wrt', 'W', '--seed', '3', '--json']).stdout) as unknown;
    expect(again).toEqual(json);
    expect(ricci(['check', '--matrix', 'log(det(X))', '--wrt', 'X']).stdout).toMatch(/^ok: /);
  });

  it('check draws symmetric values for an input declared symmetric (it reported symmetric_input_not_symmetric)', () => {
    const r = ricci(['check', 'S: [n, n] symmetric\nL = x[i] S[i,j] x[j]', '--wrt', 'x', '--sizes', 'n=4', '--json']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { ok: boolean; shapes: Record<string, number[]> };
    expect(json.ok).toBe(true);
    expect(json.shapes['S']).toEqual([4, 4]);
  });

  it('passes a distribution declaration through: grad drops Σ Y, check draws rows summing to 1', () => {
    const source = 'Y: [n, k] distribution\nZ[a,c] = X[a,i] W[i,c]\nL = -Y[a,c] log_softmax[c](Z[a,c])';
    expect(ricci(['grad', source, '--wrt', 'W']).stdout).toContain('dL/dW[i,c] = X[j,i] exp(Z[j,c] - logsumexp[k](Z[j,k])) - X[j,i] Y[j,c]');
    const r = ricci(['check', source, '--wrt', 'W', '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { ok: boolean }).ok).toBe(true);
  });
});

describe('ricci errors and help', () => {
  it('renders a syntax error with its caret on stderr and exits 1; --json gives the code on stdout', () => {
    const r = ricci(['grad', 'L = x[i] W[i,j] y[k', '--wrt', 'W']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: unexpected_token: /);
    expect(lines.at(-2)!.trim()).toBe('L = x[i] W[i,j] y[k');
    expect(lines.at(-1)!.indexOf('^')).toBe(lines.at(-2)!.indexOf('y[k') + 'y[k'.length);
    const json = JSON.parse(ricci(['grad', 'L = x[i] W[i,j] y[k', '--wrt', 'W', '--json']).stdout) as { error: { code: string } };
    expect(json.error.code).toBe('unexpected_token');
    expect(ricci(['einsum', 'ij,jk->iq', '[[1]]', '[[1]]']).code).toBe(1);
  });

  it("prints the program's warnings with their caret on stderr (exit 0), and in --json", () => {
    const program = 'L = x[i] W[i,j] y[k] z[k]';
    const d = grad(program, 'L', 'W');
    expect(d.program.warnings.map((w) => w.code)).toEqual(['index_summed_once']);
    const r = ricci(['grad', program, '--wrt', 'W']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(d.toString());
    expect(r.stderr.trimEnd()).toBe(`warning: ${d.program.warnings[0]!.message}`);
    const json = JSON.parse(ricci(['grad', program, '--wrt', 'W', '--json']).stdout) as { warnings: { code: string }[] };
    expect(json.warnings.map((w) => w.code)).toEqual(['index_summed_once']);
    expect(ricci(['grad', bilinear, '--wrt', 'W']).stderr).toBe('');
  });

  it('exits 2 on a bad command line', () => {
    expect(ricci(['bogus']).code).toBe(2);
    const missing = ricci(['grad', bilinear]);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, 'error: say which input to differentiate by: --wrt <name>']);
    expect(ricci(['grad', bilinear, '--wrt', 'W', '--layout', 'sideways']).code).toBe(2);
    expect(ricci(['diagram', bilinear, '--wrt', 'W', '-o', join(work, 'out.png')]).code).toBe(2);
  });

  it('with --json, a command line commander refuses is {error: {code: usage}} on stdout too (exit 2), as every other error is', () => {
    for (const [args, message] of [
      [['grad', bilinear, '--wrt', 'W', '--bogus', '--json'], "unknown option '--bogus'"],
      [['grad', bilinear, 'extra', '--json'], "too many arguments for 'grad'. Expected 1 argument but got 2."],
      [['check', bilinear, '--wrt', 'W', '--seed', 'abc', '--json'], "option '--seed <n>' argument 'abc' is invalid. expected a non-negative integer."],
    ] as const) {
      const r = ricci(args);
      expect([r.code, JSON.parse(r.stdout)]).toEqual([2, { error: { code: 'usage', message } }]);
    }
    // without --json: plain text on stderr, as before
    const plain = ricci(['grad', bilinear, '--wrt', 'W', '--bogus']);
    expect([plain.code, plain.stdout, plain.stderr.split('\n')[0]]).toEqual([2, '', "error: unknown option '--bogus'"]);
  });

  it('a bad option value is a usage error naming the option (exit 2), not a stack trace', () => {
    for (const args of [['--seed', 'abc'], ['--seed', '-1'], ['--seed', '1.5'], ['--tolerance', 'abc'], ['--tolerance', '-1']]) {
      const r = ricci(['check', bilinear, '--wrt', 'W', ...args]);
      expect([r.code, r.stderr.split('\n')[0]]).toEqual([2, `error: option '${args[0]} ${args[0] === '--seed' ? '<n>' : '<t>'}' argument '${args[1]}' is invalid. ${args[0] === '--seed' ? 'expected a non-negative integer.' : 'expected a finite number ≥ 0.'}`]);
    }
    const limit = ricci(['path', 'ij,jk->ik', '--shapes', '2x3,3x4', '--memory-limit', 'lots']);
    expect([limit.code, limit.stderr]).toEqual([2, expect.stringContaining("option '--memory-limit <elements>' argument 'lots' is invalid")]);
  });

  it('einsum prints an overflow as Infinity (not null), and --json as the string "Infinity"', () => {
    const text = ricci(['einsum', 'i,j->ij', '[1e308, 1]', '[10, -10]']);
    expect([text.code, text.stdout.trim()]).toEqual([0, '[[Infinity,-Infinity],[10,-10]]']);
    const json = ricci(['einsum', 'i,i', '[1e308, 1e308]', '[10, 10]', '--json']);
    expect(JSON.parse(json.stdout)).toEqual({ shape: [], value: 'Infinity' });
  });

  it('einsum reads ±Infinity and NaN back as it prints them: bare (text output) or as strings (--json output)', () => {
    const printed = ricci(['einsum', 'i,j->ij', '[1e308, 1]', '[10, -10]']).stdout.trim();
    const again = ricci(['einsum', 'ij->ji', printed, '--json']);
    expect([again.code, JSON.parse(again.stdout)]).toEqual([0, { shape: [2, 2], value: [['Infinity', 10], ['-Infinity', -10]] }]);
    const fromJson = ricci(['einsum', 'i,i->i', JSON.stringify(JSON.parse(again.stdout).value[0]), '[1, 0]']);
    expect([fromJson.code, fromJson.stdout.trim()]).toEqual([0, '[Infinity,0]']);
    const nan = ricci(['einsum', 'i->', '["NaN", 1]']);
    expect([nan.code, nan.stdout.trim()]).toEqual([0, 'NaN']);
    const word = ricci(['einsum', 'i->', '["inf"]']);
    expect([word.code, word.stderr.split('\n')[0]]).toEqual([1, 'error: einsum_operand_not_numeric: Operand 0 holds a string "inf" at element [0]; every element must be a number']);
  });

  it('a .ricci argument that is no file is a usage error, and text that does not parse shows its caret before any question of --of', () => {
    const missing = ricci(['grad', 'no-such-model.ricci', '--wrt', 'W']);
    expect([missing.code, missing.stderr.trim()]).toEqual([2, "error: cannot read 'no-such-model.ricci': no such file"]);
    const typo = ricci(['grad', 'L = x[i] W[i,j] y[j', '--wrt', 'W']);
    expect([typo.code, typo.stderr.split('\n')[0]]).toEqual([1, "error: unexpected_token: Expected ']' to close the index list but found the end of the input"]);
    const noDefinition = ricci(['grad', 'x.y', '--wrt', 'x']);
    expect([noDefinition.code, noDefinition.stderr.split('\n')[0]]).toEqual([1, "error: unexpected_character: Unexpected character '.'"]);
  });

  it('--sizes with a name that is not a size of the program is a usage error, not a size left at its default', () => {
    for (const command of ['check', 'compile', 'export']) {
      const r = ricci([command, bilinear, '--wrt', 'W', '--sizes', 'i=2,n=5']);
      expect([command, r.code, r.stderr.trim()]).toEqual([command, 2, "error: --sizes names 'n', which is not a size of this program (its sizes: i, j)"]);
    }
    const ok = ricci(['check', bilinear, '--wrt', 'W', '--sizes', 'i=2,j=5']);
    expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining('shapes x: [2], W: [2, 5], y: [5]')]);
  });

  it('stops quietly when its reader closes the pipe early (`ricci grad --help | head`): no EPIPE stack trace', async () => {
    const child = spawn(process.execPath, [join(out, 'cli/main.js'), 'grad', '--help'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    const code = await new Promise<number | null>((done) => child.on('close', (c) => done(c)));
    expect([code, stderr]).toEqual([0, '']);
  });

  it.each(['einsum', 'path', 'grad', 'jacobian', 'hessian', 'diagram', 'compile', 'export', 'check'])('%s --help shows examples', (command) => {
    const r = ricci([command, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Examples:');
    expect(r.stdout).toContain(`$ ricci ${command}`);
  });
});
