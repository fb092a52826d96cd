/**
 * Runs one CLI command in this process, as `northstar <args>` would, without starting a
 * Node process with tsx per call (seconds each on a busy machine). Output is captured;
 * errors become the exit code and the message main.ts would print.
 */
import { Command, CommanderError } from 'commander';
import { CliError, type GlobalOptions } from '../src/cli/context.ts';
import { DataError } from '../src/model/errors.ts';

export type RegisterCommand = (program: Command, global: () => GlobalOptions) => void;

export interface CommandRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function runCommand(
  register: RegisterCommand,
  args: readonly string[],
): Promise<CommandRun> {
  const program = new Command('northstar')
    .option('--db <path>')
    .option('--database-url <url>')
    .option('--workspace <id>', 'workspace', 'default')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  register(program, () => program.opts<GlobalOptions>());
  const out: string[] = [];
  const err: string[] = [];
  const stdout = process.stdout.write.bind(process.stdout);
  const stderr = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    out.push(String(chunk));
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    err.push(String(chunk));
    return true;
  }) as typeof process.stderr.write;
  let code = 0;
  try {
    await program.parseAsync(['node', 'northstar', ...args]);
  } catch (error) {
    if (error instanceof CommanderError) code = error.exitCode;
    else if (error instanceof CliError || error instanceof DataError) {
      err.push(`northstar: ${error.message}\n`);
      code = error instanceof CliError ? error.exitCode : 1;
    } else throw error;
  } finally {
    process.stdout.write = stdout;
    process.stderr.write = stderr;
  }
  return { code, stdout: out.join(''), stderr: err.join('') };
}
