import { KIND_SPECS, type ImportKind } from '../model/kinds.ts';
import type {
  MrrPendingWrites,
  MrrResultsReplacement,
  MrrResultsWrite,
  StoredMrrResults,
} from './store.ts';

/**
 * The stored MRR results (Store.readMrrResults and its siblings), written once for both
 * engines: each gives a way to run a statement, to run work in one transaction, and how
 * a JSON array parameter becomes a set of rows (DuckDB in ./duckdb/duckdb-mrr-results.ts,
 * PostgreSQL in ./postgres/postgres-mrr-results.ts).
 */
export interface ResultsSql {
  query(sql: string, params: readonly unknown[]): Promise<Record<string, unknown>[]>;
  /** Rows changed by a statement. */
  change(sql: string, params: readonly unknown[]): Promise<number>;
}

export interface ResultsDialect {
  /** A query of one column `value`: the texts of parameter `param`, a JSON array. */
  readonly textsOf: (param: string) => string;
  /** A query of columns `a` and `b`: two JSON arrays of texts of one length, zipped. */
  readonly pairsOf: (first: string, second: string) => string;
  /** Runs `work` in one transaction on a connection of its own. */
  transaction<T>(work: (sql: ResultsSql) => Promise<T>): Promise<T>;
  /** The same outside a transaction (a single statement). */
  readonly sql: ResultsSql;
  /**
   * A transaction on a connection of its own that stays open across calls until it is
   * committed or rolled back: a full recompute writes all its customers in one. At 1M
   * customers on DuckDB, a commit per range of 12,500 took 27 s of a recompute's writing
   * where one commit took 5 s (each commit writes the log, and the log's growth set off
   * checkpoint after checkpoint).
   */
  begin(): Promise<OpenTransaction>;
}

/** A transaction kept open across calls (ResultsDialect.begin). */
export interface OpenTransaction {
  readonly sql: ResultsSql;
  /**
   * Appends rows to `table`, each value in `columns` order, where the engine has a faster
   * way than INSERT statements (DuckDB's appender); null where it has not.
   */
  readonly append:
    | ((
        table: string,
        columns: readonly string[],
        rows: readonly (readonly (string | number)[])[],
      ) => Promise<void>)
    | null;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}

/**
 * An OpenTransaction on a connection of an engine's: `run` runs a statement on it and
 * `release` gives it back, once, when the transaction ends (whether its COMMIT or ROLLBACK
 * succeeded or not) or could not begin.
 */
export async function openTransactionOn(
  run: (statement: string) => Promise<unknown>,
  release: () => void,
  parts: Pick<OpenTransaction, 'sql' | 'append'>,
): Promise<OpenTransaction> {
  try {
    await run('BEGIN');
  } catch (error) {
    release();
    throw error;
  }
  let ended = false;
  const end = async (statement: 'COMMIT' | 'ROLLBACK') => {
    if (ended) return;
    ended = true;
    try {
      await run(statement);
    } finally {
      release();
    }
  };
  return { ...parts, commit: () => end('COMMIT'), rollback: () => end('ROLLBACK') };
}

/** Kinds whose rows feed MRR, and which column of them a pending mark names. */
const MARKED: Partial<Record<ImportKind, 'customer_id' | 'currency'>> = {
  subscriptions: 'customer_id',
  invoices: 'customer_id',
  fx_rates: 'currency',
};

/** Only once the workspace keeps results: a workspace that never asked pays nothing. */
const KEEPS_RESULTS = `EXISTS (SELECT 1 FROM mrr_results WHERE workspace_id = $1)`;

/**
 * One row when workspace `$1` keeps results. DuckDB plans a mark's guard after its rows:
 * it would stage and join a whole import for nothing (10 s of a 26 s import of 4.18M
 * subscription rows), so it asks this first.
 */
export const KEEPS_RESULTS_ROW = `SELECT 1 FROM mrr_results WHERE workspace_id = $1 LIMIT 1`;

/**
 * Inside an upsert's transaction, before the rows are replaced: marks the customers (or,
 * for exchange rates, the currencies) of the staged rows and of the stored rows they
 * replace (a row moved to another customer touches both). `stage` is a table or subquery
 * of the staged rows with the kind's stored columns; `replacing` false when the workspace
 * holds no rows of the kind yet (then no stored row is replaced: nothing to join).
 */
