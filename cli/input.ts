import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fromMatrixNotation, parse, type Program } from '../src/index.js';

/** A Ricci program as the commands take it, and the name it differentiates by default. */
export interface ProgramInput {
  /** Ricci source, or matrix input's parsed program (its helpers, t1 for XᵀX, stay unnamed in the views). */
  readonly source: string | Program;
  /** The definition to differentiate when `--of` is absent: the last one, or matrix input's result. */
  readonly defaultOf: string | undefined;
}

/**
 * The command's text: the argument itself, a file when the argument names one (`.ricci`, or any
 * existing path ending in a known extension), or stdin when the argument is absent or `-`.
 */
export function readText(argument: string | undefined, readStdin: () => string): string {
  if (argument === undefined || argument === '-') return readStdin();
  // Ricci source never ends in .ricci or .txt (a dot is no character of the language): a file name
  if (/\.(ricci|txt)$/.test(argument)) {
    if (!existsSync(argument)) throw new UsageError(`cannot read '${argument}': no such file`);
    try {
      return readFileSync(argument, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read '${argument}': ${fileProblem(e)}`);
    }
  }
  return argument;
}

/** Writes `-o`'s file; a path that cannot be written is a usage error naming it, not a stack trace. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new UsageError(`cannot write '${path}': ${fileProblem(e)}`);
  }
}

/** What went wrong with a file, in words (a missing folder when writing, a directory given as a file). */
function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'ENOENT' ? 'no such directory' : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'it is a directory' : (e as Error).message;
}

export function readStdinSync(): string {
  return readFileSync(0, 'utf8');
}

/**
 * Ricci source, or matrix notation typed by letter as on matrixcalculus.org: a–g scalars, h–z
 * vectors, A–Z matrices, every vector and matrix side of one size `n` unless `--shape` says otherwise.
 *   x'*A*x  →  x: [n]; A: [n, n]; f = x[i] A[i,j] x[j]
 */
export function toProgram(text: string, matrix: boolean, shapes: Readonly<Record<string, readonly (string | number)[]>>): ProgramInput {
  if (!matrix) {
    // parsed here, so a syntax error shows its caret before any question about what to differentiate
    const program = parse(text);
    const definitions = program.statements.filter((st) => st.kind === 'definition');
    return { source: program, defaultOf: definitions[definitions.length - 1]?.name.text };
  }
  const program = fromMatrixNotation(text, { ...letterShapes(text), ...shapes });
  return { source: program.program, defaultOf: program.name };
}

/**
 * Shapes of the names in a matrix expression by their first letter. A name right before `(` is a
 * function, and so is a lowercase word before ` (` (`tanh (z)`); a letter or a capital before ` (`
 * multiplies (`Xᵀ (P − Y)`, `A (x)`), as matrix input reads it; `I_n` is the identity, not a name.
 */
export function letterShapes(text: string): Record<string, string[]> {
  const names = [...text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(\s*)(\()?/g)]
    .filter((m) => m[3] === undefined || (m[2] !== '' && !/^[a-z_]{2,}$/.test(m[1]!)))
    .map((m) => m[1]!).filter((name) => !/^I_/.test(name));
  const size = ['n', 'm', 'p', 'q'].find((s) => !names.includes(s)) ?? 'n';
  const shapes: Record<string, string[]> = {};
  for (const name of names) {
    const first = name[0]!;
    shapes[name] = /[a-g]/.test(first) ? [] : /[h-z]/.test(first) ? [size] : /[A-Z]/.test(first) ? [size, size] : [];
  }
  return shapes;
}

/** The name of the last `name… =` line (statements split at newlines and `;`). */

/** `i=3,j=4` (repeatable) → { i: 3, j: 4 }. */
export function parseSizes(values: readonly string[]): Record<string, number> {
  const sizes: Record<string, number> = {};
  for (const item of values.flatMap((v) => v.split(','))) {
    const m = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=\s*(\d+)\s*$/u.exec(item);
    if (!m) throw new UsageError(`bad size '${item}': expected name=integer, e.g. --sizes i=3,j=4`);
    sizes[m[1]!] = Number(m[2]);
  }
  return sizes;
}

/** `X=m,n` (repeatable) → { X: ['m', 'n'] }; numbers stay numbers. */
export function parseShapes(values: readonly string[]): Record<string, (string | number)[]> {
  const shapes: Record<string, (string | number)[]> = {};
  for (const item of values) {
    const m = /^\s*([\p{L}_][\p{L}\p{N}_]*)\s*=\s*(.*)$/u.exec(item);
    if (!m) throw new UsageError(`bad shape '${item}': expected name=dims, e.g. --shape X=m,n`);
    shapes[m[1]!] = m[2]!.trim() === '' ? [] : m[2]!.split(/[,x×]/).map((d) => (/^\d+$/.test(d.trim()) ? Number(d) : d.trim()));
  }
  return shapes;
}

/** `2x3,3x4` (einsum operand shapes, comma between operands, x within) → [[2,3],[3,4]]; `-` is a scalar. */
export function parseOperandShapes(text: string): number[][] {
  return text.split(',').map((s) => {
    const t = s.trim();
    if (t === '-' || t === '') return [];
    const dims = t.split(/[x×]/).map((d) => Number(d));
    if (!dims.every((d) => Number.isInteger(d) && d >= 0)) throw new UsageError(`bad shape '${t}': expected sizes joined by x, e.g. 2x3`);
    return dims;
  });
}

/** A mistake in the command line itself (not in the input text): reported with the usage hint. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
