#!/usr/bin/env node
import { CommanderError } from 'commander';
import { readStdinSync } from './input.js';
import { exitCode, processIo } from './output.js';
import { createProgram } from './program.js';

/** The `ricci` executable: parses argv, runs one command, exits with its code. */
async function main(): Promise<void> {
  let code: number = exitCode.ok;
  const program = createProgram({ ...processIo, readStdin: readStdinSync }, (c) => { code = c; });
  try {
    await program.parseAsync(process.argv);
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    code = e.exitCode === 0 ? exitCode.ok : exitCode.usage;
  }
  process.exitCode = code;
}

await main();
