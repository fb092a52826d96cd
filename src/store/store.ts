import type { ImportKind, RowOfKind } from '../model/kinds.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { Day } from '../model/day.ts';

/**
 * What the engine and the surfaces may ask of storage. Each engine (DuckDB embedded,
 * PostgreSQL for servers) implements it in its own folder; nothing outside `src/store`
 * knows which one it talks to. Inputs that feed MRR come back columnar (typed arrays),
 * already sorted, because the engine walks millions of them.
 *
 * Calls may overlap: any number of reads may run at once on one store, beside a write
 * (each engine's store-contract test checks it). A read sees one consistent snapshot.
 */
export interface Store {
  /** Creates the workspace with default settings when it does not exist yet. */
  workspace(workspaceId: string): Promise<WorkspaceSettings>;
  updateWorkspace(
    workspaceId: string,
    settings: Partial<WorkspaceSettings>,
  ): Promise<WorkspaceSettings>;
  /**
   * Inserts or replaces rows by their kind's key, all or nothing, in one transaction.
   * Returns how many rows were new and how many replaced existing ones.
   */
  upsert<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    rows: readonly RowOfKind[K][],
    options?: UpsertOptions,
  ): Promise<UpsertResult>;
  /** Row count of every kind in the workspace. */
  counts(workspaceId: string): Promise<Record<ImportKind, number>>;
  /**
   * Everything the MRR engine needs, in one consistent read. With `delinquencyDays`, also
   * the invoices unpaid for longer than that (the delinquency rule). With `keepRefunded`,
   * refunded invoice lines carry MRR too (the `refundsReduceMrr: false` switch).
   */
  readMrrInputs(workspaceId: string, options?: MrrReadOptions): Promise<MrrInputs>;
  /**
   * The same inputs a range of about `customersPerChunk` customers at a time, in customer
   * order, each chunk renumbered from 0 (its own `customerIds`): memory for one chunk, not
   * for the workspace. The chunks are read in one snapshot, as the caller asks for them;
   * a caller that stops early must end the iteration (for await … break does).
   */
  readMrrInputChunks(
    workspaceId: string,
    options: MrrReadOptions,
    customersPerChunk: number,
  ): Promise<MrrInputChunks>;
  /**
   * Every row of one kind in the workspace, in key order, as the importer produced them
   * (days as Day numbers, instants as epoch milliseconds, money in minor units). For the
   * smaller kinds and for customer attributes; MRR inputs come through `readMrrInputs`.
   */
  readRows<K extends ImportKind>(workspaceId: string, kind: K): Promise<RowOfKind[K][]>;
  /**
   * The ids of the workspace's customers (the `customers` kind), sorted: what an import
   * checks its rows' customer ids against, without reading whole rows.
   */
  customerIds(workspaceId: string): Promise<string[]>;
  /**
   * Every value a `--by plan` series can take (MrrInputs.plans of a `withPlans` read, sorted
   * as JS sorts): what the segment picker lists, without reading a row.
   */
  readPlans(workspaceId: string, options?: MrrReadOptions): Promise<string[]>;
  /**
   * Whether a subscription or invoice names a customer without a customers row: then
   * `(none)` is a value of every customer attribute (see `attributeValues`).
   */
  hasCustomersWithoutRow(workspaceId: string): Promise<boolean>;
  /**
   * Each customer's value of `attributes` (see CustomerAttributes): what segments and
   * breakdowns of customer attributes read instead of whole customer rows.
   */
  readCustomerAttributes(
    workspaceId: string,
    attributes: readonly string[],
  ): Promise<CustomerAttributes>;
  /** The names of the customers' custom columns (kept in `attributes`), sorted. */
  customAttributeNames(workspaceId: string): Promise<string[]>;
  /**
   * Like `readRows`, only the rows of these customers (a customer's page, the sources of a
   * metric's contributors): a lookup, not every row of the workspace as objects.
   */
  readCustomerRows<K extends CustomerKind>(
    workspaceId: string,
    kind: K,
    customerIds: readonly string[],
  ): Promise<RowOfKind[K][]>;
  /**
   * Like `readRows`, only the rows whose first key column starts with `prefix` (e.g. the
   * rows of one Stripe subscription, `sub_123/`): a lookup, not a scan of the workspace.
   */
  readRowsByKeyPrefix<K extends ImportKind>(
    workspaceId: string,
    kind: K,
    prefix: string,
  ): Promise<RowOfKind[K][]>;
  /** Stores a new API key (only its hash) or the local admin password's hash. */
  createApiKey(key: ApiKeyRecord): Promise<void>;
  /** The key with this public id, whatever its workspace (the id is global), or null. */
  findApiKey(keyId: string): Promise<ApiKeyRecord | null>;
  listApiKeys(workspaceId: string): Promise<ApiKeyRecord[]>;
  /** The public id of every key of every workspace (the server's key directory). */
  listApiKeyIds(): Promise<string[]>;
  /** Returns whether a key was removed. */
  deleteApiKey(workspaceId: string, keyId: string): Promise<boolean>;
  /**
   * Small JSON documents the app keeps per workspace (goals, alert rules and their state,
   * saved forecasts, webhook subscriptions, sync checkpoints), by collection and id.
   * `putDocument` inserts or replaces.
   */
  putDocument(workspaceId: string, collection: string, id: string, body: unknown): Promise<void>;
  getDocument<T>(workspaceId: string, collection: string, id: string): Promise<T | null>;
  /** Every document of the collection, ordered by id. */
  listDocuments<T>(workspaceId: string, collection: string): Promise<{ id: string; body: T }[]>;
  /** Returns whether a document was removed. */
  deleteDocument(workspaceId: string, collection: string, id: string): Promise<boolean>;
  /** Deletes every row of the workspace (all kinds); settings are kept. */
  clearWorkspace(workspaceId: string): Promise<void>;
  /**
   * Stored MRR results (docs/scaling.md, "Incremental recompute"): written by the metrics
   * layer, read back by the next process. Once a workspace keeps results (from its first
   * `claimMrrPending`), every write of subscriptions, invoices or exchange rates leaves a
   * pending mark in its own transaction naming what it touched, until results absorb it.
   * The current results of the workspace, null when it keeps none yet.
   */
  readMrrResults(workspaceId: string): Promise<StoredMrrResults | null>;
  /** The stored results of these customers under `fingerprint` (absent: none stored). */
  readMrrCustomerResults(
    workspaceId: string,
    fingerprint: string,
    customerIds: readonly string[],
  ): Promise<Map<string, string>>;
  /**
   * The writes the stored results have not absorbed yet, resolved to customers (an
   * exchange-rate write names every customer with rows in that currency). From the first
   * call on, the workspace keeps results: writes leave marks.
   */
  claimMrrPending(workspaceId: string): Promise<MrrPendingWrites>;
  /**
   * Starts replacing all stored results of the workspace (a full recompute): customers are
   * written chunk by chunk, all in one transaction of their own under a new generation no
   * reader sees, until `commit` ends it and switches the workspace to it in one short
   * transaction. Abandoned midway (`abandon`, an error, a crash), nothing of it is kept
   * and the current results stay as they were.
   */
  startMrrResults(workspaceId: string, fingerprint: string): Promise<MrrResultsReplacement>;
  /** Replaces all stored results of the workspace at once (`startMrrResults`, one chunk). */
  replaceMrrResults(workspaceId: string, results: MrrResultsWrite): Promise<void>;
  /**
   * Applies an incremental update in one transaction if the stored revision is still
   * `revision` (no other process updated them meanwhile); returns whether it did.
   */
  updateMrrResults(
    workspaceId: string,
    revision: number,
    update: MrrResultsWrite,
  ): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * A store one server process opens once and shares between all its requests (PostgreSQL:
 * one pool, migrations run at open).
 */
