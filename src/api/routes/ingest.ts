import { randomBytes } from 'node:crypto';
import type Stripe from 'stripe';
import type { FastifyRequest } from 'fastify';
import {
  applyVerifiedStripeEvent,
  StripePayloadError,
  verifyStripeEvent,
  WebhookSignatureError,
} from '../../integrations/stripe/webhook.ts';
import { createStripeClient } from '../../integrations/stripe/client.ts';
import {
  EventBatchError,
  MAX_EVENTS_PER_BATCH,
  validateEventBatch,
} from '../../integrations/events/validate.ts';
import type { Store } from '../../store/store.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { Type } from '../typebox.ts';
import { MS_PER_DAY } from '../../model/day.ts';
import { IDEMPOTENCY_COLLECTION } from '../../integrations/events/idempotency.ts';

/** Keys are remembered this long: a client replays a batch within minutes, not months. */
const IDEMPOTENCY_DAYS = 30;

/**
 * Idempotency keys per workspace: loaded from the store once, then kept in memory. Each
 * batch's new keys are stored as one document, written with the batch's rows in one
 * transaction: a batch that landed (even if the server died before answering) has its
 * keys stored, and its replay reports duplicates.
 */
class IdempotencyKeys {
  private readonly loaded = new Map<string, Promise<Set<string>>>();

  keys(store: Store, workspaceId: string): Promise<Set<string>> {
    let keys = this.loaded.get(workspaceId);
    if (!keys) {
      keys = this.load(store, workspaceId);
      this.loaded.set(workspaceId, keys);
      keys.catch(() => this.loaded.delete(workspaceId));
    }
    return keys;
  }

  private async load(store: Store, workspaceId: string): Promise<Set<string>> {
    const horizon = new Date(Date.now() - IDEMPOTENCY_DAYS * MS_PER_DAY).toISOString();
    const keys = new Set<string>();
    for (const doc of await store.listDocuments<string[]>(workspaceId, IDEMPOTENCY_COLLECTION)) {
      if (doc.id < horizon) await store.deleteDocument(workspaceId, IDEMPOTENCY_COLLECTION, doc.id);
      else for (const key of doc.body) keys.add(key);
    }
    return keys;
  }

  /**
   * The document holding a batch's new keys; the caller writes it in the transaction of
   * the batch's rows (Store.upsert's `document`), so a batch that landed is always known.
   */
  documentFor(added: readonly string[]): { collection: string; id: string; body: string[] } {
    const id = `${new Date().toISOString()}_${randomBytes(4).toString('hex')}`;
    return { collection: IDEMPOTENCY_COLLECTION, id, body: [...added] };
  }

  /** After the transaction committed: the keys join the in-memory set. */
  async remember(store: Store, workspaceId: string, added: readonly string[]): Promise<void> {
    const keys = await this.keys(store, workspaceId);
    for (const key of added) keys.add(key);
  }
}

const rawBody = (request: FastifyRequest): Buffer =>
  Buffer.isBuffer(request.body) ? request.body : Buffer.from(String(request.body ?? ''));

function keyOf(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const e = value as { idempotency_key?: unknown; id?: unknown };
  const key = e.idempotency_key ?? e.id;
  if (typeof key === 'number') return String(key);
  return typeof key === 'string' && key.trim() !== '' ? key.trim() : null;
}

/**
 * The batch parsed once: a JSON array (or `{"events": […]}`) or NDJSON lines, with each
 * event's idempotency key. When a line is not JSON the raw body goes to the validator,
 * which reports that line's error by index, and the keys are read leniently.
 */
function parseBatch(body: Buffer): { input: unknown; keys: (string | null)[] } {
  const text = body.toString('utf8');
  const trimmed = text.trimStart();
  if (trimmed.startsWith('[') || trimmed.startsWith('{"events"')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      const list = Array.isArray(parsed) ? parsed : (parsed as { events?: unknown }).events;
      if (Array.isArray(list)) return { input: list, keys: list.map(keyOf) };
    } catch {
      // Not one JSON document: NDJSON, or broken JSON the validator will describe.
    }
  }
  const values: unknown[] = [];
  const keys: (string | null)[] = [];
  let broken = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const value = JSON.parse(line) as unknown;
      values.push(value);
      keys.push(keyOf(value));
    } catch {
      broken = true;
      values.push(null);
      keys.push(null);
    }
  }
  if (broken || (values.length === 0 && trimmed.startsWith('['))) return { input: text, keys };
  return { input: values, keys };
}