export function markPendingSql(kind: ImportKind, stage: string, replacing = true): string | null {
  const column = MARKED[kind];
  if (column === undefined) return null;
  const key = KIND_SPECS[kind].key.map((name) => `t."${name}" = s."${name}"`).join(' AND ');
  const replaced = `UNION SELECT t.${column} FROM ${kind} t JOIN ${stage} s ON ${key}
    WHERE t.workspace_id = $1`;
  const touched = `SELECT ${column} FROM ${stage} s0 ${replacing ? replaced : ''}`;
  const target = column === 'customer_id' ? 'customer_id, currency' : 'currency, customer_id';
  return `INSERT INTO mrr_pending (workspace_id, mark, ${target})
    SELECT $1, nextval('mrr_pending_mark'), ${column}, NULL FROM (${touched}) touched
    WHERE ${KEEPS_RESULTS}`;
}

/** A write no customer list describes (clearing the workspace). */
export const MARK_EVERYTHING = `INSERT INTO mrr_pending (workspace_id, mark, customer_id, currency)
  SELECT $1, nextval('mrr_pending_mark'), NULL, NULL WHERE ${KEEPS_RESULTS}`;

export async function readMrrResults(
  d: ResultsDialect,
  workspaceId: string,
): Promise<StoredMrrResults | null> {
  const rows = await d.sql.query(
    `SELECT fingerprint, revision, body FROM mrr_results WHERE workspace_id = $1`,
    [workspaceId],
  );
  const row = rows[0];
  // The placeholder claimMrrPending leaves before the first results land.
  if (row === undefined || row.body === '') return null;
  return {
    fingerprint: String(row.fingerprint),
    revision: Number(row.revision),
    body: String(row.body),
  };
}

export async function readMrrCustomerResults(
  d: ResultsDialect,
  workspaceId: string,
  fingerprint: string,
  customerIds: readonly string[],
): Promise<Map<string, string>> {
  const rows = await d.sql.query(
    `SELECT customer_id, body FROM mrr_customer_results
     WHERE workspace_id = $1 AND fingerprint = $2 AND customer_id IN (${d.textsOf('$3')})
       AND generation = (SELECT generation FROM mrr_results WHERE workspace_id = $1)`,
    [workspaceId, fingerprint, JSON.stringify(customerIds)],
  );
  return new Map(rows.map((r) => [String(r.customer_id), String(r.body)]));
}

export async function claimMrrPending(
  d: ResultsDialect,
  workspaceId: string,
): Promise<MrrPendingWrites> {
  return d.transaction(async (sql) => {
    await sql.change(
      `INSERT INTO mrr_results (workspace_id, fingerprint, revision, body)
       VALUES ($1, '', 0, '') ON CONFLICT (workspace_id) DO NOTHING`,
      [workspaceId],
    );
    const marks = await sql.query(
      `SELECT mark, customer_id, currency FROM mrr_pending WHERE workspace_id = $1`,
      [workspaceId],
    );
    const customers = new Set<string>();
    const currencies = new Set<string>();
    let everything = false;
    for (const m of marks) {
      if (m.customer_id !== null) customers.add(String(m.customer_id));
      else if (m.currency !== null) currencies.add(String(m.currency));
      else everything = true;
    }
    if (currencies.size > 0 && !everything) {
      const param = JSON.stringify([...currencies]);
      const users = await sql.query(
        `SELECT customer_id FROM subscriptions WHERE workspace_id = $1 AND currency IN (${d.textsOf('$2')})
         UNION SELECT customer_id FROM invoices WHERE workspace_id = $1 AND currency IN (${d.textsOf('$2')})`,
        [workspaceId, param],
      );
      for (const u of users) customers.add(String(u.customer_id));
    }
    return {
      marks: marks.map((m) => Number(m.mark)),
      customerIds: [...customers].sort(),
      everything,
    };
  });
}

/** Rows per statement when results are written (a few MB of parameters). */
const WRITE_BATCH = 20_000;

export async function startMrrResults(
  d: ResultsDialect,
  workspaceId: string,
  fingerprint: string,
): Promise<MrrResultsReplacement> {
  const [row] = await d.sql.query(`SELECT nextval('mrr_results_generation') AS generation`, []);
  const generation = Number(row!.generation);
  let open: OpenTransaction | null = await d.begin();
  const opened = (): OpenTransaction => {
    if (open === null) throw new Error('this replacement of the MRR results has ended');
    return open;
  };
  return {
    async write(customers) {
      await insertCustomers(d, opened(), workspaceId, generation, fingerprint, customers);
    },
    async commit(body, marks) {
      // The customers land first, under a generation no reader asks for yet; the switch
      // is a short transaction of its own, run again should it meet another writer's.
      const customers = opened();
      open = null;
      await customers.commit();
      await d.transaction(async (sql) => {
        const previous = await sql.query(
          `SELECT revision FROM mrr_results WHERE workspace_id = $1`,
          [workspaceId],
        );
        const revision = previous.length === 0 ? 1 : Number(previous[0]!.revision) + 1;
        await sql.change(`DELETE FROM mrr_results WHERE workspace_id = $1`, [workspaceId]);
        await sql.change(
          `INSERT INTO mrr_results (workspace_id, fingerprint, revision, body, generation)
           VALUES ($1, $2, $3, $4, $5)`,
          [workspaceId, fingerprint, revision, body, generation],
        );
        await deleteMarks(d, sql, workspaceId, marks);
      });
      // Earlier generations (the replaced results, recomputes that crashed after writing
      // theirs) are read by no one any more; a later one may still be being written by
      // another process.
      await d.sql.change(
        `DELETE FROM mrr_customer_results WHERE workspace_id = $1 AND generation < $2`,
        [workspaceId, generation],
      );
    },
    async abandon() {
      const customers = open;
      open = null;
      await customers?.rollback();
    },
  };
}

