#!/usr/bin/env node
import { CommanderError } from 'commander';
import { readStdinSync } from './input.js';
import { exitCode, processIo } from './output.js';
import { createProgram } from './program.js';

/** The `ricci` executable: parses argv, runs one command, exits with its code. */
async function main(): Promise<void> {
  stopQuietlyWhenReaderCloses();
  let code: number = exitCode.ok;
  const program = createProgram({ ...processIo, readStdin: readStdinSync }, (c) => { code = c; }, { jsonErrors: process.argv.slice(2).includes('--json') });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode === 0 ? exitCode.ok : exitCode.usage;
  }
  process.exitCode = code;
}

/**
 * A reader that stops early (`ricci grad --help | head`) closes the pipe, and the next write fails
 * with EPIPE: stop quietly with the command's code, as Unix tools do, not with a stack trace.
 */
function stopQuietlyWhenReaderCloses(): void {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(typeof process.exitCode === 'number' ? process.exitCode : exitCode.ok);
  });
}

await main();
