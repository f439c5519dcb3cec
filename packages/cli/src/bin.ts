#!/usr/bin/env node
import { run } from './program';

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // run() never rejects; this is a last guard against a bug in it.
    process.stderr.write(`error: ${String(err)}\n`);
    process.exitCode = 1;
  },
);
