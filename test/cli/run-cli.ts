/**
 * The CLI in the test's own process: the same parse, command and error handling as
 * `northstar` (src/cli/run.ts), with stdout and stderr captured. A process per call cost
 * 1-6 s of CPU (most of the suite's time on two cores); one in-process call costs only the
 * command's own work. Tests that need a real process (serve, start-up cost) spawn one.
 */
import { runCli } from '../../src/cli/run.ts';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

type Write = typeof process.stdout.write;

/** Runs `northstar ...args` and returns its exit code and output. Calls must not overlap. */
export async function runNorthstar(...args: string[]): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const capture =
    (into: string[]): Write =>
    (chunk: string | Uint8Array, ...rest: unknown[]) => {
      into.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    };
  const { stdout, stderr } = process;
  const writes = { out: stdout.write, err: stderr.write };
  stdout.write = capture(out);
  stderr.write = capture(err);
  try {
    const code = await runCli(args);
    return { code, stdout: out.join(''), stderr: err.join('') };
  } finally {
    stdout.write = writes.out;
    stderr.write = writes.err;
  }
}

/** The same, on one database file: `northstar --db <db> ...args`. */
export function northstarOn(db: string): (...args: string[]) => Promise<CliResult> {
  return (...args) => runNorthstar('--db', db, ...args);
}
