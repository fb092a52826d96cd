import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Authenticator } from './auth.ts';
import type { ComputeCache } from './compute-cache.ts';
import type { ComputationArgs, ComputationName, ComputationResult } from './computations.ts';
import type { StoreGate } from './store-gate.ts';
import type { TypeBoxProvider } from './typebox.ts';

/** The Fastify instance with TypeBox inference, as route modules receive it. */
export type Api = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxProvider
>;

/** What route modules share. */
export interface ApiContext {
  readonly gate: StoreGate;
  readonly auth: Authenticator;
  /** The workspace the local admin password signs into. */
  readonly workspaceId: string;
  /** One-time code that allows setting the admin password on first run (null: disabled). */
  readonly setupCode: string | null;
  /** Computed answers memoized against the data's version (see compute-cache.ts). */
  readonly cache: ComputeCache;
  /** Runs a computation on a compute worker, or in this thread without workers. */
  readonly compute: <N extends ComputationName>(
    name: N,
    args: ComputationArgs<N>,
  ) => Promise<ComputationResult<N>>;
  /** Stripe webhook endpoint secret; null: the webhook answers 400. */
  readonly stripeWebhookSecret: string | null;
  /** The embedded database file (Stripe ledger and state live beside it); null for PostgreSQL. */
  readonly dbPath: string | null;
  /** Called after data changed through the API (imports, webhooks): alerts, cache warm-up. */
  readonly afterWrite: (workspaceId: string) => void;
  /** Called after data changed without alerts to check (usage events): warms the cache. */
  readonly dataChanged: (workspaceId: string) => void;
}
