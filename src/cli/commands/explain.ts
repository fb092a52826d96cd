import type { Command } from 'commander';
import {
  formulaText,
  metricById,
  METRICS,
  switchesChanged,
  type MetricDefinition,
} from '../../metrics/registry.ts';
import { kindsRead, missingReason, requirementText } from '../../metrics/missing.ts';
import type { ImportKind } from '../../model/kinds.ts';
import {
  definitionSwitches,
  NORTHSTAR_DEFINITIONS,
  type WorkspaceSettings,
} from '../../model/workspace.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { didYouMean } from '../../model/suggest.ts';

const GOOD = { up: 'higher is better', down: 'lower is better', neutral: 'neither' } as const;

/** The JSON of `northstar explain <metric> --format json`. */
export interface MetricExplanation {
  id: string;
  label: string;
  unit: string;
  direction: string;
  /** The formula under this workspace's definitions. */
  formula: string;
  /** Northstar's default formula (differs from `formula` under another definition profile). */
  default_formula: string;
  /** Kinds it reads besides MRR's inputs (subscriptions or invoices, fx_rates). */
  inputs: string[];
  /** What it cannot do without: "costs.csv (sales, marketing)". */
  requires: string[];
  /** Rows of each kind it reads, in this workspace. */
  data: Record<string, number>;
  /** Why it has no value here, or null when its inputs are present. */
  missing: string | null;
  settings: Record<string, unknown>;
  profile: string;
  /** Of `settings`, the definition switches that differ from Northstar's defaults, with the default. */
  changed: Record<string, { value: unknown; northstar: unknown }>;
}

function explanation(
  metric: MetricDefinition,
  settings: WorkspaceSettings,
  counts: Record<ImportKind, number>,
): MetricExplanation {
  const switches = definitionSwitches(settings);
  return {
    id: metric.id,
    label: metric.label,
    unit: metric.unit,
    direction: metric.direction,
    formula: formulaText(metric, settings),
    default_formula: metric.formula,
    inputs: [...(metric.inputs ?? [])],
    requires: (metric.requires ?? []).map((r) => requirementText(r)),
    data: Object.fromEntries(kindsRead(metric).map((k) => [k, counts[k] ?? 0])),
    missing: missingReason(metric, counts),
    settings: Object.fromEntries(
      (metric.settings ?? []).map((name) => [
        name,
        (name in switches ? switches[name as keyof typeof switches] : settings[name]) ?? null,
      ]),
    ),
    profile: settings.profile ?? 'northstar',
    changed: Object.fromEntries(
      switchesChanged(settings)
        .filter((name) => metric.settings?.includes(name))
        .map((name) => [name, { value: switches[name], northstar: NORTHSTAR_DEFINITIONS[name] }]),
    ),
  };
}

export function registerExplainCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('explain')
    .argument('[metric]', 'metric id (omit to list them all)')
    .option('--format <format>', 'output: text or json', 'text')
    .description(
      'how a metric is computed: formula, unit, direction, inputs, the imported data it used and the settings that change it',
    )
    .action(async (id: string | undefined, options: { format: string }) => {
      if (options.format !== 'text' && options.format !== 'json')
        throw new CliError(`--format must be text or json; got "${options.format}"`);
      const json = options.format === 'json';
      if (!id) {
        if (json) {
          const metrics = METRICS.map((m) => ({
            id: m.id,
            label: m.label,
            unit: m.unit,
            direction: m.direction,
            formula: m.formula,
          }));
          process.stdout.write(`${JSON.stringify({ metrics }, null, 2)}\n`);
          return;
        }
        for (const m of METRICS) process.stdout.write(`${m.id.padEnd(34)} ${m.label}\n`);
        process.stdout.write(
          'Also: conversion_<from>_to_<to> for any two funnel stages, adoption_<event> for any event.\n',
        );
        return;
      }
      const metric = metricById(id);
      if (!metric)
        throw new CliError(
          `unknown metric "${id}"${didYouMean(
            id,
            METRICS.map((m) => m.id),
          )}; northstar explain lists them`,
        );
      await withStore(global(), async (store, settings) => {
        const e = explanation(metric, settings, await store.counts(global().workspace));
        if (json) return void process.stdout.write(`${JSON.stringify(e, null, 2)}\n`);
        const inForce = Object.entries(e.settings).map(([name, value]) => {
          const changed = e.changed[name];
          const note = changed ? ` (Northstar: ${JSON.stringify(changed.northstar)})` : '';
          return `  ${name} = ${JSON.stringify(value)}${note}`;
        });
        const lines = [
          `${e.id} — ${e.label}`,
          '',
          e.formula,
          '',
          `unit: ${e.unit}`,
          `direction: ${GOOD[metric.direction]}`,
          `inputs: MRR facts (subscriptions or invoices, fx_rates)${e.inputs.length > 0 ? `; ${e.inputs.join(', ')}` : ''}`,
          ...(e.requires.length > 0 ? [`requires: ${e.requires.join(' and ')}`] : []),
          `imported data it uses (workspace "${global().workspace}"):`,
          ...Object.entries(e.data).map(
            ([kind, n]) => `  ${kind.padEnd(14)} ${n} row${n === 1 ? '' : 's'}`,
          ),
          e.missing === null
            ? 'missing: nothing — every input it needs is imported.'
            : `missing: ${e.missing}; the value is null until it is imported.`,
          `settings that change it (this workspace, profile ${e.profile}):`,
          ...(inForce.length > 0 ? inForce : ['  none']),
          '',
          'Definitions side by side: docs/definitions.md. A ratio over zero is null.',
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      });
    });
}