export function ingestRoutes(app: Api, ctx: ApiContext): void {
  const idempotency = new IdempotencyKeys();
  // With an API key, webhooks fetch what a payload leaves out and re-fetch an object whose
  // snapshots of one second cannot be ordered.
  const apiKey = process.env.STRIPE_API_KEY;
  const stripe: Stripe | undefined = apiKey ? createStripeClient(apiKey) : undefined;

  // Both routes read the exact bytes: the Stripe signature is over them, and the events
  // batch (JSON or NDJSON) is parsed once by its validator.
  app.register(async (raw: Api) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) =>
      done(null, body),
    );

    raw.post(
      '/webhooks/stripe',
      {
        config: { access: 'public' },
        bodyLimit: 1024 * 1024,
        schema: {
          tags: ['integrations'],
          summary: 'Stripe webhook endpoint (authenticated by the Stripe-Signature header)',
          description:
            'Verifies the signature with the endpoint secret (`STRIPE_WEBHOOK_SECRET` or `serve --stripe-webhook-secret`; timestamps more than 5 minutes off either way are refused), applies each event once (event-id de-duplication, kept in the database) and drops stale snapshots (ordered by `created`, then by object state within one second). Payloads of any Stripe API version are read, missing optional fields taking their defaults. 400 when the secret is not configured, the signature does not verify (`invalid_signature`) or the payload cannot be used in any API version (`bad_request` naming the reason; recorded); 200 with the status otherwise (applied, duplicate, stale, ignored).',
          security: [],
          headers: Type.Object({ 'stripe-signature': Type.Optional(Type.String()) }),
          response: withErrors(
            {
              200: Type.Object({
                status: Type.String({ description: 'applied, duplicate, stale or ignored' }),
                event_id: Type.String(),
                type: Type.String(),
                rows: Type.Record(Type.String(), Type.Integer()),
                warnings: Type.Array(Type.String()),
              }),
            },
            [400],
          ),
        },
      },
      async (request) => {
        const secret = ctx.stripeWebhookSecret;
        if (!secret)
          throw new ApiError(
            400,
            'not_configured',
            'the Stripe webhook is not configured: set STRIPE_WEBHOOK_SECRET or serve --stripe-webhook-secret',
          );
        // Verified before the database is opened: a forged request costs nothing more.
        let event: Stripe.Event;
        try {
          event = verifyStripeEvent(rawBody(request), request.headers['stripe-signature'], secret);
        } catch (error) {
          if (error instanceof WebhookSignatureError)
            throw new ApiError(400, 'invalid_signature', error.message);
          throw error;
        }
        const result = await ctx.gate.run(async (store) => {
          try {
            return await applyVerifiedStripeEvent(store, ctx.workspaceId, event, {
              ...(stripe ? { stripe } : {}),
            });
          } catch (error) {
            if (error instanceof StripePayloadError) {
              request.log.warn({ eventId: event.id }, error.message);
              throw new ApiError(400, 'bad_request', error.message);
            }
            throw error;
          }
        });
        if (result.status === 'applied') ctx.afterWrite(ctx.workspaceId);
        return {
          status: result.status,
          event_id: result.eventId,
          type: result.type,
          rows: result.rows as Record<string, number>,
          warnings: result.warnings,
        };
      },
    );

    raw.post(
      '/events',
      {
        config: { access: 'admin' },
        bodyLimit: 64 * 1024 * 1024,
        schema: {
          tags: ['integrations'],
          summary: `Usage events in batches of up to ${MAX_EVENTS_PER_BATCH.toLocaleString('en-US')} (JSON array, {"events": […]} or NDJSON)`,
          description:
            'Each event: `occurred_at` (ISO 8601 or epoch ms), `customer_id`, `user_id`, `event`, optional `quantity` and `idempotency_key` (or `id`). Valid events are written, invalid ones are reported by index with their reasons (the batch is not all-or-nothing). An idempotency key seen before — in this batch or an earlier one (remembered 30 days) — is reported as a duplicate and not written again, so a replayed batch changes nothing. Send `application/json` or `application/x-ndjson`.',
          response: withErrors(
            {
              200: Type.Object({
                total: Type.Integer({ description: 'events in the batch' }),
                accepted: Type.Integer({ description: 'events written' }),
                inserted: Type.Integer(),
                updated: Type.Integer(),
                duplicates: Type.Array(Type.Integer(), {
                  description: 'indexes whose idempotency key was already seen',
                }),
                rejected: Type.Array(
                  Type.Object({ index: Type.Integer(), reasons: Type.Array(Type.String()) }),
                ),
              }),
            },
            [400, 401, 403, 413],
          ),
        },
      },
      async (request) => {
        const { workspaceId } = principalOf(request);
        const body = rawBody(request);
        return ctx.gate.run(async (store) => {
          const settings = await store.workspace(workspaceId);
          let batch;
          let parsed;
          try {
            parsed = parseBatch(body);
            batch = validateEventBatch(parsed.input, { timeZone: settings.timeZone });
          } catch (error) {
            if (error instanceof EventBatchError)
              throw new ApiError(
                error.status,
                error.status === 413 ? 'payload_too_large' : 'bad_request',
                error.message,
              );
            throw error;
          }
          const seen = await idempotency.keys(store, workspaceId);
          const { keys } = parsed;
          const rows = [];
          const added: string[] = [];
          const duplicates = [...batch.duplicates];
          for (let i = 0; i < batch.accepted.length; i++) {
            const index = batch.acceptedIndexes[i]!;
            const key = keys[index] ?? null;
            if (key !== null && seen.has(key)) {
              duplicates.push(index);
              continue;
            }
            rows.push(batch.accepted[i]!);
            if (key !== null) added.push(key);
          }
          const written =
            rows.length > 0
              ? await store.upsert(
                  workspaceId,
                  'events',
                  rows,
                  added.length > 0 ? { document: idempotency.documentFor(added) } : {},
                )
              : { inserted: 0, updated: 0 };
          await idempotency.remember(store, workspaceId, added);
          if (rows.length > 0) ctx.dataChanged(workspaceId);
          return {
            total: batch.total,
            accepted: rows.length,
            inserted: written.inserted,
            updated: written.updated,
            duplicates: duplicates.sort((a, b) => a - b),
            rejected: batch.rejected,
          };
        });
      },
    );
  });
}