export interface SharedStore extends Store {
  /**
   * Identity of the committed data: changes whenever a write commits, from this process
   * or any other. Reads never change it.
   */
  dataVersion(): Promise<string>;
}

export type ApiKeyRole = 'admin' | 'viewer';

/** An API key as stored: never the secret itself, only a salted hash of it. */
export interface ApiKeyRecord {
  /** Public part of the key, unique across workspaces (shown in lists, used for lookup). */
  readonly keyId: string;
  readonly workspaceId: string;
  readonly role: ApiKeyRole;
  /** Hash of the secret part (format chosen by the auth module, e.g. `scrypt$salt$hash`). */
  readonly secretHash: string;
  readonly label: string | null;
  /** ISO 8601 instant. */
  readonly createdAt: string;
}

/** A workspace's stored MRR results: the period sums and what they were computed under. */
export interface StoredMrrResults {
  /** Everything that changes the results (definitions, currency, zone, engine version). */
  readonly fingerprint: string;
  /** Moves with every write of the results: an update names the revision it started from. */
  readonly revision: number;
  /** The period sums and the days they cover, as the metrics layer encoded them. */
  readonly body: string;
}

export interface MrrPendingWrites {
  /** The marks read (passed back with the results that absorb them). */
  readonly marks: readonly number[];
  /** Customers whose MRR inputs changed, sorted. */
  readonly customerIds: readonly string[];
  /** A write no customer list describes (the workspace was cleared): recompute everything. */
  readonly everything: boolean;
}

