#!/usr/bin/env node
import { buildProgram } from './program';

// Entry point of the `zatca` bin. Commands live in ./commands, one file each.
buildProgram()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    // Expected failures (bad input, bad config) print one line; anything else keeps its stack.
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`zatca: ${message}\n`);
    process.exitCode = process.exitCode && process.exitCode !== 0 ? process.exitCode : 1;
  });
