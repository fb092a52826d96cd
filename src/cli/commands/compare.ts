import type { Command } from 'commander';
import { compareProfiles, type ProfileComparison } from '../../metrics/profile-diff.ts';
import { metricById } from '../../metrics/registry.ts';
import { INTERVALS, type Interval } from '../../model/period.ts';
import { DEFINITION_PROFILES, type DefinitionProfile } from '../../model/workspace.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { formatValue, renderTable } from '../format.ts';
import { print } from './print.ts';
import { choice } from './metrics.ts';

interface CompareOptions {
  /** Required by commander (`requiredOption`). */
  profile: string;
  period?: string;
  interval: string;
  to?: string;
  format: string;
}

/** `northstar compare --profile stripe`: why the workspace's numbers differ from another tool's. */
export function registerCompareCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('compare')
    .description(
      "the workspace's metrics beside another definition profile's, with the customers and rule behind each difference",
    )
    .requiredOption(
      '--profile <name>',
      `profile to compare with: ${DEFINITION_PROFILES.join(', ')}`,
    )
    .option('--period <period>', 'period to compare (2026-11 or a day in it; default the last)')
    .option('--interval <interval>', `period length: ${INTERVALS.join(', ')}`, 'month')
    .option('--to <date>', 'last day of history taken into account (default today)')
    .option('--format <format>', 'output: text or json', 'text')
    .action(async (options: CompareOptions) => {
      const profile = choice<DefinitionProfile>(options.profile, DEFINITION_PROFILES, '--profile');
      const interval = choice<Interval>(options.interval, INTERVALS, '--interval');
      if (options.format !== 'text' && options.format !== 'json')
        throw new CliError(`--format must be text or json; got "${options.format}"`);
      const comparison = await withStore(global(), (store) =>
        compareProfiles(store, {
          workspaceId: global().workspace,
          profile,
          period: options.period,
          interval,
          to: options.to,
        }),
      );
      print(options.format === 'json' ? JSON.stringify(comparison, null, 2) : render(comparison));
    });
}

function render(c: ProfileComparison): string {
  const here = `${c.current.profile} (this workspace)`;
  const there = c.other.profile;
  const value = (id: string, v: number | null) => formatValue(metricById(id)!, v, c.currency);
  const table = renderTable(
    ['metric', here, there, 'difference'],
    c.metrics
      .filter((m) => m.current !== null || m.other !== null)
      .map((m) => [
        m.id,
        value(m.id, m.current),
        value(m.id, m.other),
        m.difference === null || m.difference === 0 ? '' : signed(value(m.id, m.difference)),
      ]),
  );
  const lines = [
    `${c.period} (${c.start} to ${c.end}), ${c.currency}: ${here} beside ${there}`,
    '',
    table,
    '',
  ];
  if (c.rules.length === 0) {
    lines.push(`Every definition switch of ${there} is already this workspace's: no difference.`);
    return lines.join('\n');
  }
  lines.push(`Why they differ — each switch set as ${there} alone (docs/definitions.md):`);
  for (const rule of c.rules) {
    lines.push(
      '',
      `${rule.switch}: ${JSON.stringify(rule.current)} here, ${JSON.stringify(rule.other)} in ${there}`,
      rule.metrics.length > 0
        ? `  changes ${rule.metrics.join(', ')}`
        : `  changes no metric in ${c.period}`,
    );
    if (rule.customers.length === 0 && rule.metrics.length > 0)
      lines.push(
        rule.counted.length > 0
          ? `  no customer's MRR changes; counted differently: ${rule.counted.join(', ')}`
          : "  no customer's MRR or movements change: the formula itself differs",
      );
    for (const customer of rule.customers.slice(0, 20))
      lines.push(
        `  ${customer.customer_id}: MRR ${customer.mrr_current} → ${customer.mrr_other}` +
          `; movements [${customer.movements_current}] → [${customer.movements_other}]`,
      );
    if (rule.customers.length > 20)
      lines.push(`  … and ${rule.customers.length - 20} more customers (--format json lists all)`);
  }
  return lines.join('\n');
}

const signed = (text: string) => (text.startsWith('-') || text.startsWith('−') ? text : `+${text}`);