/** A full recompute's results on their way into the store (Store.startMrrResults). */
export interface MrrResultsReplacement {
  /** Stores these customers' results (each customer once per replacement). */
  write(customers: readonly (readonly [customerId: string, body: string])[]): Promise<void>;
  /** Makes the written customers, with these period sums, the workspace's results. */
  commit(body: string, marks: readonly number[]): Promise<void>;
  /**
   * Gives up the replacement before its commit: what it wrote is rolled back and its
   * connection given back. Safe to call after `commit` (it does nothing then) or twice.
   */
  abandon(): Promise<void>;
}

export interface MrrResultsWrite {
  readonly fingerprint: string;
  /** The new period sums. */
  readonly body: string;
  /** Per customer its new stored result, or null to drop it (no MRR inputs any more). */
  readonly customers: readonly (readonly [customerId: string, body: string | null])[];
  /** The pending marks these results absorb (removed in the same transaction). */
  readonly marks: readonly number[];
}

export interface UpsertOptions {
  /**
   * A document written in the upsert's own transaction (e.g. the idempotency keys of the
   * batch): both land or neither does.
   */
  readonly document?: { collection: string; id: string; body: unknown };
}

export interface UpsertResult {
  readonly inserted: number;
  readonly updated: number;
}

/** Sentinel for an open end (`end_date` blank): far beyond any real date. */
export const OPEN_END: Day = 2_000_000_000;
/** Sentinel for "no date" in columnar day arrays. */
export const NO_DAY: Day = -2_000_000_000;

export const INTERVAL_CODES = { day: 0, week: 1, month: 2, quarter: 3, year: 4 } as const;
/** Codes of a subscription row's discount duration; `forever` also stands for rows stored before durations were. */
export const DISCOUNT_DURATION_CODES = { once: 0, repeating: 1, forever: 2 } as const;

/** Subscription rows as columns, sorted by customer index then start_date. */
export interface SubscriptionColumns {
  readonly length: number;
  readonly customer: Int32Array;
  /** Unit price per interval, minor units of `currencies[currency[i]]`. */
  readonly amount: Float64Array;
  readonly currency: Int32Array;
  /** INTERVAL_CODES value. */
  readonly interval: Int32Array;
  readonly intervalCount: Int32Array;
  readonly quantity: Float64Array;
  readonly discountPercent: Float64Array;
  /** DISCOUNT_DURATION_CODES value of `discountPercent`. */
  readonly discountDuration: Int32Array;
  readonly start: Int32Array;
  /** OPEN_END when ongoing. */
  readonly end: Int32Array;
  /** NO_DAY when none. */
  readonly trialEnd: Int32Array;
  /** NO_DAY when none. */
  readonly canceledAt: Int32Array;
  /** Index into MrrInputs.plans of the row's plan (NONE when blank); read with `withPlans`. */
  readonly plan?: Int32Array;
}

