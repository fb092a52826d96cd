/**
 * `northstar forecast` and `northstar retention` as a user runs them, on files only
 * (the workspace path shares everything after loading the series).
 */
import { describe, expect, it } from 'vitest';
import { runNorthstar as northstar } from '../../../test/cli/run-cli.ts';

const FIXTURES = 'test/fixtures/forecast';

interface ForecastJson {
  model: string;
  forecast: {
    period: string;
    value: number;
    lo80: number;
    hi80: number;
    lo95: number;
    hi95: number;
  }[];
  backtest: { origins: number; models: { id: string; mase: number | null }[] };
}

describe('northstar forecast --input', () => {
  it('prints the documented JSON', async () => {
    const { code, stdout } = await northstar(
      'forecast',
      '--input',
      `${FIXTURES}/series.csv`,
      '--horizon',
      '12',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as ForecastJson;
    expect(json.forecast).toHaveLength(12);
    expect(json.forecast[0]!.period).toBe('2026-01');
    expect(Object.keys(json.forecast[0]!)).toEqual(
      expect.arrayContaining(['period', 'value', 'lo80', 'hi80', 'lo95', 'hi95']),
    );
    expect(json.backtest.origins).toBeGreaterThanOrEqual(12);
    expect(json.backtest.models.map((m) => m.id)).toContain(json.model);
  });

  it('a bad file: exit code 2 and a message naming file, row, column and reason', async () => {
    const { code, stderr, stdout } = await northstar(
      'forecast',
      '--input',
      `${FIXTURES}/bad-series.csv`,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `northstar: ${FIXTURES}/bad-series.csv, row 3, column value: "1O5" is not a number (use digits and a "." decimal point)\n`,
    );
    const missing = await northstar('forecast', '--input', `${FIXTURES}/nope.csv`);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.csv: cannot read the file \(no such file\)/);
  });
});

describe('northstar forecast --input with a series column', () => {
  it('forecasts every series of the file, in the order of their first rows', async () => {
    const { code, stdout } = await northstar(
      'forecast',
      '--input',
      `${FIXTURES}/series-batch.csv`,
      '--horizon',
      '6',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      series: (ForecastJson & { series: string; members: { id: string }[] })[];
    };
    expect(json.series.map((s) => s.series)).toEqual(['acme', 'beta, inc', 'small']);
    for (const s of json.series) {
      expect(s.forecast).toHaveLength(6);
      expect(s.model).toBe('combination');
      expect(s.members.length).toBeGreaterThan(0);
    }
    expect(json.series[2]!.forecast[0]!.period).toBe('2024-01');
  });

  it('writes CSV rows per series and month', async () => {
    const { code, stdout } = await northstar(
      'forecast',
      '--input',
      `${FIXTURES}/series-batch.csv`,
      '--horizon',
      '2',
      '--format',
      'csv',
    );
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines[0]).toBe('series,period,value,lo80,hi80,lo95,hi95');
    expect(lines).toHaveLength(1 + 3 * 2);
    expect(lines[3]).toMatch(/^"beta, inc",2024-01,/);
  });

  it('a series too short to forecast is bad input: exit code 2, naming it and its first row', async () => {
    const { code, stderr } = await northstar(
      'forecast',
      '--input',
      `${FIXTURES}/short-series-batch.csv`,
    );
    expect(code).toBe(2);
    expect(stderr).toBe(
      `northstar: ${FIXTURES}/short-series-batch.csv, row 2, column series: series "a" has 3 months; a forecast needs at least 8\n`,
    );
  });
});

describe('northstar retention --input', () => {
  it('fits Fader & Hardie’s high-end cohort and reports projection and DERL', async () => {
    const { code, stdout } = await northstar(
      'retention',
      '--input',
      `${FIXTURES}/high-end.csv`,
      '--period',
      'year',
      '--format',
      'json',
    );
    expect(code).toBe(0);
    const json = JSON.parse(stdout) as {
      alpha: number;
      beta: number;
      derl: number;
      projection: { period: number; survival: number }[];
    };
    expect(json.alpha.toFixed(3)).toBe('0.668');
    expect(json.beta.toFixed(3)).toBe('3.806');
    expect(json.projection).toHaveLength(20);
    expect(json.derl).toBeGreaterThan(0);
  });
});
