import type { Command } from 'commander';
import {
  enabledRules,
  evaluateAlerts,
  listEvents,
  listRules,
  listStates,
  removeRule,
  saveRule,
} from '../../alerts/service.ts';
import {
  DEFAULT_AT_RISK_HORIZON_DAYS,
  DEFAULT_AT_RISK_PROBABILITY,
  type AlertRule,
  type Comparison,
} from '../../alerts/types.ts';
import type { NotificationChannel } from '../../notify/types.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { isoDate, list, parseMinutes, parseNumber } from './option-values.ts';
import { print } from './print.ts';
import { resultsUpToDate } from './recompute.ts';
import { slug } from './slug.ts';

interface AddOptions {
  /** Default: the condition in words (describeRule). */
  name?: string;
  id?: string;
  metric?: string;
  above?: string;
  below?: string;
  down?: string;
  up?: string;
  change?: string;
  absolute?: boolean;
  window: string;
  ratio?: string;
  anomaly?: boolean;
  sensitivity?: string;
  goal?: string | boolean;
  atRisk?: boolean;
  minMrr?: string;
  probability?: string;
  horizon?: string;
  cooldown: string;
  webhook?: string;
  secret?: string;
  slack?: string;
  email?: string;
}

function comparison(options: AddOptions): { op: Comparison; value: number } {
  if ((options.above === undefined) === (options.below === undefined))
    throw new CliError('give exactly one of --above or --below');
  return options.above !== undefined
    ? { op: 'above', value: parseNumber(options.above, '--above') }
    : { op: 'below', value: parseNumber(options.below!, '--below') };
}

function channels(options: AddOptions): NotificationChannel[] {
  const out: NotificationChannel[] = [];
  if (options.webhook) {
    if (!options.secret) throw new CliError('--webhook needs --secret (the HMAC signing key)');
    out.push({ type: 'webhook', url: options.webhook, secret: options.secret });
  }
  if (options.slack) out.push({ type: 'slack', url: options.slack });
  const to = list(options.email);
  if (to.length > 0) out.push({ type: 'email', to });
  return out;
}

/** A rule from the flags; without --name it is named by its condition ("mrr down 5% …"). */
export function ruleFromOptions(options: AddOptions): AlertRule {
  const rule = ruleOfFlags(options, options.name ?? '');
  if (options.name !== undefined) return rule;
  const name = describeRule(rule);
  return { ...rule, name, id: options.id ?? slug(name) };
}

/** The rule kind follows from the flags given, so a rule reads like the sentence it stands for. */
function ruleOfFlags(options: AddOptions, name: string): AlertRule {
  const base = {
    id: options.id ?? slug(name),
    name,
    cooldownMinutes: parseMinutes(options.cooldown, '--cooldown'),
    channels: channels(options),
  };
  const need = (metric: string | undefined) => {
    if (!metric) throw new CliError('this rule needs --metric');
    return metric;
  };
  if (options.atRisk) {
    if (options.minMrr === undefined)
      throw new CliError('--at-risk needs --min-mrr (in major units, e.g. 500)');
    const minMrr = parseNumber(options.minMrr, '--min-mrr');
    if (minMrr < 0) throw new CliError('--min-mrr must not be negative');
    const rule: AlertRule = { ...base, kind: 'at_risk', minMrr };
    const probability =
      options.probability === undefined
        ? undefined
        : parseNumber(options.probability, '--probability');
    if (probability !== undefined && !(probability > 0 && probability <= 1))
      throw new CliError('--probability must be above 0 and at most 1 (0.5 or 50%)');
    const horizon = options.horizon === undefined ? undefined : Number(options.horizon);
    if (horizon !== undefined && !(Number.isInteger(horizon) && horizon > 0))
      throw new CliError('--horizon must be a whole number of days ≥ 1');
    return {
      ...rule,
      ...(probability !== undefined ? { probability } : {}),
      ...(horizon !== undefined ? { horizonDays: horizon } : {}),
    };
  }
  for (const [flag, given] of [
    ['--min-mrr', options.minMrr],
    ['--probability', options.probability],
    ['--horizon', options.horizon],
  ] as const)
    if (given !== undefined) throw new CliError(`${flag} goes with --at-risk`);
  if (options.goal !== undefined)
    return {
      ...base,
      kind: 'goal',
      ...(typeof options.goal === 'string' ? { goalId: options.goal } : {}),
    };
  if (options.ratio !== undefined) {
    const [numerator, denominator, extra] = options.ratio.split('/').map((s) => s.trim());
    if (!numerator || !denominator || extra !== undefined)
      throw new CliError('--ratio must be two metric ids: numerator/denominator');
    return { ...base, kind: 'ratio', numerator, denominator, ...comparison(options) };
  }
  if (options.anomaly)
    return {
      ...base,
      kind: 'anomaly',
      metric: need(options.metric),
      ...(options.sensitivity
        ? { threshold: parseNumber(options.sensitivity, '--sensitivity') }
        : {}),
    };
  const moves = [options.down, options.up, options.change].filter((x) => x !== undefined);
  if (moves.length > 1) throw new CliError('give only one of --down, --up, --change');
  if (moves.length === 1) {
    const amount = parseNumber(moves[0]!, '--down/--up/--change');
    const window = Number(options.window);
    if (!Number.isInteger(window) || window < 1)
      throw new CliError('--window must be a whole number of periods ≥ 1');
    return {
      ...base,
      kind: 'change',
      metric: need(options.metric),
      direction: options.down !== undefined ? 'down' : options.up !== undefined ? 'up' : 'any',
      window,
      ...(options.absolute ? { absolute: Math.abs(amount) } : { percent: Math.abs(amount) }),
    };
  }
  return { ...base, kind: 'threshold', metric: need(options.metric), ...comparison(options) };
}

