import { Command, CommanderError } from 'commander';
import { DEFAULT_WORKSPACE_ID } from '../model/workspace.ts';
import { DataError } from '../model/errors.ts';
import { CliError, type GlobalOptions } from './context.ts';
import { registerDemoCommand } from './commands/demo.ts';
import { registerImportCommand } from './commands/import.ts';
import { registerMetricCommands } from './commands/metrics.ts';
import { registerWorkspaceCommand } from './commands/workspace.ts';
import { registerForecastCommand } from './commands/forecast.ts';
import { registerScenarioCommand } from './commands/scenario.ts';
import { registerPricingCommand } from './commands/pricing.ts';
import { registerWebhooksCommand } from './commands/webhooks.ts';
import { registerRetentionCommand } from './commands/retention.ts';
import { registerServeCommand } from './commands/serve.ts';
import { registerKeysCommand } from './commands/keys.ts';
import { registerSyncCommand } from './commands/sync.ts';
import { registerImportFromCommand } from './commands/import-from.ts';
import { registerGoalCommands } from './commands/goals.ts';
import { registerAlertCommands } from './commands/alerts.ts';
import { registerInsightsCommand, registerRiskCommand } from './commands/insights.ts';
import { registerReportCommands } from './commands/report.ts';
import { registerExportCommand } from './commands/export.ts';
import { registerExplainCommand } from './commands/explain.ts';
import { registerBenchmarksCommand } from './commands/benchmarks.ts';
import { registerPresetsCommand } from './commands/presets.ts';
import { registerCopyCommand } from './commands/copy.ts';

const program = new Command('northstar')
  .description('Exact SaaS metrics from your own data: MRR, movements, churn, retention, cohorts.')
  .option('--db <path>', 'DuckDB file (env NORTHSTAR_DB; default ./northstar.duckdb)')
  .option(
    '--database-url <url>',
    'PostgreSQL server, postgres://user:pass@host:port/db (env DATABASE_URL); used instead of --db',
  )
  .option('--workspace <id>', 'workspace (tenant) to read and write', DEFAULT_WORKSPACE_ID)
  .showHelpAfterError()
  .exitOverride();

const global = (): GlobalOptions => program.opts<GlobalOptions>();
registerImportCommand(program, global);
registerMetricCommands(program, global);
registerDemoCommand(program, global);
registerWorkspaceCommand(program, global);
registerForecastCommand(program, global);
registerScenarioCommand(program, global);
registerPricingCommand(program, global);
registerWebhooksCommand(program, global);
registerRetentionCommand(program, global);
registerServeCommand(program, global);
registerKeysCommand(program, global);
registerSyncCommand(program, global);
registerImportFromCommand(program, global);
registerGoalCommands(program, global);
registerAlertCommands(program, global);
registerInsightsCommand(program, global);
registerRiskCommand(program, global);
registerReportCommands(program, global);
registerExportCommand(program, global);
registerExplainCommand(program, global);
registerBenchmarksCommand(program, global);
registerPresetsCommand(program);
registerCopyCommand(program, global);

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
