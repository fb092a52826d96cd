/**
 * Versioned schema of the PostgreSQL store, the server twin of `../duckdb/migrations.ts`:
 * same tables, same columns, same version numbers. A released migration is never edited;
 * changes come as new entries (and as a matching DuckDB migration).
 *
 * Unlike DuckDB, PostgreSQL keeps real PRIMARY KEYs, and every one starts with
 * `workspace_id`: upserts use ON CONFLICT on them, and Citus requires the distribution
 * column in every primary and unique key (see docs/scaling.md). Text is `COLLATE "C"` so
 * keys sort by code point on any server locale, as DuckDB and the engine expect.
 * Instants are `timestamptz` so the session time zone never shifts them.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'workspaces and the canonical import kinds',
    sql: `
CREATE TABLE workspaces (
  workspace_id TEXT COLLATE "C" NOT NULL,
  settings JSONB NOT NULL,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id)
);
CREATE TABLE customers (
  workspace_id TEXT COLLATE "C" NOT NULL, customer_id TEXT COLLATE "C" NOT NULL,
  name TEXT COLLATE "C", email TEXT COLLATE "C", created_at DATE, country TEXT COLLATE "C",
  segment TEXT COLLATE "C", channel TEXT COLLATE "C", attributes TEXT,
  PRIMARY KEY (workspace_id, customer_id)
);
CREATE TABLE subscriptions (
  workspace_id TEXT COLLATE "C" NOT NULL, subscription_id TEXT COLLATE "C" NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL, amount BIGINT NOT NULL, currency TEXT COLLATE "C" NOT NULL,
  interval TEXT COLLATE "C" NOT NULL, start_date DATE NOT NULL, plan TEXT COLLATE "C",
  interval_count INTEGER NOT NULL, quantity DOUBLE PRECISION NOT NULL,
  discount_percent DOUBLE PRECISION NOT NULL, end_date DATE, trial_end DATE, canceled_at DATE,
  PRIMARY KEY (workspace_id, subscription_id)
);
CREATE TABLE invoices (
  workspace_id TEXT COLLATE "C" NOT NULL, invoice_id TEXT COLLATE "C" NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL, issued_at DATE NOT NULL, amount BIGINT NOT NULL,
  currency TEXT COLLATE "C" NOT NULL, line_id TEXT COLLATE "C" NOT NULL,
  status TEXT COLLATE "C" NOT NULL, type TEXT COLLATE "C" NOT NULL, plan TEXT COLLATE "C",
  quantity DOUBLE PRECISION NOT NULL, tax BIGINT NOT NULL, discount BIGINT NOT NULL,
  period_start DATE, period_end DATE, paid_at DATE,
  PRIMARY KEY (workspace_id, invoice_id, line_id)
);
CREATE TABLE costs (
  workspace_id TEXT COLLATE "C" NOT NULL, date DATE NOT NULL, category TEXT COLLATE "C" NOT NULL,
  amount BIGINT NOT NULL, currency TEXT COLLATE "C" NOT NULL, channel TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (workspace_id, date, category, channel, currency)
);
CREATE TABLE cash (
  workspace_id TEXT COLLATE "C" NOT NULL, date DATE NOT NULL, balance BIGINT NOT NULL,
  currency TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY (workspace_id, date, currency)
);
CREATE TABLE headcount (
  workspace_id TEXT COLLATE "C" NOT NULL, date DATE NOT NULL, employees DOUBLE PRECISION NOT NULL,
  hires INTEGER, departures INTEGER,
  PRIMARY KEY (workspace_id, date)
);
CREATE TABLE funnel (
  workspace_id TEXT COLLATE "C" NOT NULL, id TEXT COLLATE "C" NOT NULL,
  stage TEXT COLLATE "C" NOT NULL, occurred_at TIMESTAMPTZ NOT NULL, channel TEXT COLLATE "C",
  customer_id TEXT COLLATE "C", value DOUBLE PRECISION,
  PRIMARY KEY (workspace_id, id, stage)
);
CREATE TABLE events (
  workspace_id TEXT COLLATE "C" NOT NULL, occurred_at TIMESTAMPTZ NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL, user_id TEXT COLLATE "C" NOT NULL,
  event TEXT COLLATE "C" NOT NULL, quantity DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (workspace_id, occurred_at, customer_id, user_id, event)
);
CREATE TABLE surveys (
  workspace_id TEXT COLLATE "C" NOT NULL, response_id TEXT COLLATE "C" NOT NULL,
  kind TEXT COLLATE "C" NOT NULL, score INTEGER NOT NULL, submitted_at TIMESTAMPTZ NOT NULL,
  customer_id TEXT COLLATE "C", comment TEXT COLLATE "C",
  PRIMARY KEY (workspace_id, response_id)
);
CREATE TABLE tickets (
  workspace_id TEXT COLLATE "C" NOT NULL, ticket_id TEXT COLLATE "C" NOT NULL,
  created_at TIMESTAMPTZ NOT NULL, customer_id TEXT COLLATE "C", first_response_at TIMESTAMPTZ,
  resolved_at TIMESTAMPTZ, channel TEXT COLLATE "C",
  PRIMARY KEY (workspace_id, ticket_id)
);
CREATE TABLE fx_rates (
  workspace_id TEXT COLLATE "C" NOT NULL, date DATE NOT NULL, currency TEXT COLLATE "C" NOT NULL,
  rate DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (workspace_id, date, currency)
);
`,
  },
  {
    version: 2,
    description: 'API keys (hashed) per workspace',
    // The key id is looked up before the workspace is known (authentication), so it is
    // unique on its own too; on Citus this table is a reference table (docs/scaling.md).
    sql: `
CREATE TABLE api_keys (
  workspace_id TEXT COLLATE "C" NOT NULL, key_id TEXT COLLATE "C" NOT NULL,
  role TEXT COLLATE "C" NOT NULL, secret_hash TEXT NOT NULL, label TEXT, created_at TEXT NOT NULL,
  PRIMARY KEY (workspace_id, key_id)
);
CREATE UNIQUE INDEX api_keys_key_id ON api_keys (key_id);
`,
  },
  {
    version: 3,
    description: 'JSON documents per workspace (goals, alert rules, checkpoints)',
    // JSON (not JSONB): validated and queryable, yet the text comes back exactly as written.
    sql: `
CREATE TABLE documents (
  workspace_id TEXT COLLATE "C" NOT NULL, collection TEXT COLLATE "C" NOT NULL,
  id TEXT COLLATE "C" NOT NULL, body JSON NOT NULL,
  updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id, collection, id)
);
`,
  },
  {
    version: 4,
    description:
      'data version: a counter every write to this database moves (cache key of servers)',
    // A server caches answers until the data changes. The counter moves in the writing
    // transaction, so readers see it move exactly when the write commits, and writes to other
    // databases on the same server leave it alone. A later migration that adds a table adds
    // its trigger too.
    sql: `
CREATE TABLE data_version (id INTEGER PRIMARY KEY CHECK (id = 1), v BIGINT NOT NULL);
INSERT INTO data_version VALUES (1, 0);
CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A statement that changed no row leaves the transaction without an id: no new data.
  IF txid_current_if_assigned() IS NOT NULL THEN
    UPDATE data_version SET v = v + 1 WHERE id = 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER workspaces_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON workspaces
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER customers_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON customers
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER subscriptions_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON subscriptions
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER invoices_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON invoices
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER costs_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON costs
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER cash_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON cash
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER headcount_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON headcount
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER funnel_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON funnel
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER events_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER surveys_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON surveys
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER tickets_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON tickets
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER fx_rates_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON fx_rates
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER api_keys_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
CREATE TRIGGER documents_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON documents
  FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version();
`,
  },
  {
    version: 5,
    description:
      'stored MRR results: period sums, per-customer contributions and ledgers, writes not yet applied',
    // Results are derived from the data, not data: storing them must not move the data
    // version (a read that brings them up to date would otherwise look like a write), so
    // these tables have no data-version trigger. A pending mark is written in the same
    // transaction as the rows it names, which moves the version already.
    sql: `
CREATE TABLE mrr_results (
  workspace_id TEXT COLLATE "C" NOT NULL, fingerprint TEXT COLLATE "C" NOT NULL,
  revision BIGINT NOT NULL, body TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  PRIMARY KEY (workspace_id)
);
CREATE TABLE mrr_customer_results (
  workspace_id TEXT COLLATE "C" NOT NULL, fingerprint TEXT COLLATE "C" NOT NULL,
  customer_id TEXT COLLATE "C" NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (workspace_id, fingerprint, customer_id)
);
CREATE SEQUENCE mrr_pending_mark;
CREATE TABLE mrr_pending (
  workspace_id TEXT COLLATE "C" NOT NULL, mark BIGINT NOT NULL,
  customer_id TEXT COLLATE "C", currency TEXT COLLATE "C",
  PRIMARY KEY (workspace_id, mark)
);
`,
  },
  {
    version: 6,
    description: 'subscriptions: discount_duration (once, repeating, forever)',
    // Rows stored before take `forever`: their discount applied for the whole row.
    sql: `ALTER TABLE subscriptions ADD COLUMN discount_duration TEXT DEFAULT 'forever';`,
  },
  {
    version: 7,
    description:
      'stored MRR results by generation: a full recompute writes its customers in chunks, then switches',
    // A full recompute writes its customers under a new generation while readers keep
    // reading the current one; the switch is one short update of the workspace's row.
    sql: `
CREATE SEQUENCE mrr_results_generation;
ALTER TABLE mrr_results ADD COLUMN generation BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mrr_customer_results ADD COLUMN generation BIGINT NOT NULL DEFAULT 0,
  DROP CONSTRAINT mrr_customer_results_pkey,
  ADD PRIMARY KEY (workspace_id, generation, fingerprint, customer_id);
`,
  },
];
