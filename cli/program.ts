import { existsSync, readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { einsum, emitModule, randomInputs, toDiagram, toPython, type TensorLike } from '../src/index.js';
import { deriveFrom, derivativesFrom, deriveViews, type DeriveFlags, type DeriveKind, type ViewFlags } from './derive.js';
import { diagramFormatOf } from './diagram-format.js';
import { UsageError, parseOperandShapes, parseShapes, parseSizes, readText, writeOutput } from './input.js';
import { exitCode, jsonNumbers, numbersText, printWarnings, reportError, toNested, type Io } from './output.js';
import { searchWithProgress } from './path-search.js';
import { concreteShapes, programSizes } from './concrete-shapes.js';

/** Options shared by the commands that read a Ricci program (or matrix notation). */
interface ProgramFlags extends DeriveFlags {
  readonly json?: boolean;
  readonly sizes?: readonly string[];
}

const collect = (value: string, previous: readonly string[] = []): string[] => [...previous, value];

const inputHelp = `
Input: the program as an argument, a .ricci file, or stdin (argument absent or '-').
Statements are separated by newlines or ';'. With --matrix the input is matrix notation
typed by letter as on matrixcalculus.org: a–g scalars, h–z vectors, A–Z matrices (all sides
of one size n unless --shape says otherwise), e.g. "x'*A*x".`;

/**
 * The `ricci` command line: `io` receives all output, `setExit` a failing command's exit code.
 * `jsonErrors` (the command line has --json): a malformed command line, which commander reports
 * before any command runs, is {error: {code: 'usage', message}} on stdout too, as other errors are.
 */
export function createProgram(io: Io, setExit: (code: number) => void, { jsonErrors = false } = {}): Command {
  const usageError = (text: string, write: (text: string) => void): void => {
    if (jsonErrors) io.out(JSON.stringify({ error: { code: 'usage', message: text.replace(/^error: /, '').trim() } }));
    else write(text);
  };
  const program = new Command('ricci')
    .description('ricci: tensor expressions in index notation — einsum, contraction paths, symbolic derivatives, generated kernels.')
    .version(versionText(), '-V, --version')
    .showHelpAfterError('(add --help for usage and examples)')
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s), outputError: usageError })
    .exitOverride();
  program.addHelpText('after', `
Examples:
  $ ricci einsum 'ij,jk->ik' '[[1,2],[3,4]]' '[[5,6],[7,8]]'
  $ ricci path 'ij,jk,kl->il' --shapes 2x3,3x4,4x5
  $ ricci grad 'L = x[i] W[i,j] y[j]' --wrt W --layout denominator
  $ ricci grad --matrix "x'*A*x" --wrt x --layout denominator
  $ ricci hessian 'f = x[i] A[i,j] x[j]' --wrt x
  $ ricci diagram 'L = x[i] W[i,j] y[j]' --wrt W -o grad.svg
  $ ricci compile 'ij,jk->ik' --shapes 2x3,3x4 -o kernel.js
  $ ricci export --python model.ricci --wrt W
  $ ricci check 'L = tanh(x[i] W[i,j]) y[j]' --wrt W

Every command takes --help. Errors go to stderr with a caret under the input (exit code 1;
2 for a bad command line); --json prints machine-readable results (and errors) on stdout.`);

  const run = (action: () => Promise<void> | void, json: () => boolean) => async (): Promise<void> => {
    try { await action(); } catch (e) { setExit(reportError(e, io, json())); }
  };
  const emit = (json: boolean, value: unknown, text: string): void => io.out(json ? JSON.stringify(value) : text);

  program.command('einsum')
    .description('numpy einsum on operands given as JSON arrays (or scalars)')
    .argument('<subscripts>', "einsum subscripts, e.g. 'ij,jk->ik'")
    .argument('<operands...>', 'one JSON array per operand (Infinity, -Infinity and NaN bare or as strings, as the output prints them)')
    .option('--optimize <strategy>', 'contraction-path strategy: auto, optimal, dp, branch, greedy, random-greedy', 'auto')
    .option('--json', 'print {shape, value} as JSON')
    .addHelpText('after', `
Examples:
  $ ricci einsum 'ij,jk->ik' '[[1,2],[3,4]]' '[[5,6],[7,8]]'
  [[19,22],[43,50]]
  $ ricci einsum 'ii' '[[1,2],[3,4]]'          # trace
  $ ricci einsum 'i,j->ij' '[1,2]' '[3,4,5]' --json`)
    .action(function (this: Command, subscripts: string, operands: string[]) {
      const o = this.opts<{ optimize: string; json?: boolean }>();
      return run(() => {
        const values = operands.map((text, k) => parseOperand(text, k));
        const r = einsum(subscripts, ...values, { optimize: o.optimize });
        const value = toNested(r);
        emit(o.json === true, { shape: r.shape, value: jsonNumbers(value) }, numbersText(value));
      }, () => o.json === true)();
    });

  program.command('path')
    .description("the contraction order and its cost: numpy's einsum_path explain table")
    .argument('<subscripts>', "einsum subscripts, e.g. 'ij,jk,kl->il'")
    .requiredOption('--shapes <shapes>', "operand shapes: sizes joined by x, operands by commas ('-' for a scalar), e.g. 2x3,3x4,4x5")
    .option('--optimize <strategy>', 'auto, optimal, dp, branch, greedy, random-greedy (or a registered name)', 'auto')
    .option('--memory-limit <elements>', 'largest intermediate allowed, in elements', nonNegativeInteger)
    .option('--progress', 'show the search progress on stderr even when it is not a terminal')
    .option('--json', 'print path, flops, speedup and steps as JSON')
    .addHelpText('after', `
A spinner with the elapsed time shows on stderr while the search runs, when stderr is a terminal.

Examples:
  $ ricci path 'ij,jk,kl->il' --shapes 2x3,3x4,4x5
  $ ricci path 'bde,cdh,agdb,hica,ibd,hgicd,hiac' --shapes 4x4x4,4x4x4,4x4x4x4,4x4x4x4,4x4x4,4x4x4x4x4,4x4x4x4 --optimize optimal
  $ ricci path 'ab,bc->ac' --shapes 1000x2,2x1000 --memory-limit 100 --json`)
    .action(function (this: Command, subscripts: string) {
      const o = this.opts<{ shapes: string; optimize: string; memoryLimit?: number; progress?: boolean; json?: boolean }>();
      return run(async () => {
        const request = {
          subscripts, shapes: parseOperandShapes(o.shapes), optimize: o.optimize,
          ...(o.memoryLimit !== undefined ? { memoryLimit: o.memoryLimit } : {}),
        };
        const showProgress = o.progress === true || io.stderrIsTty;
        const found = await searchWithProgress(request, showProgress ? (s) => io.progress(s) : undefined);
        emit(o.json === true, found.json, found.table);
      }, () => o.json === true)();
    });

  for (const kind of ['grad', 'jacobian', 'hessian'] as const) deriveCommand(program, kind, io, run, emit);

  programCommand(program, 'diagram', 'a tensor-network diagram of the derivative (SVG, DOT, TikZ or JSON)')
    .option('-o, --output <file>', 'write here; the format follows the extension: .svg .dot .tex .json')
    .option('--format <format>', 'svg, dot, tikz or json (default: from -o, else svg)')
    .option('--steps', 'one picture per derivation step, ending with the result (SVG)')
    .addHelpText('after', `
Examples:
  $ ricci diagram 'L = x[i] W[i,j] y[j]' --wrt W -o grad.svg
  $ ricci diagram 'L = x[i] W[i,j] y[j]' --wrt W -o grad.dot
  $ ricci diagram 'L = x[i] W[i,j] y[j]' --wrt W --steps -o steps.svg
  $ ricci diagram --matrix "x'*A*x" --wrt x --format tikz > grad.tex`)
    .action(function (this: Command, input: string | undefined) {
      const o = this.opts<ProgramFlags & { output?: string; format?: string; steps?: boolean }>();
      return run(() => {
        const d = deriveFrom('jacobian', readText(input, io.readStdin), o, parseShapes(o.shape ?? []));
        printWarnings(d.program.warnings, io);
        const format = diagramFormatOf(o.format, o.output);
        if (o.steps && format !== 'svg') throw new UsageError('--steps draws SVG only');
        const text = toDiagram(d, { format, ...(o.steps ? { steps: true } : {}) });
        if (o.output) {
          writeOutput(o.output, text);
          emit(o.json === true, { output: o.output, format, bytes: Buffer.byteLength(text) }, `wrote ${o.output} (${format})`);
        } else emit(o.json === true, { format, diagram: text }, text);
      }, () => o.json === true)();
    });

  program.command('compile')
    .description('a standalone JavaScript module (no dependencies) computing an einsum or a derivative')
    .argument('[input]', "einsum subscripts, or with --wrt a Ricci program (argument, .ricci file or stdin)")
    .option('--shapes <shapes>', 'einsum operand shapes, e.g. 2x3,3x4')
    .option('--wrt <name>', 'compile the derivative by this input instead of an einsum')
    .option('--of <name>', 'the definition to differentiate (default: the last)')
    .option('--sizes <name=n>', 'sizes of symbolic dimensions, e.g. i=3,j=4 (repeatable)', collect)
    .option('--matrix', 'read the input as matrix notation')
    .option('--shape <name=dims>', 'with --matrix: the shape of a name, e.g. X=m,n (repeatable)', collect)
    .option('--dtype <dtype>', 'float64 or float32', 'float64')
    .option('--optimize <strategy>', 'contraction-path strategy', 'auto')
    .option('-o, --output <file>', 'write the module here (default: stdout)')
    .option('--json', 'print {source, output} as JSON')
    .addHelpText('after', `
The module exports run(...operands) for an einsum, run(...inputs) in the listed order for a
derivative; it imports nothing, so it can be copied anywhere.

Examples:
  $ ricci compile 'ij,jk->ik' --shapes 2x3,3x4 -o matmul.js
  $ ricci compile 'L = x[i] W[i,j] y[j]' --wrt W --sizes i=3,j=4 -o grad.js`)
    .action(function (this: Command, input: string | undefined) {
      const o = this.opts<ProgramFlags & { shapes?: string; dtype: string; optimize: string; output?: string }>();
      return run(() => {
        const dtype = o.dtype === 'float32' || o.dtype === 'float64' ? o.dtype : fail(`--dtype is float64 or float32, got '${o.dtype}'`);
        const options = { dtype, optimize: o.optimize } as const;
        let source: string;
        // a flag of the other mode would be silently ignored: the module would not be the one asked for
        const stray = o.wrt !== undefined ? (o.shapes !== undefined ? ['--shapes'] : [])
          : ([['--of', o.of], ['--sizes', o.sizes], ['--matrix', o.matrix], ['--shape', o.shape]] as const).flatMap(([flag, v]) => (v !== undefined ? [flag] : []));
        if (stray.length > 0)
          throw new UsageError(o.wrt !== undefined ? '--shapes is for an einsum; a derivative (--wrt) takes --sizes, e.g. --sizes i=3,j=4'
            : `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} for a derivative (--wrt); an einsum takes --shapes, e.g. --shapes 2x3,3x4`);
        if (o.wrt !== undefined) {
          const d = deriveFrom('jacobian', readText(input, io.readStdin), o, parseShapes(o.shape ?? []));
          printWarnings(d.program.warnings, io);
          source = emitModule(d, concreteShapes(d, programSizes(d, parseSizes(o.sizes ?? []))), options);
        } else {
          if (input === undefined) throw new UsageError('give einsum subscripts (or a program with --wrt)');
          if (o.shapes === undefined) throw new UsageError('give the operand shapes: --shapes 2x3,3x4');
          source = emitModule(input, parseOperandShapes(o.shapes), options);
        }
        if (o.output) writeOutput(o.output, source);
        if (o.output) emit(o.json === true, { output: o.output, bytes: Buffer.byteLength(source) }, `wrote ${o.output}`);
        else emit(o.json === true, { source }, source);
      }, () => o.json === true)();
    });

  programCommand(program, 'export', 'the derivative as NumPy (or JAX) code, with a finite-difference check() for gradients')
    .option('--python', 'NumPy code (the default and, for now, the only language)')
    .option('--jax', 'import jax.numpy as np instead of numpy')
    .option('-o, --output <file>', 'write the module here (default: stdout)')
    .addHelpText('after', `
Examples:
  $ ricci export --python 'L = x[i] W[i,j] y[j]' --wrt W > grad.py
  $ ricci export --python --matrix "x'*A*x" --wrt x --jax`)
    .action(function (this: Command, input: string | undefined) {
      const o = this.opts<ProgramFlags & { python?: boolean; jax?: boolean; output?: string }>();
      return run(() => {
        const d = deriveFrom('jacobian', readText(input, io.readStdin), o, parseShapes(o.shape ?? []));
        printWarnings(d.program.warnings, io);
        const source = toPython(d, { module: o.jax ? 'jax' : 'numpy', sizes: programSizes(d, parseSizes(o.sizes ?? [])) });
        if (o.output) writeOutput(o.output, source);
        if (o.output) emit(o.json === true, { output: o.output }, `wrote ${o.output}`);
        else emit(o.json === true, { source }, source);
      }, () => o.json === true)();
    });

  programCommand(program, 'check', 'the derivative against central finite differences on random inputs')
    .option('--seed <n>', 'seed of the random inputs', nonNegativeInteger, 1)
    .option('--hessian', 'check the second derivative (--wrt x or x,y)')
    .option('--tolerance <t>', 'accepted error relative to max(1, |numeric|)', nonNegativeNumber)
    .addHelpText('after', `
Symbolic sizes get random values 2–5 unless --sizes gives them; entries are uniform in [0.5, 1.5)
(square matrices are made diagonally dominant, so det > 0).
Exit code 1 when the check fails.

Examples:
  $ ricci check 'L = tanh(x[i] W[i,j]) y[j]' --wrt W
  $ ricci check 'f = x[i] A[i,j] x[j]' --wrt x --hessian --sizes i=4
  $ ricci check --matrix "log(det(X))" --wrt X --json`)
    .action(function (this: Command, input: string | undefined) {
      const o = this.opts<ProgramFlags & { seed: number; hessian?: boolean; tolerance?: number }>();
      return run(() => {
        const d = deriveFrom(o.hessian ? 'hessian' : 'jacobian', readText(input, io.readStdin), o, parseShapes(o.shape ?? []));
        printWarnings(d.program.warnings, io);
        const { values, shapes } = randomInputs(d, { seed: o.seed, sizes: programSizes(d, parseSizes(o.sizes ?? [])) });
        const r = d.check(values, o.tolerance !== undefined ? { tolerance: o.tolerance } : {});
        const verdict = `${r.ok ? 'ok' : 'FAILED'}: ${d.toString()}\n  max error ${r.maxError.toExponential(2)} at [${r.worst.index.join(', ')}]` +
          ` (symbolic ${r.worst.symbolic}, finite differences ${r.worst.numeric}); shapes ${Object.entries(shapes).map(([n, s]) => `${n}: [${s.join(', ')}]`).join(', ')}`;
        emit(o.json === true, { ok: r.ok, maxError: r.maxError, worst: r.worst, shapes, derivative: d.toString() }, verdict);
        if (!r.ok) setExit(exitCode.failed);
      }, () => o.json === true)();
    });

  return program;
}

