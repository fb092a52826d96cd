import type { AlertEvent } from '../alerts/types.ts';
import type { GoalStatus } from '../goals/types.ts';
import type { MetricInfo } from '../metrics/query.ts';
import type { Notification } from '../notify/types.ts';
import { translate } from '../i18n/index.ts';

export interface KpiLine {
  readonly metric: MetricInfo;
  readonly value: number | null;
  readonly previous: number | null;
  /** value − previous; null when either is undefined. */
  readonly change: number | null;
}

export interface DigestData {
  readonly workspaceId: string;
  /** The language and number format it is written in (the workspace's `locale`). */
  readonly locale: string;
  readonly currency: string;
  readonly period: string;
  readonly previousPeriod: string | null;
  readonly kpis: readonly KpiLine[];
  readonly goals: readonly GoalStatus[];
  readonly alerts: readonly AlertEvent[];
  readonly insights: readonly string[];
}

export type Formatter = (metric: MetricInfo, value: number | null) => string;

/** A change of a rate in percentage points, one decimal: 0.02 → "2.0" ("2,0" in French). */
function formatPercentagePoints(locale: string, change: number): string {
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(change * 100);
}

function kpiLine(k: KpiLine, format: Formatter, locale: string): string {
  const words = { metric: k.metric.label, value: format(k.metric, k.value) };
  if (k.change === null) return translate(locale, 'digest.kpi', words);
  const sign = k.change >= 0 ? '+' : '−';
  const change =
    k.metric.unit === 'rate'
      ? translate(locale, 'digest.pts', {
          change: `${sign}${formatPercentagePoints(locale, Math.abs(k.change))}`,
        })
      : `${sign}${format(k.metric, Math.abs(k.change))}`;
  return translate(locale, 'digest.kpiChange', { ...words, change });
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The digest as a notification: plain text for Slack and mail clients, HTML for email, data for webhooks. */
export function renderDigest(d: DigestData, format: Formatter): Notification {
  const { locale } = d;
  const title = translate(locale, 'digest.title', { period: d.period });
  const kpis = d.kpis.map((k) => kpiLine(k, format, locale));
  const percent = (share: number) =>
    new Intl.NumberFormat(locale, { style: 'percent' }).format(share);
  const goals = d.goals.map((g) => {
    const words = {
      name: g.name,
      progress: percent(g.progress),
      status: translate(locale, `goalStatus.${g.status}`),
    };
    return g.forecast
      ? translate(locale, 'digest.goalForecast', {
          ...words,
          chance: percent(g.forecast.probability),
          period: g.forecast.period,
        })
      : translate(locale, 'digest.goal', words);
  });
  const alerts = d.alerts.map((a) =>
    translate(locale, a.type === 'fired' ? 'digest.fired' : 'digest.recovered', {
      rule: a.ruleName,
      message: a.message,
    }),
  );
  const sections: [string, string[]][] = [
    [
      d.previousPeriod
        ? translate(locale, 'digest.keyFiguresVs', { period: d.period, previous: d.previousPeriod })
        : translate(locale, 'digest.keyFigures', { period: d.period }),
      kpis,
    ],
    [translate(locale, 'digest.changed'), [...d.insights]],
    [translate(locale, 'digest.goals'), goals],
    [translate(locale, 'digest.alerts'), alerts],
  ];
  const shown = sections.filter(([, lines]) => lines.length > 0);
  const text = shown
    .map(([h, lines]) => `${h}\n${lines.map((l) => `• ${l}`).join('\n')}`)
    .join('\n\n');
  const html = [
    `<h2>${escapeHtml(title)}</h2>`,
    ...shown.map(
      ([h, lines]) =>
        `<h3>${escapeHtml(h)}</h3><ul>${lines.map((l) => `<li>${escapeHtml(l)}</li>`).join('')}</ul>`,
    ),
  ].join('\n');
  return { event: 'report.digest', title, text, html, data: d };
}
