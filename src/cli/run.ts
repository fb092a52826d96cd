import { createRequire } from 'node:module';
import { Command, CommanderError } from 'commander';
import { compileOnWorkerThreads } from '../model/module-worker.ts';
import { DEFAULT_WORKSPACE_ID } from '../model/workspace.ts';
import { COMMANDS, type CommandEntry } from './command-table.ts';
import type { GlobalOptions } from './context.ts';
import { describeFailure, EXIT, internalFailure } from './failure.ts';

// src/cli and dist/cli both sit two levels below the package root.
const { version } = createRequire(import.meta.url)('../../package.json') as { version: string };

function newProgram(): Command {
  return new Command('northstar')
    .description(
      'Exact SaaS metrics from your own data: MRR, movements, churn, retention, cohorts.',
    )
    .version(version, '-v, --version', 'print the version')
    .option('--db <path>', 'DuckDB file (env NORTHSTAR_DB; default ./northstar.duckdb)')
    .option(
      '--database-url <url>',
      'PostgreSQL server, postgres://user:pass@host:port/db (env DATABASE_URL); used instead of --db',
    )
    .option('--workspace <id>', 'workspace (tenant) to read and write', DEFAULT_WORKSPACE_ID)
    .showHelpAfterError('(northstar <command> --help lists its arguments and options)')
    .exitOverride();
}

/**
 * Parses and runs one command line (arguments after `northstar`) and returns the exit
 * code; expected failures print one or two lines to stderr, bugs an id and a stack.
 *
 * Commands are loaded lazily, in two passes: the first parse knows every command by name
 * and description only (enough for `--help`, `--version` and "did you mean"); when it picks
 * a command, that command's module is imported and the line is parsed again for real.
 */
export async function runCli(args: readonly string[]): Promise<number> {
  try {
    let chosen: CommandEntry | null = null;
    const index = newProgram();
    for (const entry of COMMANDS)
      index
        .command(entry.name)
        .description(entry.description)
        .helpOption(false)
        .allowUnknownOption()
        .allowExcessArguments()
        .action(() => {
          chosen = entry;
        });
    // `help <command>` must show the real command's help, not its stand-in's.
    index
      .helpCommand(false)
      .command('help')
      .description('display help for command')
      .argument('[command]')
      .action((name?: string) => {
        chosen = COMMANDS.find((entry) => entry.name === name) ?? null;
        if (chosen === null) index.help({ error: name !== undefined });
      });
    await index.parseAsync(args, { from: 'user' });
    if (chosen === null) return EXIT.ok;
    // A command that runs and ends: its workers compile on their own thread (see there).
    if ((chosen as CommandEntry).serves !== true) compileOnWorkerThreads();

    const program = newProgram();
    const global = (): GlobalOptions => program.opts<GlobalOptions>();
    (await (chosen as CommandEntry).load())(program, global);
    await program.parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError)
      // Help and --version end with exit code 0; usage errors with 1, which we document as 64.
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const failure = describeFailure(error) ?? internalFailure(error);
    process.stderr.write(`northstar: ${failure.message}\n`);
    return failure.exitCode;
  }
}