export async function replaceMrrResults(
  d: ResultsDialect,
  workspaceId: string,
  results: MrrResultsWrite,
): Promise<void> {
  const replacement = await startMrrResults(d, workspaceId, results.fingerprint);
  try {
    await replacement.write(
      results.customers.filter((c): c is readonly [string, string] => c[1] !== null),
    );
    await replacement.commit(results.body, results.marks);
  } finally {
    await replacement.abandon();
  }
}

export async function updateMrrResults(
  d: ResultsDialect,
  workspaceId: string,
  revision: number,
  update: MrrResultsWrite,
): Promise<boolean> {
  const stale = new Error('stale revision');
  try {
    await d.transaction(async (sql) => {
      const changed = await sql.query(
        `UPDATE mrr_results SET revision = revision + 1, fingerprint = $3, body = $4
         WHERE workspace_id = $1 AND revision = $2 RETURNING generation`,
        [workspaceId, revision, update.fingerprint, update.body],
      );
      if (changed.length === 0) throw stale;
      const generation = Number(changed[0]!.generation);
      const ids = JSON.stringify(update.customers.map(([id]) => id));
      await sql.change(
        `DELETE FROM mrr_customer_results
         WHERE workspace_id = $1 AND generation = $2 AND customer_id IN (${d.textsOf('$3')})`,
        [workspaceId, generation, ids],
      );
      const kept = update.customers.filter((c): c is readonly [string, string] => c[1] !== null);
      await insertCustomers(
        d,
        { sql, append: null },
        workspaceId,
        generation,
        update.fingerprint,
        kept,
      );
      await deleteMarks(d, sql, workspaceId, update.marks);
    });
    return true;
  } catch (error) {
    if (error === stale) return false;
    throw error;
  }
}

const CUSTOMER_RESULTS = 'mrr_customer_results';
const CUSTOMER_RESULT_COLUMNS = [
  'workspace_id',
  'generation',
  'fingerprint',
  'customer_id',
  'body',
];

async function insertCustomers(
  d: ResultsDialect,
  into: Pick<OpenTransaction, 'sql' | 'append'>,
  workspaceId: string,
  generation: number,
  fingerprint: string,
  customers: readonly (readonly [string, string])[],
): Promise<void> {
  if (into.append !== null) {
    const rows = customers.map(([id, body]) => [workspaceId, generation, fingerprint, id, body]);
    await into.append(CUSTOMER_RESULTS, CUSTOMER_RESULT_COLUMNS, rows);
    return;
  }
  for (let i = 0; i < customers.length; i += WRITE_BATCH) {
    const batch = customers.slice(i, i + WRITE_BATCH);
    await into.sql.change(
      `INSERT INTO ${CUSTOMER_RESULTS} (${CUSTOMER_RESULT_COLUMNS.join(', ')})
       SELECT $1, CAST($2 AS BIGINT), $3, a, b FROM (${d.pairsOf('$4', '$5')}) pairs`,
      [
        workspaceId,
        generation,
        fingerprint,
        JSON.stringify(batch.map(([id]) => id)),
        JSON.stringify(batch.map(([, body]) => body)),
      ],
    );
  }
}

/** Removes the pending marks the written results absorb. */
async function deleteMarks(
  d: ResultsDialect,
  sql: ResultsSql,
  workspaceId: string,
  marks: readonly number[],
): Promise<void> {
  const texts = marks.map(String);
  for (let i = 0; i < texts.length; i += WRITE_BATCH)
    await sql.change(
      `DELETE FROM mrr_pending WHERE workspace_id = $1
       AND mark IN (SELECT CAST(value AS BIGINT) FROM (${d.textsOf('$2')}) m)`,
      [workspaceId, JSON.stringify(texts.slice(i, i + WRITE_BATCH))],
    );
}
