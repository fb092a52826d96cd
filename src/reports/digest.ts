import type { AlertEvent } from '../alerts/types.ts';
import type { GoalStatus } from '../goals/types.ts';
import type { MetricInfo } from '../metrics/query.ts';
import type { Notification } from '../notify/types.ts';

export interface KpiLine {
  readonly metric: MetricInfo;
  readonly value: number | null;
  readonly previous: number | null;
  /** value − previous; null when either is undefined. */
  readonly change: number | null;
}

export interface DigestData {
  readonly workspaceId: string;
  readonly currency: string;
  readonly period: string;
  readonly previousPeriod: string | null;
  readonly kpis: readonly KpiLine[];
  readonly goals: readonly GoalStatus[];
  readonly alerts: readonly AlertEvent[];
  readonly insights: readonly string[];
}

export type Formatter = (metric: MetricInfo, value: number | null) => string;

function changeText(k: KpiLine, format: Formatter): string {
  if (k.change === null) return '';
  if (k.metric.unit === 'rate')
    return ` (${k.change >= 0 ? '+' : '−'}${(Math.abs(k.change) * 100).toFixed(1)} pts)`;
  const sign = k.change >= 0 ? '+' : '−';
  return ` (${sign}${format(k.metric, Math.abs(k.change))})`;
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The digest as a notification: plain text for Slack and mail clients, HTML for email, data for webhooks. */
export function renderDigest(d: DigestData, format: Formatter): Notification {
  const title = `Northstar digest — ${d.period}`;
  const kpis = d.kpis.map(
    (k) => `${k.metric.label}: ${format(k.metric, k.value)}${changeText(k, format)}`,
  );
  const goals = d.goals.map(
    (g) =>
      `${g.name}: ${Math.round(g.progress * 100)}% — ${g.status.replace('_', ' ')}${
        g.forecast
          ? ` (forecast: ${Math.round(g.forecast.probability * 100)}% chance by ${g.forecast.period})`
          : ''
      }`,
  );
  const alerts = d.alerts.map(
    (a) => `${a.type === 'fired' ? 'Fired' : 'Recovered'}: ${a.ruleName} — ${a.message}`,
  );
  const sections: [string, string[]][] = [
    [`Key figures, ${d.period}${d.previousPeriod ? ` vs ${d.previousPeriod}` : ''}`, kpis],
    ['What changed', [...d.insights]],
    ['Goals', goals],
    ['Alerts', alerts],
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
