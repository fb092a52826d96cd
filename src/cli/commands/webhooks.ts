import type { Command } from 'commander';
import {
  addSubscription,
  deliveryLog,
  listSubscriptions,
  publicSubscription,
  publishWorkspaceChanges,
  removeSubscription,
  retryDueDeliveries,
  WEBHOOK_EVENTS,
  WebhookError,
} from '../../integrations/outgoing/index.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';
import { wholeNumber } from './forecast.ts';

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function checkFormat(format: string): 'table' | 'json' {
  if (format !== 'table' && format !== 'json')
    throw new CliError(`--format must be one of table, json; got "${format}"`);
  return format;
}

async function userErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof WebhookError) throw new CliError(error.message);
    throw error;
  }
}

export function registerWebhooksCommand(program: Command, global: () => GlobalOptions): void {
  const webhooks = program
    .command('webhooks')
    .description(
      `outgoing webhooks: signed POSTs to your URLs on ${WEBHOOK_EVENTS.join(' and ')}, retried with backoff`,
    );

  webhooks
    .command('add')
    .description('subscribe a URL to events (prints the signing secret once)')
    .requiredOption('--url <url>', 'receiver URL (http or https)')
    .requiredOption('--events <list>', `comma-separated: ${WEBHOOK_EVENTS.join(',')}`)
    .option('--secret <secret>', 'signing secret (default: 64 random hex characters)')
    .option('--description <text>', 'a note for the list')
    .option('--format <format>', 'output: table, json', 'table')
    .action(
      async (options: {
        url: string;
        events: string;
        secret?: string;
        description?: string;
        format: string;
      }) => {
        const format = checkFormat(options.format);
        const g = global();
        const created = await withStore(g, (store) =>
          userErrors(() =>
            addSubscription(store, g.workspace, {
              url: options.url,
              events: options.events
                .split(',')
                .map((e) => e.trim())
                .filter(Boolean),
              secret: options.secret,
              description: options.description,
            }),
          ),
        );
        if (format === 'json') return print(JSON.stringify(created, null, 2));
        print(
          [
            `Subscribed ${created.url} to ${created.events.join(', ')} (id ${created.id}).`,
            `Signing secret (shown once; keep it with the receiver): ${created.secret}`,
            'Each POST carries X-Northstar-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>") and X-Northstar-Timestamp.',
          ].join('\n'),
        );
      },
    );

  webhooks
    .command('list')
    .description('the subscriptions of the workspace (secrets are not shown)')
    .option('--format <format>', 'output: table, json', 'table')
    .action(async (options: { format: string }) => {
      const format = checkFormat(options.format);
      const g = global();
      const list = (await withStore(g, (store) => listSubscriptions(store, g.workspace))).map(
        publicSubscription,
      );
      if (format === 'json') return print(JSON.stringify(list, null, 2));
      if (list.length === 0)
        return print('No webhook subscriptions. Add one with `northstar webhooks add`.');
      print(
        renderTable(
          ['id', 'url', 'events', 'created', 'description'],
          list.map((s) => [s.id, s.url, s.events.join(','), s.created_at, s.description ?? '']),
        ),
      );
    });

  webhooks
    .command('remove <id>')
    .description('delete a subscription')
    .action(async (id: string) => {
      const g = global();
      const removed = await withStore(g, (store) => removeSubscription(store, g.workspace, id));
      if (!removed) throw new CliError(`no webhook subscription "${id}"`);
      print(`Removed ${id}.`);
    });

  webhooks
    .command('log')
    .description('delivery attempts, newest last: status code, error, next attempt')
    .option('--subscription <id>', 'only this subscription')
    .option('--limit <n>', 'the last n attempts', '50')
    .option('--format <format>', 'output: table, json', 'table')
    .action(async (options: { subscription?: string; limit: string; format: string }) => {
      const format = checkFormat(options.format);
      const limit = wholeNumber(options.limit, '--limit', 1, 100_000);
      const g = global();
      const log = await withStore(g, (store) =>
        deliveryLog(store, g.workspace, { subscription: options.subscription, limit }),
      );
      if (format === 'json') return print(JSON.stringify(log, null, 2));
      if (log.length === 0) return print('No deliveries yet.');
      print(
        renderTable(
          ['at', 'subscription', 'event', 'type', 'attempt', 'status', 'result', 'next attempt'],
          log.map((e) => [
            e.at,
            e.subscription,
            e.event,
            e.event_type,
            String(e.attempt),
            e.status_code === null ? '—' : String(e.status_code),
            e.ok ? 'delivered' : (e.error ?? 'failed'),
            e.next_attempt_at ?? (e.ok ? '' : 'gave up'),
          ]),
        ),
      );
    });

  webhooks
    .command('publish')
    .description(
      'send what changed since the last publish now (the server does it after imports and syncs), then due retries',
    )
    .option('--since <date>', 'resend the movements dated on or after YYYY-MM-DD')
    .option('--force-metrics', 'send metrics.updated even when unchanged')
    .action(async (options: { since?: string; forceMetrics?: boolean }) => {
      const g = global();
      const result = await withStore(g, (store) =>
        userErrors(() =>
          publishWorkspaceChanges(store, g.workspace, {
            since: options.since,
            forceMetrics: options.forceMetrics,
          }),
        ),
      );
      const delivered = result.deliveries.filter((d) => d.delivered).length;
      const queued = result.deliveries.filter((d) => d.queuedFor !== null).length;
      print(
        result.events.length === 0
          ? 'Nothing new to publish.'
          : `Published ${result.events.map((e) => (e.count === undefined ? e.type : `${e.type} (${e.count} movements)`)).join(', ')}: ${delivered} of ${result.deliveries.length} deliveries succeeded${queued ? `, ${queued} queued for retry` : ''}.`,
      );
      if (result.retried.length > 0)
        print(`Retried ${result.retried.length} queued deliveries first.`);
    });

  webhooks
    .command('retry')
    .description('make the queued retries that are due now')
    .action(async () => {
      const g = global();
      const outcomes = await withStore(g, (store) => retryDueDeliveries(store, g.workspace));
      print(
        outcomes.length === 0
          ? 'No retries due.'
          : `${outcomes.filter((o) => o.delivered).length} of ${outcomes.length} due retries delivered.`,
      );
    });
}
