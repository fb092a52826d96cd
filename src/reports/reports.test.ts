import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../demo/generate.ts';
import { dayFromParts } from '../model/day.ts';
import { IMPORT_KINDS, type ImportKind, type RowOfKind } from '../model/kinds.ts';
import { openDuckDbStore } from '../store/duckdb/duckdb-store.ts';
import type { Store } from '../store/store.ts';
import { metricInfo, type SeriesSet } from '../metrics/query.ts';
import { verifySignature } from '../notify/webhook.ts';
import { renderDigest, type DigestData } from './digest.ts';
import type { GoalStatus } from '../goals/types.ts';
import { DEFAULT_CRONS, isDue, nextRunAfter, type ReportSchedule } from './schedule.ts';
import { runDueReports, saveSchedule } from './service.ts';
import { writeSeriesXlsx } from './xlsx.ts';

describe('schedules', () => {
  const weekly: ReportSchedule = {
    id: 'w',
    cron: DEFAULT_CRONS.weekly,
    timeZone: 'Europe/Paris',
    channels: [],
    createdAt: '2024-03-05T10:00:00Z',
    lastRunAt: null,
  };

  it('computes the next Monday 08:00 in the schedule’s zone', () => {
    expect(
      nextRunAfter(weekly.cron, weekly.timeZone, new Date(weekly.createdAt))!.toISOString(),
    ).toBe('2024-03-11T07:00:00.000Z');
    expect(
      nextRunAfter(DEFAULT_CRONS.monthly, 'UTC', new Date('2024-03-05T10:00:00Z'))!.toISOString(),
    ).toBe('2024-04-01T08:00:00.000Z');
  });

  it('is due once the next run has passed, and not again after it ran', () => {
    expect(isDue(weekly, new Date('2024-03-11T06:59:00Z'))).toBe(false);
    expect(isDue(weekly, new Date('2024-03-11T07:00:00Z'))).toBe(true);
    expect(
      isDue({ ...weekly, lastRunAt: '2024-03-11T07:00:00Z' }, new Date('2024-03-12T00:00:00Z')),
    ).toBe(false);
  });

  it('rejects an invalid pattern', () => {
    expect(() => nextRunAfter('every tuesday', 'UTC', new Date())).toThrow();
  });
});

describe('digest rendering', () => {
  const digest = (locale: string): DigestData => ({
    workspaceId: 'w',
    locale,
    currency: 'USD',
    period: '2024-03',
    previousPeriod: '2024-02',
    kpis: [
      { metric: { ...metricInfo('mrr')!, label: 'MRR' }, value: 1200, previous: 1000, change: 200 },
      {
        metric: { ...metricInfo('customer_churn_rate')!, label: 'Taux d’attrition clients' },
        value: 0.03,
        previous: 0.05,
        change: -0.02,
      },
    ],
    // Only what the digest reads of a goal's status.
    goals: [{ name: 'ARR 1M', progress: 0.5, status: 'on_track' } as GoalStatus],
    alerts: [],
    insights: [],
  });

  it('is written in the workspace’s language and number format', () => {
    const money = (v: number | null) =>
      new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'USD' }).format(v ?? 0);
    const n = renderDigest(digest('fr-FR'), (m, v) => (m.unit === 'money' ? money(v) : `${v}`));
    expect(n.title).toBe('Synthèse Northstar — 2024-03');
    expect(n.text).toContain('Chiffres clés, 2024-03 par rapport à 2024-02');
    expect(n.text).toContain(`• MRR : ${money(1200)} (+${money(200)})`);
    expect(n.text).toContain('• Taux d’attrition clients : 0.03 (−2,0 pts)');
    expect(n.text).toContain('Objectifs\n• ARR 1M : 50\u00a0% — en bonne voie');
    expect(n.text).not.toMatch(/Key figures|Goals|on track/);
  });

  it('shows KPIs with changes, insights, goals and alerts; HTML is escaped', () => {
    const n = renderDigest(
      {
        workspaceId: 'w',
        locale: 'en-US',
        currency: 'USD',
        period: '2024-03',
        previousPeriod: '2024-02',
        kpis: [
          { metric: metricInfo('mrr')!, value: 1200, previous: 1000, change: 200 },
          {
            metric: metricInfo('customer_churn_rate')!,
            value: 0.03,
            previous: 0.05,
            change: -0.02,
          },
        ],
        goals: [],
        alerts: [
          {
            ruleId: 'r',
            ruleName: 'CAC <high>',
            type: 'fired',
            at: '2024-03-02T00:00:00Z',
            value: 1,
            period: '2024-02',
            message: 'cac above',
          },
        ],
        insights: ['MRR grew by $200.00.'],
      },
      (m, v) =>
        v === null ? '—' : m.unit === 'money' ? `$${v.toFixed(2)}` : `${(v * 100).toFixed(1)}%`,
    );
    expect(n.title).toBe('Northstar digest — 2024-03');
    expect(n.text).toContain('• MRR: $1200.00 (+$200.00)');
    expect(n.text).toContain('• Customer churn rate: 3.0% (−2.0 pts)');
    expect(n.text).toContain('What changed\n• MRR grew by $200.00.');
    expect(n.text).not.toContain('Goals');
    expect(n.html).toContain('CAC &lt;high&gt;');
  });
});