export function describeRule(rule: AlertRule): string {
  switch (rule.kind) {
    case 'threshold':
      return `${rule.metric} ${rule.op} ${rule.value}`;
    case 'change':
      return `${rule.metric} ${rule.direction} ${rule.percent !== undefined ? `${rule.percent * 100}%` : rule.absolute} over ${rule.window} period(s)`;
    case 'ratio':
      return `${rule.numerator}/${rule.denominator} ${rule.op} ${rule.value}`;
    case 'anomaly':
      return `${rule.metric} anomaly (z > ${rule.threshold ?? 3.5})`;
    case 'goal':
      return `goal ${rule.goalId ?? '(any)'} at risk or off track`;
    case 'at_risk':
      return `customer with MRR ≥ ${rule.minMrr} at ≥ ${Math.round((rule.probability ?? DEFAULT_AT_RISK_PROBABILITY) * 100)}% churn risk within ${rule.horizonDays ?? DEFAULT_AT_RISK_HORIZON_DAYS} days`;
  }
}

export function registerAlertCommands(program: Command, global: () => GlobalOptions): void {
  const alerts = program
    .command('alerts')
    .description('alert rules on metrics and goals, with notifications');

  alerts
    .command('add')
    .description(
      'add (or replace) a rule. Examples: --metric cac --above 500 | --metric mrr --down 5% | --ratio churned_mrr/new_mrr --above 1 | --metric mrr --anomaly | --goal arr-1m | --at-risk --min-mrr 500',
    )
    .option('--name <text>', 'rule name shown in notifications (default: the condition)')
    .option('--id <id>', 'id (default: from the name)')
    .option('--metric <id>', 'metric the rule watches')
    .option(
      '--above <value>',
      'fires when the value is above (money in major units, rates as 60% or 0.6)',
    )
    .option('--below <value>', 'fires when the value is below')
    .option(
      '--down <change>',
      'fires on a fall of at least this much (5% or, with --absolute, an amount)',
    )
    .option('--up <change>', 'fires on a rise of at least this much')
    .option('--change <change>', 'fires on a move either way of at least this much')
    .option('--absolute', '--down/--up/--change is an amount, not a percentage')
    .option('--window <periods>', 'compare with this many periods earlier', '1')
    .option('--ratio <a/b>', 'ratio of two metrics, with --above or --below')
    .option('--anomaly', 'fires when the last complete period is an outlier (robust seasonal)')
    .option('--sensitivity <z>', 'robust z-score for --anomaly (default 3.5)')
    .option('--goal [id]', 'fires when the goal (or any goal) is at risk or off track')
    .option(
      '--at-risk',
      'fires when a paying customer with MRR ≥ --min-mrr turns at-risk of churning (again when another joins)',
    )
    .option('--min-mrr <amount>', 'for --at-risk: smallest MRR watched, in major units')
    .option(
      '--probability <p>',
      'for --at-risk: churn probability that counts (default 0.5 or 50%)',
    )
    .option('--horizon <days>', 'for --at-risk: churn within this many days (default 90)')
    .option('--cooldown <duration>', 'minimum time between two notifications (30m, 6h, 2d)', '1d')
    .option('--webhook <url>', 'signed webhook to notify')
    .option('--secret <key>', 'HMAC-SHA256 key for --webhook')
    .option('--slack <url>', 'Slack (or compatible) incoming-webhook URL')
    .option('--email <addresses>', 'comma-separated recipients (SMTP from NORTHSTAR_SMTP_URL)')
    .action(async (options: AddOptions) => {
      const rule = ruleFromOptions(options);
      const g = global();
      await withStore(g, async (store) => {
        try {
          await saveRule(store, g.workspace, rule);
        } catch (error) {
          throw new CliError(error instanceof Error ? error.message : String(error));
        }
        print(`Saved rule "${rule.id}": ${describeRule(rule)}.`);
        if ((rule.channels ?? []).length === 0)
          process.stderr.write(
            `northstar: warning: rule "${rule.id}" notifies nobody: it is checked and listed, but no one is told. ` +
              'To add a channel, run the same command again with --email <addresses>, --slack <url> ' +
              'or --webhook <url> --secret <key>.\n',
          );
      });
    });

  alerts
    .command('list')
    .description('rules and their current state')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }) => {
      const g = global();
      await withStore(g, async (store) => {
        const [rules, states] = await Promise.all([
          listRules(store, g.workspace),
          listStates(store, g.workspace),
        ]);
        const state = new Map(states.map((s) => [s.ruleId, s]));
        if (options.format === 'json')
          return print(
            JSON.stringify(
              rules.map((rule) => ({ rule, state: state.get(rule.id) ?? null })),
              null,
              2,
            ),
          );
        if (rules.length === 0) return print('No alert rules yet: northstar alerts add --help');
        print(
          renderTable(
            ['rule', 'condition', 'state', 'since', 'channels'],
            rules.map((r) => [
              r.id,
              describeRule(r),
              state.get(r.id)?.status ?? 'not checked',
              state.get(r.id)?.since ?? '',
              (r.channels ?? []).map((c) => c.type).join(', ') || '—',
            ]),
          ),
        );
      });
    });

  alerts
    .command('check')
    .description('evaluate every rule now; notify new firings and recoveries')
    .option('--dry-run', 'evaluate only: save no state, send nothing')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { dryRun?: boolean; format: string }) => {
      const g = global();
      await withStore(g, async (store, settings) => {
        if ((await enabledRules(store, g.workspace)).length > 0)
          await resultsUpToDate(store, g.workspace, settings);
        const checks = await evaluateAlerts(store, g.workspace, new Date(), {
          dryRun: options.dryRun ?? false,
        });
        if (options.format === 'json')
          return print(
            JSON.stringify(
              checks.map((c) => ({
                rule: c.rule.id,
                condition: c.condition,
                state: c.state.status,
                event: c.event,
              })),
              null,
              2,
            ),
          );
        if (checks.length === 0) return print('No alert rules yet: northstar alerts add --help');
        print(
          renderTable(
            ['rule', 'state', 'event', 'detail'],
            checks.map((c) => [
              c.rule.id,
              c.state.status,
              c.event ? `${c.event.type}${c.event.suppressed ? ' (cooldown)' : ''}` : '—',
              c.condition.message,
            ]),
          ),
        );
        for (const c of checks)
          for (const d of c.event?.deliveries ?? [])
            if (!d.ok)
              process.stderr.write(`northstar: ${c.rule.id}: ${d.channel} failed: ${d.error}\n`);
      });
    });

  alerts
    .command('history')
    .description('alerts fired and recovered')
    .option('--since <date>', 'only events from this date (YYYY-MM-DD)')
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { since?: string; format: string }) => {
      const g = global();
      await withStore(g, async (store) => {
        const since = options.since === undefined ? undefined : isoDate(options.since, '--since');
        const events = await listEvents(store, g.workspace, since);
        if (options.format === 'json') return print(JSON.stringify(events, null, 2));
        print(
          renderTable(
            ['at', 'rule', 'event', 'detail'],
            events.map((e) => [
              e.at,
              e.ruleId,
              `${e.type}${e.suppressed ? ' (cooldown)' : ''}`,
              e.message,
            ]),
          ),
        );
      });
    });

  alerts
    .command('remove')
    .description('delete a rule and its state')
    .argument('<id>')
    .action(async (id: string) => {
      const g = global();
      await withStore(g, async (store) => {
        if (!(await removeRule(store, g.workspace, id))) throw new CliError(`no rule "${id}"`);
        print(`Removed rule "${id}".`);
      });
    });
}
