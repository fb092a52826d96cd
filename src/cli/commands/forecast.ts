import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { selectMetrics } from '../../metrics/report.ts';
import type { MetricDefinition } from '../../metrics/registry.ts';
import { monthlyHistory } from '../../metrics/query.ts';
import { ForecastError } from '../../forecast/model.ts';
import { forecastBatch } from '../../forecast/batch.ts';
import { InputError, parseForecastInput } from '../../forecast/input.ts';
import { forecastSeries, MIN_HISTORY, type SeriesForecast } from '../../forecast/pipeline.ts';
import { forecastWorkspaceMetric, WORKSPACE_FORECAST } from '../../forecast/workspace-forecast.ts';
import type { MonthlySeries } from '../../forecast/series.ts';
import {
  compareWithActuals,
  saveForecast,
  savedForecastOf,
  savedForecasts,
  type ForecastVersusActual,
} from '../../forecast/saved.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { formatValue, renderCsv, renderTable } from '../format.ts';
import { resultsUpToDate } from './recompute.ts';

/** Exit code for unusable input files, as the issue asks (1 stays for other user errors). */
export const BAD_INPUT = 2;

interface ForecastOptions {
  metric?: string;
  input?: string;
  horizon: string;
  to?: string;
  origins: string;
  format: string;
  save?: boolean;
}

export function wholeNumber(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < min || value > max)
    throw new CliError(`${flag} must be a whole number from ${min} to ${max}; got "${text}"`);
  return value;
}

export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(
      `${path}: cannot read the file (${code === 'ENOENT' ? 'no such file' : (code ?? String(error))})`,
      BAD_INPUT,
    );
  }
}

/** Runs `work`, turning a bad input file into the documented exit code. */
export function fromInputFile<T>(work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof InputError) throw new CliError(error.message, BAD_INPUT);
    throw error;
  }
}