describe('xlsx export', () => {
  it('writes a table with one column per metric, formatted by unit', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'northstar-xlsx-'));
    try {
      const series: SeriesSet = {
        currency: 'EUR',
        interval: 'month',
        periods: [
          { label: '2024-01', start: '2024-01-01', end: '2024-01-31' },
          { label: '2024-02', start: '2024-02-01', end: '2024-02-29' },
        ],
        values: { mrr: [1000.5, 1100], customer_churn_rate: [0.05, null] },
      };
      const path = join(dir, 'm.xlsx');
      await writeSeriesXlsx(path, series, [metricInfo('mrr')!, metricInfo('customer_churn_rate')!]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(path);
      const sheet = book.getWorksheet('Metrics')!;
      expect(sheet.getRow(1).values).toEqual([
        undefined,
        'period',
        'start',
        'end',
        'mrr',
        'customer_churn_rate',
      ]);
      expect(sheet.getCell('D2').value).toBe(1000.5);
      expect(sheet.getCell('E2').value).toBe(0.05);
      expect(sheet.getCell('E3').value).toBeNull();
      expect(sheet.getCell('E2').numFmt).toBe('0.0%');
      expect(sheet.getCell('D3').numFmt).toContain('EUR');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('scheduled digest over a real store', () => {
  let store: Store;
  let server: Server;
  let url = '';
  const bodies: { body: string; signature: string; timestamp: number }[] = [];

  beforeAll(async () => {
    store = await openDuckDbStore(':memory:');
    const data = generateDemo({ customers: 60, seed: 3, end: dayFromParts(2025, 6, 20) });
    for (const kind of IMPORT_KINDS)
      await store.upsert('r', kind, data[kind] as RowOfKind[ImportKind][]);
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        bodies.push({
          body,
          signature: String(req.headers['x-northstar-signature']),
          timestamp: Number(req.headers['x-northstar-timestamp']),
        });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/digest`;
  });

  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await store.close();
  });

  it('sends a due digest once, signed, with KPIs of the last complete month', async () => {
    await saveSchedule(store, 'r', {
      id: 'monthly',
      cron: DEFAULT_CRONS.monthly,
      timeZone: 'UTC',
      channels: [{ type: 'webhook', url, secret: 'k' }],
      createdAt: '2025-06-01T09:00:00Z',
      lastRunAt: null,
    });
    const now = new Date('2025-07-01T08:05:00Z');
    const runs = await runDueReports(store, 'r', now);
    expect(runs).toEqual([
      {
        scheduleId: 'monthly',
        deliveries: [{ channel: `webhook ${new URL(url).origin}`, ok: true }],
      },
    ]);
    expect(await runDueReports(store, 'r', new Date('2025-07-01T09:00:00Z'))).toEqual([]);
    const received = bodies[0]!;
    expect(verifySignature('k', received.timestamp, received.body, received.signature)).toBe(true);
    const payload = JSON.parse(received.body) as {
      event: string;
      data: { period: string; kpis: { metric: { id: string } }[] };
    };
    expect(payload.event).toBe('report.digest');
    expect(payload.data.period).toBe('2025-06');
    expect(payload.data.kpis.map((k) => k.metric.id)).toContain('mrr');
  });
});
