import type { Command } from 'commander';
import { metricById } from '../../metrics/registry.ts';
import { STAGE_PRESETS } from '../../metrics/presets.ts';
import { CliError } from '../context.ts';

/** `northstar presets`: the stage presets `northstar metrics --preset` selects. */
export function registerPresetsCommand(program: Command): void {
  program
    .command('presets')
    .description('the KPI sets to watch first at each company stage (for metrics --preset)')
    .option('--format <format>', 'output: table or json', 'table')
    .action((options: { format: string }) => {
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`--format must be table or json; got "${options.format}"`);
      if (options.format === 'json') {
        const presets = STAGE_PRESETS.map((p) => ({
          id: p.id,
          label: p.label,
          description: p.description,
          metrics: p.metrics.map((id) => ({ id, label: metricById(id)?.label ?? id })),
        }));
        process.stdout.write(`${JSON.stringify({ presets }, null, 2)}\n`);
        return;
      }
      const lines = STAGE_PRESETS.flatMap((p) => [
        `${p.id} — ${p.label}`,
        `  ${p.description}`,
        ...p.metrics.map((id) => `    ${id.padEnd(28)} ${metricById(id)?.label ?? ''}`),
        '',
      ]);
      lines.push('Use one: northstar metrics --preset <id> (combines with --segment and --by).');
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