type Runner = (action: () => Promise<void> | void, json: () => boolean) => () => Promise<void>;

/** A command over a Ricci program with the shared input options (argument/file/stdin, --matrix, --of, --wrt). */
function programCommand(program: Command, name: string, description: string): Command {
  return program.command(name)
    .description(description)
    .argument('[input]', 'Ricci program (or matrix notation with --matrix): text, a .ricci file, or stdin')
    .option('--wrt <name>', 'the input to differentiate by (grad: several, comma-separated, for every gradient at once)')
    .option('--of <name>', 'the definition to differentiate (default: the last one)')
    .option('--matrix', 'read the input as matrix notation (typed by letter)')
    .option('--shape <name=dims>', 'with --matrix: the shape of a name, e.g. X=m,n (repeatable)', collect)
    .option('--sizes <name=n>', 'sizes of symbolic dimensions, e.g. i=3,j=4 (repeatable)', collect)
    .addOption(new Option('--mode <mode>', 'symbolic differentiation mode').choices(['forward', 'reverse']))
    .option('--adjoints <names>', 'write the result in terms of these definitions\' adjoints δz = ∂of/∂z, e.g. z2,z1 (backprop\'s recursion)')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', inputHelp);
}

function deriveCommand(program: Command, kind: DeriveKind, io: Io, run: Runner, emit: (json: boolean, value: unknown, text: string) => void): void {
  const what = {
    grad: 'the gradient of a scalar definition: ∂L/∂W, shaped like W',
    jacobian: 'the Jacobian ∂f[I]/∂x[K] of a definition of any rank',
    hessian: 'the second derivative ∂²f/∂x∂x (or ∂x∂y with --wrt x,y)',
  }[kind];
  const example = {
    grad: `  $ ricci grad 'L = x[i] W[i,j] y[j]' --wrt W
  dL/dW[i,j] = x[i] y[j]
  $ ricci grad 'L = x[i] W[i,j] y[j]' --wrt W --layout denominator
  ∂L/∂W = x yᵀ
  $ ricci grad --matrix "x'*A*x" --wrt x --layout numerator
  $ ricci grad 'f[j] = tanh(W[j,i] x[i]); L = f[j] y[j]' --wrt W --steps
  $ echo 'L = x[i] W[i,j] y[j]' | ricci grad --wrt W --kronecker --differential --latex`,
    jacobian: `  $ ricci jacobian 'f[i] = A[i,j] x[j]' --wrt x
  $ ricci jacobian 'f[i] = A[i,j] x[j]' --wrt x --layout numerator
  $ ricci jacobian --matrix 'X*w' --wrt w --shape X=m,n --kronecker`,
    hessian: `  $ ricci hessian 'f = x[i] A[i,j] x[j]' --wrt x
  $ ricci hessian --matrix "x'*A*x" --wrt x --layout denominator
  $ ricci hessian 'f = x[i] A[i,j] y[j]' --wrt x,y`,
  }[kind];
  programCommand(program, kind, what)
    .addOption(new Option('--layout <layout>', 'print matrix notation in this layout').choices(['numerator', 'denominator', 'mixed']))
    .addOption(new Option('--matrix-layout <layout>', 'same as --layout').choices(['numerator', 'denominator', 'mixed']))
    .option('--kronecker', 'add the Magnus–Neudecker Kronecker view (d vec F = J d vec X)')
    .option('--differential', 'add the differential (dL = … dW …) and the derivative read off it')
    .option('--latex', 'add LaTeX (of the matrix form with --layout, else of index notation)')
    .option('--steps', 'add the derivation steps, one rule per line')
    .addHelpText('after', `
Index notation by default; --layout (or --matrix-layout) prints matrix notation instead.

Examples:
${example}`)
    .action(function (this: Command, input: string | undefined) {
      const o = this.opts<ProgramFlags & ViewFlags & { matrixLayout?: string }>();
      return run(() => {
        const ds = derivativesFrom(kind, readText(input, io.readStdin), o, parseShapes(o.shape ?? []));
        const layout = o.layout ?? o.matrixLayout;
        const each = ds.map((d) => deriveViews(d, { ...o, ...(layout !== undefined ? { layout } : {}) }));
        const extra = o.kronecker === true || o.differential === true || o.latex === true || o.steps === true;
        const views = each.length === 1 ? each[0]! : { text: each.map((v) => v.text).join(extra ? '\n\n' : '\n'), json: { derivatives: each.map((v) => v.json) } as Record<string, unknown> };
        const warnings = ds[0]!.program.warnings;
        if (o.json) views.json['warnings'] = warnings.map((w) => ({ code: w.code, message: w.message, span: w.span }));
        else printWarnings(warnings, io);
        emit(o.json === true, views.json, views.text);
      }, () => o.json === true)();
    });
}

