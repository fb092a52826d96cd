import type { Command } from 'commander';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../../model/kinds.ts';
import { formatDay } from '../../model/day.ts';
import { generateDemo, type DemoData } from '../../demo/generate.ts';
import { demoGoals } from '../../demo/goals.ts';
import { listGoals, saveGoal } from '../../goals/service.ts';
import { queryMetrics } from '../../metrics/query.ts';
import { toDateLabel } from '../../metrics/report.ts';
import type { Store } from '../../store/store.ts';
import { EXIT } from '../failure.ts';
import { CliError, todayIn, withStore, type GlobalOptions } from '../context.ts';
import { formatValue, renderTable } from '../format.ts';
import { addServeOptions, startServer, type ServeOptions } from './serve.ts';

/** The KPIs a founder looks at first; `northstar metrics` has them all. */
const HEADLINE = [
  'mrr',
  'arr',
  'net_new_mrr',
  'new_mrr',
  'expansion_mrr',
  'contraction_mrr',
  'churned_mrr',
  'reactivation_mrr',
  'fx_impact_mrr',
  'mrr_growth_rate',
  'customers',
  'arpa',
  'customer_churn_rate',
  'gross_mrr_churn_rate',
  'nrr',
  'grr',
  'quick_ratio',
];
const SHOWN_MONTHS = 6;
/** Where the demo records the row counts it wrote, to tell its own rows from imported ones. */
export const DEMO_COLLECTION = 'demo';
const DEMO_ROWS_ID = 'rows';

type RowCounts = Record<ImportKind, number>;

/**
 * Rows the demo would delete that it did not write itself, per kind; empty when the
 * workspace is empty or holds exactly the demo's own rows.
 */
export async function rowsTheDemoWouldLose(
  store: Store,
  workspaceId: string,
): Promise<Partial<RowCounts>> {
  const [settings, counts, written] = await Promise.all([
    store.workspace(workspaceId),
    store.counts(workspaceId),
    store.getDocument<RowCounts>(workspaceId, DEMO_COLLECTION, DEMO_ROWS_ID),
  ]);
  const own =
    settings.demo === true &&
    (written === null || IMPORT_KINDS.every((kind) => counts[kind] === (written[kind] ?? 0)));
  if (own) return {};
  return Object.fromEntries(IMPORT_KINDS.filter((k) => counts[k] > 0).map((k) => [k, counts[k]]));
}

type DemoOptions = {
  customers: string;
  seed: string;
  replace?: boolean;
  serve?: boolean;
} & ServeOptions;

export function registerDemoCommand(program: Command, global: () => GlobalOptions): void {
  addServeOptions(
    program
      .command('demo')
      .description('fill the workspace with a realistic 3-year demo company and print its KPIs')
      .option('--customers <n>', 'how many customers the demo company has had', '300')
      .option('--seed <n>', 'random seed (same seed, same company)', '42')
      .option('--replace', 'delete rows imported into the workspace (it refuses otherwise)')
      .option('--serve', 'then serve the dashboard and the API (what `npm start` does)')
      .option('--no-serve', 'only build the demo database (the default)'),
  ).action(async (options: DemoOptions) => {
    const customers = Number(options.customers);
    const seed = Number(options.seed);
    if (!Number.isInteger(customers) || customers < 1)
      throw new CliError('--customers must be a positive whole number');
    if (!Number.isInteger(seed)) throw new CliError('--seed must be a whole number');
    const { workspace } = global();
    await withStore(global(), async (store, settings) => {
      const lost = Object.entries(await rowsTheDemoWouldLose(store, workspace));
      if (lost.length > 0 && options.replace !== true) {
        throw new CliError(
          `workspace "${workspace}" holds data the demo did not make, which it would delete: ` +
            `${lost.map(([kind, n]) => `${n} ${kind}`).join(', ')}. Nothing was changed. ` +
            'Run the demo in another workspace (--workspace demo), or pass --replace to delete them.',
          EXIT.refused,
        );
      }
      const today = todayIn(settings.timeZone);
      const started = performance.now();
      const data: DemoData = generateDemo({ customers, seed, end: today });
      await store.clearWorkspace(workspace);
      await store.updateWorkspace(workspace, { demo: true, currency: 'USD' });
      for (const kind of IMPORT_KINDS) {
        await store.upsert(workspace, kind, data[kind] as RowOfKind[ImportKind][]);
      }
      const written = Object.fromEntries(IMPORT_KINDS.map((k) => [k, data[k].length]));
      await store.putDocument(workspace, DEMO_COLLECTION, DEMO_ROWS_ID, written);
      // Example goals for the Goals page, unless the workspace has goals of its own.
      if ((await listGoals(store, workspace)).length === 0)
        for (const goal of demoGoals(today)) await saveGoal(store, workspace, goal);
      const rows = IMPORT_KINDS.map((k) => `${data[k].length} ${k}`).join(', ');
      process.stderr.write(
        `Demo company written to workspace "${workspace}" (${rows}) in ${((performance.now() - started) / 1000).toFixed(1)} s.\n\n`,
      );
      const { metrics, report } = await queryMetrics(store, {
        workspaceId: workspace,
        metrics: HEADLINE,
      });
      const periods = report.periods.slice(-SHOWN_MONTHS);
      const heading = (p: (typeof periods)[number]) =>
        p.partial ? `${p.period} ${toDateLabel('month')}` : p.period;
      process.stdout.write(
        `${renderTable(
          ['metric', ...periods.map(heading)],
          metrics.map((m) => [
            m.label,
            ...periods.map((p) => formatValue(m, p.metrics[m.id] ?? null, report.currency)),
          ]),
        )}\n`,
      );
      process.stdout.write(
        `\nThe current month is ${toDateLabel('month')} (through ${formatDay(today)}). Every metric, all periods: northstar metrics --workspace ${workspace} [--format json]\n`,
      );
    });
    if (options.serve === true) await startServer(global(), options);
  });
}
