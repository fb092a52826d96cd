import { Command, CommanderError } from 'commander';
import { DEFAULT_WORKSPACE_ID } from '../model/workspace.ts';
import { DataError } from '../model/errors.ts';
import { CliError, type GlobalOptions } from './context.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerMetricCommands } from './commands/metrics.ts';
import { registerWorkspaceCommand } from './commands/workspace.ts';

const program = new Command('northstar')
  .description('Exact SaaS metrics from your own data: MRR, movements, churn, retention, cohorts.')
  .option('--db <path>', 'DuckDB file (env NORTHSTAR_DB; default ./northstar.duckdb)')
  .option('--workspace <id>', 'workspace (tenant) to read and write', DEFAULT_WORKSPACE_ID)
  .showHelpAfterError()
  .exitOverride();

const global = (): GlobalOptions => program.opts<GlobalOptions>();
registerImportCommand(program, global);
registerMetricCommands(program, global);
registerDemoCommand(program, global);
registerWorkspaceCommand(program, global);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exit(error.exitCode);
  if (error instanceof CliError || error instanceof DataError) {
    process.stderr.write(`northstar: ${error.message}\n`);
    process.exit(error instanceof CliError ? error.exitCode : 1);
  }
  // Anything else is a bug in Northstar, not in the user's data: say so with the details.
  process.stderr.write(
    `northstar: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(70);
}
