import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { METRICS } from './registry.ts';

/** The README's metric table, generated from the registry so the two never disagree. */
export function metricsMarkdownTable(): string {
  const escape = (text: string) => text.replace(/\|/g, '\\|');
  const good = { up: 'higher', down: 'lower', neutral: '—' } as const;
  return [
    '| id | metric | unit | good when | formula |',
    '|---|---|---|---|---|',
    ...METRICS.map(
      (m) =>
        `| \`${m.id}\` | ${escape(m.label)} | ${m.unit} | ${good[m.direction]} | ${escape(m.formula)} |`,
    ),
  ].join('\n');
}

const START = '<!-- metrics:start -->';
const END = '<!-- metrics:end -->';

/** The README text with the generated table between its markers. */
export function withMetricsTable(readme: string): string {
  const before = readme.slice(0, readme.indexOf(START) + START.length);
  const after = readme.slice(readme.indexOf(END));
  return `${before}\n${metricsMarkdownTable()}\n${after}`;
}

// `npm run docs:metrics` rewrites the README's table.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = new URL('../../README.md', import.meta.url);
  writeFileSync(path, withMetricsTable(readFileSync(path, 'utf8')));
}