/**
 * An operand as JSON, where ±Infinity and NaN may be written as this command prints them: bare in
 * text output, as strings in --json output (so a result can be fed back in). JSON has no such numbers.
 */
function parseOperand(text: string, k: number): TensorLike {
  try {
    const quoted = text.replace(/(?<!["\w])(-?Infinity|NaN)(?![\w"])/g, '"$1"');
    return JSON.parse(quoted, (_, v: unknown) => (v === 'Infinity' || v === '-Infinity' || v === 'NaN' ? Number(v) : v)) as TensorLike;
  } catch {
    throw new UsageError(`operand ${k} is not JSON: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`);
  }
}

// Option parsers run inside commander's parse: they throw its InvalidArgumentError, which it reports
// as a usage error (exit 2) naming the option, not as an uncaught exception with a stack trace.
function nonNegativeInteger(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer.');
  return n;
}

function nonNegativeNumber(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a finite number ≥ 0.');
  return n;
}

function fail(message: string): never {
  throw new UsageError(message);
}

/** The package's version, from its package.json (one level up from cli/ in sources, two from dist/cli/). */
function versionText(): string {
  for (const up of ['../package.json', '../../package.json']) {
    const file = new URL(up, import.meta.url);
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
    if (manifest.name === 'ricci' && manifest.version) return manifest.version;
  }
  return 'unknown';
}