function plain(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

function percent(value: number | null): string {
  return value === null ? '—' : `${(value * 100).toFixed(1)}%`;
}

function fixed(value: number | null, digits = 2): string {
  return value === null ? '—' : value.toFixed(digits);
}

/** Numbers in JSON rounded to 6 decimals: float noise is not information. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v),
    2,
  );
}

export function renderForecastTable(
  result: SeriesForecast,
  title: string,
  show: (value: number) => string,
): string {
  const lines = [
    `${title}: ${result.forecast.length} months after ${result.history.last} (history ${result.history.first} … ${result.history.last}, ${result.history.points} months)`,
    `Model: ${result.model_label}, of ${result.members.map((m) => m.id).join(', ')}${result.seasonally_adjusted ? ' (seasonally adjusted)' : ''}.`,
    ...result.dropped.map((d) => `Left out: ${d.id}: ${d.reason}.`),
    `Bands: calibrated on the backtest's errors (${result.bands.scale === 'log' ? 'as ratios' : 'as differences'}, ${result.bands.errors} errors).`,
    '',
    renderTable(
      ['period', 'forecast', '± expected', '80% interval', '95% interval'],
      result.forecast.map((r) => [
        r.period,
        show(r.value),
        r.expected_error === null ? '—' : `± ${show(r.expected_error)}`,
        `${show(r.lo80)} – ${show(r.hi80)}`,
        `${show(r.lo95)} – ${show(r.hi95)}`,
      ]),
    ),
    '',
  ];
  const b = result.backtest;
  if (b.origins === 0) {
    lines.push('Backtest: the history is too short to test any model.');
    return lines.join('\n');
  }
  lines.push(
    `Backtest: ${b.origins} rolling origins (forecasts made after ${b.first_origin} … ${b.last_origin}), up to ${b.horizon} months ahead each.`,
    renderTable(
      ['model', 'MASE', 'sMAPE', 'MAE'],
      b.models.map((m) => [
        m.id === result.model ? `${m.id} (the forecast)` : m.id,
        fixed(m.mase),
        percent(m.smape),
        m.mae === null ? '—' : show(m.mae),
      ]),
    ),
    ...b.models
      .filter((m) => m.excluded)
      .map((m) => `Left out: ${m.id} (${m.label}): ${m.excluded}.`),
    'MASE < 1: better than the seasonal naive forecast in-sample. "± expected" is the mean absolute error the combination made that many months ahead in the backtest. The 80% and 95% intervals are scaled from those errors with multipliers that covered 80% and 95% of held-out actuals on the evaluation set (npm run bench:forecast).',
  );
  return lines.join('\n');
}

export function registerForecastCommand(program: Command, global: () => GlobalOptions): void {
  const forecast = program
    .command('forecast')
    .description(
      'forecast a monthly metric (or any series in a CSV): the median of damped trend and Theta, with 80%/95% intervals calibrated on its backtest',
    )
    .option('--metric <id>', 'workspace metric to forecast (default mrr)')
    .option(
      '--input <file>',
      'forecast a CSV with columns period,value (monthly, YYYY-MM) instead; with a series column, every series in it (on all cores)',
    )
    .option('--horizon <months>', 'months to forecast', String(WORKSPACE_FORECAST.horizon))
    .option('--to <month>', 'last month of history (default: the last complete month)')
    .option(
      '--origins <n>',
      'rolling backtest origins (more: steadier figures, slower)',
      String(WORKSPACE_FORECAST.origins),
    )
    .option('--format <format>', 'output: table, json (csv too with --input)', 'table')
    .option('--save', 'keep this forecast with its date (see `northstar forecast history`)')
    .action(async (options: ForecastOptions) => {
      const horizon = wholeNumber(options.horizon, '--horizon', 1, 120);
      const maxOrigins = wholeNumber(options.origins, '--origins', 1, 120);
      const formats = options.input ? ['table', 'json', 'csv'] : ['table', 'json'];
      if (!formats.includes(options.format))
        throw new CliError(
          `--format must be one of ${formats.join(', ')}; got "${options.format}"`,
        );
      if (options.input && options.metric)
        throw new CliError(
          'give either --metric (a workspace metric) or --input (a CSV file), not both',
        );
      if (options.input && options.save)
        throw new CliError('--save keeps forecasts of workspace metrics (--metric), not of files');
      let result: SeriesForecast;
      let meta: Record<string, unknown>;
      let show: (value: number) => string = plain;
      let title: string;
      if (options.input) {
        const path = options.input;
        const text = readInputFile(path);
        const input = fromInputFile(() => parseForecastInput(path, text, MIN_HISTORY));
        if ('batch' in input) {
          await forecastFileBatch(path, input.batch, { horizon, maxOrigins }, options.format);
          return;
        }
        result = runForecast(path, input.single, { horizon, maxOrigins });
        if (options.format === 'csv') {
          print(forecastCsv([[null, result]]));
          return;
        }
        meta = { source: path };
        title = `Forecast of ${path}`;
      } else {
        const [metric] = selectMetricOrFail(options.metric ?? 'mrr');
        const g = global();
        const forecast = await withStore(g, async (store, settings) => {
          // Without --to, the history through today is read from the stored results.
          if (options.to === undefined) await resultsUpToDate(store, g.workspace, settings);
          return forecastWorkspaceMetric(store, g.workspace, {
            metric: metric.id,
            to: options.to,
            horizon,
            origins: maxOrigins,
          }).catch((error: unknown) => {
            throw error instanceof ForecastError
              ? new CliError(`the series: ${error.message}`)
              : error;
          });
        });
        result = forecast.result;
        const { currency } = forecast.history;
        meta = { metric: metric.id, currency };
        // Forecasts of counts are expectations, not whole customers: one decimal says so.
        show =
          metric.unit === 'count'
            ? (v) => v.toLocaleString('en-US', { maximumFractionDigits: 1 })
            : (v) => formatValue(metric, v, currency);
        title = `Forecast of ${metric.label} (${metric.id})`;
      }
      if (options.save) {
        const saved = savedForecastOf(
          String(meta.metric),
          typeof meta.currency === 'string' ? meta.currency : null,
          result,
        );
        const g = global();
        await withStore(g, (store) => saveForecast(store, g.workspace, saved));
        meta = { ...meta, saved: { id: saved.id, created_at: saved.created_at } };
      }
      if (options.format === 'json') print(toJson({ ...meta, ...result }));
      else {
        print(renderForecastTable(result, title, show));
        if (options.save)
          print(
            `\nSaved (${String((meta.saved as { id: string }).id)}): \`northstar forecast history --metric ${String(meta.metric)}\` shows it against the actuals as they come.`,
          );
      }
    });

  forecast
    .command('history')
    .description('saved forecasts of a metric beside the actuals since: error per month')
    .option('--metric <id>', 'workspace metric (default mrr)', 'mrr')
    .option('--last <n>', 'only the n most recent saved forecasts', '5')
    .option('--format <format>', 'output: table, json', 'table')
    .action(async (options: { metric: string; last: string; format: string }) => {
      if (options.format !== 'table' && options.format !== 'json')
        throw new CliError(`--format must be one of table, json; got "${options.format}"`);
      const last = wholeNumber(options.last, '--last', 1, 1000);
      const [metric] = selectMetricOrFail(options.metric);
      const g = global();
      const saved = await withStore(g, (store) => savedForecasts(store, g.workspace, metric.id));
      if (saved.length === 0)
        throw new CliError(
          `no saved forecast of ${metric.id}: run \`northstar forecast --metric ${metric.id} --save\` first`,
        );
      const history = await withStore(g, async (store, settings) => {
        await resultsUpToDate(store, g.workspace, settings);
        return monthlyHistory(store, g.workspace, metric.id);
      });
      const { currency } = history;
      const comparisons = compareWithActuals(saved.slice(-last), history);
      if (options.format === 'json') {
        print(toJson({ metric: metric.id, currency, forecasts: comparisons }));
        return;
      }
      const show = (v: number | null) =>
        v === null
          ? '—'
          : metric.unit === 'count'
            ? v.toLocaleString('en-US', { maximumFractionDigits: 1 })
            : formatValue(metric, v, currency);
      print(comparisons.map((c) => renderHistory(c, show)).join('\n\n'));
    });
}

/** The forecast; a series it cannot forecast is bad input when it came from a file (exit 2). */
function runForecast(
  file: string | null,
  series: MonthlySeries,
  options: { horizon: number; maxOrigins: number },
): SeriesForecast {
  try {
    return forecastSeries(series, options);
  } catch (error) {
    if (error instanceof ForecastError)
      throw new CliError(`${file ?? 'the series'}: ${error.message}`, file ? BAD_INPUT : 1);
    throw error;
  }
}

/**
 * `series,period,value,lo80,hi80,lo95,hi95` (no series column for a single series). Series
 * names come from the user's file: written as text cells, formulas escaped (renderCsv).
 */
function forecastCsv(results: readonly (readonly [string | null, SeriesForecast])[]): string {
  const named = results.some(([name]) => name !== null);
  const bounds = ['value', 'lo80', 'hi80', 'lo95', 'hi95'] as const;
  const round = (v: number) => Math.round(v * 1e6) / 1e6;
  return renderCsv(
    [...(named ? ['series'] : []), 'period', ...bounds],
    results.flatMap(([name, result]) =>
      result.forecast.map((row) => [
        ...(named ? [name ?? ''] : []),
        row.period,
        ...bounds.map((c) => round(row[c])),
      ]),
    ),
  );
}

/** Every series of a `series,period,value` file, forecast on all cores. */
async function forecastFileBatch(
  path: string,
  batch: ReadonlyMap<string, MonthlySeries>,
  options: { horizon: number; maxOrigins: number },
  format: string,
): Promise<void> {
  const names = [...batch.keys()];
  let results: SeriesForecast[];
  try {
    results = await forecastBatch(
      names.map((name) => ({ name, series: batch.get(name)! })),
      options,
    );
  } catch (error) {
    if (error instanceof ForecastError) throw new CliError(`${path}: ${error.message}`, BAD_INPUT);
    throw error;
  }
  if (format === 'csv') print(forecastCsv(results.map((r, i) => [names[i]!, r] as const)));
  else if (format === 'json')
    print(
      toJson({
        source: path,
        series: results.map((r, i) => ({ series: names[i]!, ...r })),
      }),
    );
  else
    print(
      [
        `Forecasts of ${path}: ${names.length} series, ${options.horizon} months each (median combination, calibrated 80% bands; --format json or csv gives every month and the 95% bands).`,
        renderTable(
          [
            'series',
            'history',
            'members',
            `${results[0]?.forecast.at(-1)?.period ?? ''} forecast`,
            '80% interval',
          ],
          results.map((r, i) => {
            const last = r.forecast.at(-1)!;
            return [
              names[i]!,
              `${r.history.first} … ${r.history.last}`,
              r.members.map((m) => m.id).join(' '),
              plain(last.value),
              `${plain(last.lo80)} – ${plain(last.hi80)}`,
            ];
          }),
        ),
      ].join('\n'),
    );
}

function renderHistory(c: ForecastVersusActual, show: (v: number | null) => string): string {
  const s = c.summary;
  const rows = c.rows.map((r) => [
    r.period,
    show(r.forecast),
    `${show(r.lo80)} – ${show(r.hi80)}`,
    show(r.actual),
    r.error === null ? '—' : `${r.error >= 0 ? '+' : '−'}${show(Math.abs(r.error))}`,
    percent(r.abs_pct_error),
    r.inside80 === null ? '' : r.inside80 ? 'yes' : r.inside95 ? '95% only' : 'no',
  ]);
  return [
    `Forecast made ${c.created_at.slice(0, 10)} from history to ${c.history_last} (${c.model}):`,
    renderTable(
      ['month', 'forecast', '80% interval', 'actual', 'error', '|error| %', 'inside'],
      rows,
    ),
    s.months === 0
      ? 'No complete month with an actual yet.'
      : `${s.months} months with actuals: mean absolute error ${show(s.mae)}, MAPE ${percent(s.mape)}, bias ${s.bias !== null && s.bias >= 0 ? '+' : '−'}${show(Math.abs(s.bias ?? 0))} (actual − forecast), inside the 80% interval ${percent(s.coverage80)}, the 95% ${percent(s.coverage95)}.`,
  ].join('\n');
}

function selectMetricOrFail(id: string): [MetricDefinition] {
  try {
    const [metric] = selectMetrics([id]);
    return [metric!];
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error));
  }
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}
