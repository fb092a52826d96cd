import type { Command } from 'commander';
import { IMPORT_KINDS } from '../model/kinds.ts';
import type { GlobalOptions } from './context.ts';

/** What each command module exports: it adds its command(s), options and action to the program. */
export type RegisterCommands = (program: Command, global: () => GlobalOptions) => void;

/**
 * Every top-level command: its name and one-line description (for `northstar --help`), and
 * the module that registers it, imported only when that command runs. Loading every module
 * would pull ExcelJS, Stripe, DuckDB, Fastify and pg into `--help`. A test checks that each
 * description here is the one its module registers.
 */
export interface CommandEntry {
  readonly name: string;
  readonly description: string;
  readonly load: () => Promise<RegisterCommands>;
  /** A server (it stays up, answering many short jobs), not a command that runs and ends. */
  readonly serves?: true;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'import',
    description: `import a CSV or XLSX file of one kind: ${IMPORT_KINDS.join(', ')}`,
    load: async () => (await import('./commands/import.ts')).registerImportCommand,
  },
  {
    name: 'metrics',
    description: 'MRR, movements, churn, retention and concentration per period',
    load: async () => (await import('./commands/metrics.ts')).registerMetricCommands,
  },
  {
    name: 'movements',
    description:
      'per-customer log of MRR movements; with --period, the customers and source rows behind one movement metric',
    load: async () => (await import('./commands/movements.ts')).registerMovementsCommand,
  },
  {
    name: 'cohorts',
    description: 'monthly cohorts by first payment: logo and revenue retention',
    load: async () => (await import('./commands/metrics.ts')).registerMetricCommands,
  },
  {
    name: 'compare',
    description:
      "the workspace's metrics beside another definition profile's, with the customers and rule behind each difference",
    load: async () => (await import('./commands/compare.ts')).registerCompareCommand,
  },
  {
    name: 'demo',
    description: 'fill the workspace with a realistic 3-year demo company and print its KPIs',
    load: async () => (await import('./commands/demo.ts')).registerDemoCommand,
    serves: true,
  },
  {
    name: 'workspace',
    description:
      'show or change how the workspace computes: currency, time zone, churn timing, MRR source',
    load: async () => (await import('./commands/workspace.ts')).registerWorkspaceCommand,
  },
  {
    name: 'forecast',
    description:
      'forecast a monthly metric (or any series in a CSV): the median of damped trend and Theta, with 80%/95% intervals calibrated on its backtest',
    load: async () => (await import('./commands/forecast.ts')).registerForecastCommand,
  },
  {
    name: 'scenario',
    description:
      'what-if: project MRR, ARR, customers, cash and runway with changed churn, expansion, new business, prices or costs, beside the baseline',
    load: async () => (await import('./commands/scenario.ts')).registerScenarioCommand,
  },
  {
    name: 'pricing',
    description:
      'compare pricing models on the actual customer base: monthly, upfront annual, usage-based, packages — revenue, cash timing and MRR',
    load: async () => (await import('./commands/pricing.ts')).registerPricingCommand,
  },
  {
    name: 'webhooks',
    description:
      'outgoing webhooks: signed POSTs to your URLs on metrics.updated and movement.created, retried with backoff',
    load: async () => (await import('./commands/webhooks.ts')).registerWebhooksCommand,
  },
  {
    name: 'retention',
    description:
      'fit the shifted-beta-geometric retention model (Fader & Hardie) to a cohort file or to the workspace cohorts; project survival, MRR and DERL',
    load: async () => (await import('./commands/retention.ts')).registerRetentionCommand,
  },
  {
    name: 'serve',
    description: 'serve the HTTP API and the web dashboard from the database',
    load: async () => (await import('./commands/serve.ts')).registerServeCommand,
    serves: true,
  },
  {
    name: 'keys',
    description: 'API keys for the HTTP API and the dashboard: create, list, revoke',
    load: async () => (await import('./commands/keys.ts')).registerKeysCommand,
  },
  {
    name: 'sync',
    description: 'pull data from a connected service',
    load: async () => (await import('./commands/sync.ts')).registerSyncCommand,
  },
  {
    name: 'import-from',
    description:
      'import a CRM or form export: hubspot-contacts, hubspot-deals, salesforce-leads, salesforce-opportunities, typeform, google-forms (see docs/integrations.md)',
    load: async () => (await import('./commands/import-from.ts')).registerImportFromCommand,
  },
  {
    name: 'goals',
    description: 'targets for metrics, with progress and pacing',
    load: async () => (await import('./commands/goals.ts')).registerGoalCommands,
  },
  {
    name: 'alerts',
    description: 'alert rules on metrics and goals, with notifications',
    load: async () => (await import('./commands/alerts.ts')).registerAlertCommands,
  },
  {
    name: 'insights',
    description: 'what drove a metric’s change: movement types, segments, top customers, in words',
    load: async () => (await import('./commands/insights.ts')).registerInsightsCommand,
  },
  {
    name: 'risk',
    description:
      'at-risk customers: churn probability within the horizon, with reasons and MRR at risk',
    load: async () => (await import('./commands/insights.ts')).registerRiskCommand,
  },
  {
    name: 'report',
    description: 'digests of KPIs, goals, alerts and insights',
    load: async () => (await import('./commands/report.ts')).registerReportCommands,
  },
  {
    name: 'export',
    description: 'write metric series to an Excel workbook (.xlsx)',
    load: async () => (await import('./commands/export.ts')).registerExportCommand,
  },
  {
    name: 'explain',
    description:
      'how a metric is computed: formula, unit, direction, inputs, the imported data it used and the settings that change it',
    load: async () => (await import('./commands/explain.ts')).registerExplainCommand,
  },
  {
    name: 'benchmarks',
    description:
      'industry benchmarks with their sources, and where the workspace stands (last complete month)',
    load: async () => (await import('./commands/benchmarks.ts')).registerBenchmarksCommand,
  },
  {
    name: 'presets',
    description: 'the KPI sets to watch first at each company stage (for metrics --preset)',
    load: async () => (await import('./commands/presets.ts')).registerPresetsCommand,
  },
  {
    name: 'recompute',
    description:
      'recompute every customer’s MRR and store the results; later writes then recompute only the customers they touch',
    load: async () => (await import('./commands/recompute.ts')).registerRecomputeCommand,
  },
  {
    name: 'copy',
    description:
      'copy the workspace into another database, all or nothing: DuckDB file → PostgreSQL or back',
    load: async () => (await import('./commands/copy.ts')).registerCopyCommand,
  },
];