/** Invoice lines that can carry MRR (type subscription or usage, not void or refunded). */
export interface RecurringInvoiceLineColumns {
  readonly length: number;
  readonly customer: Int32Array;
  /** amount - discount, minor units. */
  readonly netAmount: Float64Array;
  readonly currency: Int32Array;
  /** 1 = usage line, 0 = subscription line. */
  readonly isUsage: Int32Array;
  readonly periodStart: Int32Array;
  readonly periodEnd: Int32Array;
  /**
   * Index into MrrInputs.plans of the line's plan: its own, USAGE for a usage line without
   * one, FOLLOWS_CUSTOMER_PLAN for any other line without one; read with `withPlans`.
   */
  readonly plan?: Int32Array;
  /** The day the line's invoice was issued (when a FOLLOWS_CUSTOMER_PLAN line takes its plan); read with `withPlans`. */
  readonly issued?: Int32Array;
}

/** The kinds whose rows belong to one customer each (Store.readCustomerRows). */
export type CustomerKind = 'customers' | 'subscriptions' | 'invoices';

/** A line's plan code when the line takes the plan its customer has on the day it is issued. */
export const FOLLOWS_CUSTOMER_PLAN = -1;

/** What `readMrrInputs` reads besides the rows themselves (settings that change the inputs). */
export interface MrrReadOptions {
  readonly delinquencyDays?: number | null;
  readonly keepRefunded?: boolean;
  /** Only these customers' rows (an incremental recompute); all customers when absent. */
  readonly customerIds?: readonly string[];
  /**
   * Only the customers with ids from `from` up to, not including, `to` (null: to the
   * last), renumbered from 0: one chunk of `readMrrInputChunks`.
   */
  readonly customerRange?: { readonly from: string; readonly to: string | null };
  /**
   * Read each row's plan as well (`plans`, and the `plan` columns): what a `--by plan`
   * breakdown splits the rows by.
   */
  readonly withPlans?: boolean;
}

/** `readMrrInputs` a range of customers at a time (see Store.readMrrInputChunks). */
export interface MrrInputChunks {
  /** A day on or before every day a customer's MRR can change; null without inputs. */
  readonly firstDay: Day | null;
  /** How many chunks `chunks` yields. */
  readonly count: number;
  /** How many customers they hold in all. */
  readonly customers: number;
  /** Each chunk's inputs, in customer order, read when asked for (all in one snapshot). */
  readonly chunks: AsyncIterable<MrrInputs>;
  /** With `withPlans`: MrrInputs.plans of every chunk (one list, so codes agree across chunks). */
  readonly plans?: readonly string[];
}

/** Invoices left unpaid past the delinquency threshold: the customer counts as churned meanwhile. */
export interface LateInvoiceColumns {
  readonly length: number;
  readonly customer: Int32Array;
  readonly issued: Int32Array;
  /** Day it was paid; OPEN_END while unpaid. */
  readonly paid: Int32Array;
}

/**
 * Some attributes of every customer of the customers kind (Store.readCustomerAttributes):
 * a column of the kind (model/customer-attributes.ts) or else a custom column.
 */
export interface CustomerAttributes {
  /** The attributes read, in the order of `values`. */
  readonly attributes: readonly string[];
  /** The customers, in id order (the order of the MRR inputs' ranges: see attributeLookup). */
  readonly customerIds: readonly string[];
  /** Per attribute, each customer's value: null when it has none (an empty text is none). */
  readonly values: readonly (readonly (string | null)[])[];
}

export interface MrrInputs {
  /** Customer ids; the columns' `customer` values index into it. Sorted. */
  readonly customerIds: readonly string[];
  /** Currency codes; the columns' `currency` values index into it. */
  readonly currencies: readonly string[];
  readonly subscriptions: SubscriptionColumns;
  readonly invoiceLines: RecurringInvoiceLineColumns;
  readonly fxRates: readonly RowOfKind['fx_rates'][];
  /** Empty unless the delinquency rule is on. */
  readonly lateInvoices: LateInvoiceColumns;
  /**
   * With `withPlans`: every value a `--by plan` series can take, sorted as JS sorts strings
   * (the plans of the subscription rows and recurring lines, NONE for a row without one,
   * USAGE for a usage line without one); the `plan` columns index into it.
   */
  readonly plans?: readonly string[];
}

/** The order of each customer's rows in MrrInputs (./engine-row-order.ts), for inputs built outside a store. */
export { invoiceLinesInEngineOrder, subscriptionsInEngineOrder } from './engine-row-order.ts';
