import { isRicciError } from '../src/index.js';
import { UsageError } from './input.js';

/** Where a command writes: injected so the commands stay plain functions of their input. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Raw stderr text, no newline added (a progress line redrawn with \r). */
  progress(text: string): void;
  readStdin(): string;
  /** Whether stderr is a terminal (progress indicators only then). */
  readonly stderrIsTty: boolean;
}

export const processIo: Io = {
  out: (text) => { process.stdout.write(text.endsWith('\n') ? text : `${text}\n`); },
  err: (text) => { process.stderr.write(text.endsWith('\n') ? text : `${text}\n`); },
  progress: (text) => { process.stderr.write(text); },
  readStdin: () => '',
  stderrIsTty: process.stderr.isTTY === true,
};

/** Exit codes: 0 ok, 1 the input is wrong (a RicciError) or a check failed, 2 the command line is wrong. */
export const exitCode = { ok: 0, failed: 1, usage: 2 } as const;

/**
 * Nested numbers as text: JSON's arrays, with ±Infinity and NaN written as JavaScript and numpy
 * print them (JSON.stringify would print null, a plausible wrong answer for an overflow).
 */
export function numbersText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(numbersText).join(',')}]`;
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : JSON.stringify(value);
}

/** For --json, where a number must be finite: ±Infinity and NaN as the strings "Infinity", "-Infinity", "NaN". */
export function jsonNumbers(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(jsonNumbers);
  return typeof value === 'number' && !Number.isFinite(value) ? String(value) : value;
}

/** A strided ndarray-like as nested arrays (row-major), a scalar as a number. */
export function toNested(a: { readonly data: ArrayLike<number>; readonly shape: readonly number[]; readonly stride: readonly number[]; readonly offset: number }): unknown {
  const at = (d: number, base: number): unknown => {
    if (d === a.shape.length) return a.data[base];
    return Array.from({ length: a.shape[d]! }, (_, k) => at(d + 1, base + k * a.stride[d]!));
  };
  return at(0, a.offset);
}

/** An error as the user sees it: RicciError messages carry their caret; --json gets {error}. */
export function reportError(e: unknown, io: Io, json: boolean): number {
  if (isRicciError(e)) {
    if (json) io.out(JSON.stringify({ error: { code: e.code, message: e.message, span: e.span ?? null } }));
    else io.err(`error: ${e.message}`);
    return exitCode.failed;
  }
  if (e instanceof UsageError) {
    if (json) io.out(JSON.stringify({ error: { code: 'usage', message: e.message } }));
    else io.err(`error: ${e.message}`);
    return exitCode.usage;
  }
  throw e;
}

/** A program's warnings (legal but suspicious input), each with its caret, on stderr. */
export function printWarnings(warnings: readonly { readonly message: string }[], io: Io): void {
  for (const w of warnings) io.err(`warning: ${w.message}`);
}
