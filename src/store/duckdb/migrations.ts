/**
 * Versioned schema of the DuckDB store. A migration, once released, is never edited:
 * changes come as new entries. Every table carries `workspace_id`, the first column of
 * every key, so the same shape distributes by tenant on a server database.
 *
 * Keys are kept by the import's delete-then-insert inside one transaction rather than by
 * PRIMARY KEY constraints: DuckDB checks unique indexes eagerly within a transaction and
 * bulk appends are several times faster without them.
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
  workspace_id TEXT NOT NULL,
  settings TEXT NOT NULL,
  created_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
CREATE TABLE customers (
  workspace_id TEXT NOT NULL, customer_id TEXT NOT NULL, name TEXT, email TEXT, created_at DATE,
  country TEXT, segment TEXT, channel TEXT, attributes TEXT
);
CREATE TABLE subscriptions (
  workspace_id TEXT NOT NULL, subscription_id TEXT NOT NULL, customer_id TEXT NOT NULL,
  amount BIGINT NOT NULL, currency TEXT NOT NULL, interval TEXT NOT NULL, start_date DATE NOT NULL,
  plan TEXT, interval_count INTEGER NOT NULL, quantity DOUBLE NOT NULL, discount_percent DOUBLE NOT NULL,
  end_date DATE, trial_end DATE, canceled_at DATE
);
CREATE TABLE invoices (
  workspace_id TEXT NOT NULL, invoice_id TEXT NOT NULL, customer_id TEXT NOT NULL, issued_at DATE NOT NULL,
  amount BIGINT NOT NULL, currency TEXT NOT NULL, line_id TEXT NOT NULL, status TEXT NOT NULL, type TEXT NOT NULL,
  plan TEXT, quantity DOUBLE NOT NULL, tax BIGINT NOT NULL, discount BIGINT NOT NULL,
  period_start DATE, period_end DATE, paid_at DATE
);
CREATE TABLE costs (
  workspace_id TEXT NOT NULL, date DATE NOT NULL, category TEXT NOT NULL, amount BIGINT NOT NULL,
  currency TEXT NOT NULL, channel TEXT NOT NULL
);
CREATE TABLE cash (
  workspace_id TEXT NOT NULL, date DATE NOT NULL, balance BIGINT NOT NULL, currency TEXT NOT NULL
);
CREATE TABLE headcount (
  workspace_id TEXT NOT NULL, date DATE NOT NULL, employees DOUBLE NOT NULL, hires INTEGER, departures INTEGER
);
CREATE TABLE funnel (
  workspace_id TEXT NOT NULL, id TEXT NOT NULL, stage TEXT NOT NULL, occurred_at TIMESTAMP NOT NULL,
  channel TEXT, customer_id TEXT, value DOUBLE
);
CREATE TABLE events (
  workspace_id TEXT NOT NULL, occurred_at TIMESTAMP NOT NULL, customer_id TEXT NOT NULL, user_id TEXT NOT NULL,
  event TEXT NOT NULL, quantity DOUBLE NOT NULL
);
CREATE TABLE surveys (
  workspace_id TEXT NOT NULL, response_id TEXT NOT NULL, kind TEXT NOT NULL, score INTEGER NOT NULL,
  submitted_at TIMESTAMP NOT NULL, customer_id TEXT, comment TEXT
);
CREATE TABLE tickets (
  workspace_id TEXT NOT NULL, ticket_id TEXT NOT NULL, created_at TIMESTAMP NOT NULL, customer_id TEXT,
  first_response_at TIMESTAMP, resolved_at TIMESTAMP, channel TEXT
);
CREATE TABLE fx_rates (
  workspace_id TEXT NOT NULL, date DATE NOT NULL, currency TEXT NOT NULL, rate DOUBLE NOT NULL
);
`,
  },
  {
    version: 2,
    description: 'API keys (hashed) per workspace',
    sql: `
CREATE TABLE api_keys (
  workspace_id TEXT NOT NULL, key_id TEXT NOT NULL, role TEXT NOT NULL, secret_hash TEXT NOT NULL,
  label TEXT, created_at TEXT NOT NULL
);
`,
  },
  {
    version: 3,
    description: 'JSON documents per workspace (goals, alert rules, checkpoints)',
    sql: `
CREATE TABLE documents (
  workspace_id TEXT NOT NULL, collection TEXT NOT NULL, id TEXT NOT NULL, body TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);
`,
  },
  {
    version: 4,
    description:
      'data version (PostgreSQL servers key their caches on it; kept here so both engines have the same tables)',
    sql: `
CREATE TABLE data_version (id INTEGER PRIMARY KEY, v BIGINT NOT NULL);
INSERT INTO data_version VALUES (1, 0);
`,
  },
  {
    version: 5,
    description:
      'stored MRR results: period sums, per-customer contributions and ledgers, writes not yet applied',
    // One row per workspace, never bulk-written: a key keeps two first claims from both
    // inserting the placeholder.
    sql: `
CREATE TABLE mrr_results (
  workspace_id TEXT NOT NULL, fingerprint TEXT NOT NULL, revision BIGINT NOT NULL, body TEXT NOT NULL,
  updated_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
  PRIMARY KEY (workspace_id)
);
CREATE TABLE mrr_customer_results (
  workspace_id TEXT NOT NULL, fingerprint TEXT NOT NULL, customer_id TEXT NOT NULL, body TEXT NOT NULL
);
CREATE SEQUENCE mrr_pending_mark;
CREATE TABLE mrr_pending (
  workspace_id TEXT NOT NULL, mark BIGINT NOT NULL, customer_id TEXT, currency TEXT
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
ALTER TABLE mrr_results ADD COLUMN generation BIGINT DEFAULT 0;
ALTER TABLE mrr_customer_results ADD COLUMN generation BIGINT DEFAULT 0;
`,
  },
];
