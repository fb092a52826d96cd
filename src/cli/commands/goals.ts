import type { Command } from 'commander';
import { formatDay } from '../../model/day.ts';
import { GOAL_KINDS, type Goal, type GoalKind, type GoalStatus } from '../../goals/types.ts';
import { goalStatuses, listGoals, removeGoal, saveGoal } from '../../goals/service.ts';
import { formatPresented } from '../../insights/format.ts';
import { metricInfo, parseSegments, workspaceToday } from '../../metrics/query.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { isoDate, parseNumber } from './option-values.ts';
import { print } from './print.ts';
import { resultsUpToDate } from './recompute.ts';
import { slug } from './slug.ts';

interface AddOptions {
  name: string;
  id?: string;
  kind?: string;
  metric?: string;
  segment?: string;
  target?: string;
  baseline?: string;
  start?: string;
  due: string;
  parent?: string;
  weight?: string;
  task: string[];
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** `--segment country=FR` as a goal's segment: one attribute, one value. */
function goalSegment(text: string): NonNullable<Goal['segment']> {
  const [filter] = parseSegments([text]);
  if (filter!.values.length !== 1)
    throw new CliError(`--segment ${text}: a goal's segment is one value (country=FR)`);
  return { dimension: filter!.attribute, value: filter!.values[0]! };
}

function kindFor(options: AddOptions): GoalKind {
  if (options.kind) {
    if (!(GOAL_KINDS as readonly string[]).includes(options.kind))
      throw new CliError(`--kind must be one of ${GOAL_KINDS.join(', ')}`);
    return options.kind as GoalKind;
  }
  if (options.task.length > 0) return 'tasks';
  if (!options.metric) return 'boolean';
  const unit = metricInfo(options.metric)?.unit;
  return unit === 'money' ? 'money' : unit === 'rate' ? 'rate' : 'number';
}

export function registerGoalCommands(program: Command, global: () => GlobalOptions): void {
  const goals = program
    .command('goals')
    .description('targets for metrics, with progress and pacing');

  goals
    .command('add')
    .description('add (or replace) a goal')
    .requiredOption('--name <text>', 'what the goal is called')
    .requiredOption('--due <date>', 'due date (YYYY-MM-DD)')
    .option('--id <id>', 'id (default: from the name)')
    .option('--kind <kind>', `${GOAL_KINDS.join(', ')} (default: from the metric or tasks)`)
    .option('--metric <id>', 'metric the goal tracks (number, money and rate goals)')
    .option(
      '--segment <attribute=value>',
      'the metric of one segment, as `northstar metrics --segment` reads it (e.g. country=FR)',
    )
    .option('--target <value>', 'target value (money in major units, rates as 5% or 0.05)')
    .option(
      '--baseline <value>',
      'starting value (default: the metric in the last complete month before --start)',
    )
    .option('--start <date>', 'start date (default: today; e.g. 2026-01-01 for a year goal)')
    .option('--parent <id>', 'parent goal this one rolls up into')
    .option('--weight <n>', 'weight in the parent roll-up', '1')
    .option('--task <title>', 'a task of a task-completion goal (repeat)', collect, [])
    .action(async (options: AddOptions) => {
      const kind = kindFor(options);
      const metricGoal = kind === 'number' || kind === 'money' || kind === 'rate';
      if (metricGoal && (!options.metric || options.target === undefined))
        throw new CliError(`a ${kind} goal needs --metric and --target`);
      if (kind === 'tasks' && options.task.length === 0)
        throw new CliError('a tasks goal needs at least one --task');
      const due = isoDate(options.due, '--due');
      const g = global();
      await withStore(g, async (store) => {
        const today = await workspaceToday(store, g.workspace, new Date());
        const start = options.start ? isoDate(options.start, '--start') : formatDay(today);
        if (due <= start) throw new CliError(`--due ${due} must be after the start ${start}`);
        // Unset, the baseline is read from history at the start whenever the goal is shown,
        // so a re-import or a corrected row moves it with every other number.
        const baseline =
          options.baseline === undefined ? undefined : parseNumber(options.baseline, '--baseline');
        const goal: Goal = {
          id: options.id ?? slug(options.name),
          name: options.name,
          kind,
          start,
          due,
          ...(metricGoal
            ? {
                metric: options.metric!,
                ...(options.segment === undefined ? {} : { segment: goalSegment(options.segment) }),
                ...(baseline === undefined ? {} : { baseline }),
                target: parseNumber(options.target!, '--target'),
              }
            : {}),
          ...(kind === 'boolean' ? { done: false } : {}),
          ...(kind === 'tasks'
            ? { tasks: options.task.map((title) => ({ title, done: false })) }
            : {}),
          ...(options.parent
            ? { parentId: options.parent, weight: parseNumber(options.weight ?? '1', '--weight') }
            : {}),
        };
        await saveGoal(store, g.workspace, goal);
        print(`Saved goal "${goal.id}".`);
      });
    });

  goals
    .command('done')
    .description('mark a yes/no goal done, or one task of a tasks goal (by number from 1)')
    .argument('<id>')
    .option('--task <n>', 'task number')
    .action(async (id: string, options: { task?: string }) => {
      const g = global();
      await withStore(g, async (store) => {
        const goal = (await listGoals(store, g.workspace)).find((x) => x.id === id);
        if (!goal) throw new CliError(`no goal "${id}"`);
        let next: Goal;
        if (options.task !== undefined) {
          const n = Number(options.task);
          const tasks = goal.tasks ?? [];
          if (!Number.isInteger(n) || n < 1 || n > tasks.length)
            throw new CliError(`--task must be 1 to ${tasks.length}`);
          next = { ...goal, tasks: tasks.map((t, i) => (i === n - 1 ? { ...t, done: true } : t)) };
        } else next = { ...goal, done: true };
        await saveGoal(store, g.workspace, next);
        print(`Updated goal "${id}".`);
      });
    });

  goals
    .command('list')
    .description('every goal with progress and pacing')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }) => {
      const g = global();
      await withStore(g, async (store, settings) => {
        if ((await listGoals(store, g.workspace)).length > 0)
          await resultsUpToDate(store, g.workspace, settings);
        const statuses = await goalStatuses(store, g.workspace);
        if (options.format === 'json') return print(JSON.stringify(statuses, null, 2));
        if (statuses.length === 0) return print('No goals yet: northstar goals add --help');
        print(
          renderTable(
            [
              'goal',
              'metric',
              'baseline',
              'current',
              'target',
              'progress',
              'expected',
              'forecast',
              'status',
              'due in',
            ],
            statuses.map((s) => [
              s.id,
              s.metric === null
                ? s.kind
                : s.segment
                  ? `${s.metric} (${s.segment.dimension}=${s.segment.value})`
                  : s.metric,
              s.baselinePeriod === null
                ? value(s, s.baseline, settings.currency)
                : `${value(s, s.baseline, settings.currency)} (${s.baselinePeriod})`,
              s.period === null
                ? value(s, s.current, settings.currency)
                : `${value(s, s.current, settings.currency)} (${s.period})`,
              value(s, s.target, settings.currency),
              pct(s.progress),
              pct(s.expected),
              s.forecast === null ? '—' : `${pct(s.forecast.probability)} by ${s.forecast.period}`,
              s.status.replace('_', ' '),
              `${s.daysLeft} d`,
            ]),
          ),
        );
        print(
          'Metric goals are judged on the last complete month; "forecast" is the chance of reaching the target by the due month.',
        );
      });
    });

  goals
    .command('show')
    .description('one goal in detail')
    .argument('<id>')
    .action(async (id: string) => {
      const g = global();
      await withStore(g, async (store, settings) => {
        const goal = (await listGoals(store, g.workspace)).find((x) => x.id === id);
        if (goal) await resultsUpToDate(store, g.workspace, settings);
        const status = (await goalStatuses(store, g.workspace)).find((s) => s.id === id);
        if (!goal || !status) throw new CliError(`no goal "${id}"`);
        print(JSON.stringify({ goal, status }, null, 2));
      });
    });

  goals
    .command('remove')
    .description('delete a goal')
    .argument('<id>')
    .action(async (id: string) => {
      const g = global();
      await withStore(g, async (store) => {
        if (!(await removeGoal(store, g.workspace, id))) throw new CliError(`no goal "${id}"`);
        print(`Removed goal "${id}".`);
      });
    });
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

function value(s: GoalStatus, v: number | null, currency: string): string {
  if (v === null) return '—';
  const metric = s.metric ? metricInfo(s.metric) : undefined;
  return metric ? formatPresented(metric, v, currency) : String(v);
}
