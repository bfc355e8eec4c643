#!/usr/bin/env node
/**
 * The `cdk8s-istio-gateway` executable: runs the command line and sets the exit code (output is flushed before the
 * process exits on its own).
 */
import { readStream } from './common';
import { run } from './run';

// A reader that goes away (`... | head -1`) is no error of ours: drop the rest of the output and keep the exit code of
// the run, without a stack trace.
let stdoutClosed = false;
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (!stdoutClosed && error.code !== 'EPIPE') {
    process.stderr.write(`cdk8s-istio-gateway: cannot write the output: ${error.message.split('\n')[0]}\n`);
    process.exitCode = 2;
  }
  stdoutClosed = true;
});
process.stderr.on('error', () => undefined);

run(process.argv.slice(2), {
  stdout: (s) => {
    if (!stdoutClosed) {
      process.stdout.write(s);
    }
  },
  stderr: (s) => process.stderr.write(s),
  stdin: () => readStream(process.stdin),
}).then((code) => {
  process.exitCode = Math.max(code, Number(process.exitCode ?? 0));
}, (error: unknown) => {
  // run() catches everything; this is a last guard so even a bug never prints a stack trace.
  process.stderr.write(`cdk8s-istio-gateway: unexpected error: ${String((error as Error)?.message ?? error).split('\n')[0]}\n`);
  process.exitCode = 2;
});
