import type { Day } from '../model/day.ts';
import type { ImportKind } from '../model/kinds.ts';
import type { Interval } from '../model/period.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { MrrInputs, Store } from '../store/store.ts';
import { zoneClock } from '../ingest/time.ts';
import { computeBusinessFacts, type BusinessFacts, type BusinessRows } from '../engine/business.ts';
import { computeMrr, type MovementMode, type MrrFacts, type MrrOptions } from '../engine/mrr.ts';
import { filterMrrInputs, splitMrrInputs } from '../engine/filter-inputs.ts';
import {
  columnPlans,
  hasPlans,
  linePlanCodes,
  planSegmentInputs,
  planSeriesInputs,
  type InputsWithPlans,
} from '../engine/plan-series.ts';
import {
  attributeLookup,
  attributeValues,
  customerMatcher,
  isStaticSegment,
  NONE,
  PLAN,
  segmentRows,
  type AttributeLookup,
  type SegmentFilter,
} from '../engine/segments.ts';
import {
  shardedPlanSeries,
  shardedRecompute,
  shardedSeries,
  type RangeSelection,
} from './sharded-recompute.ts';
import type { MergedShards } from '../engine/shards.ts';
import { mrrReadOptions } from './mrr-read-options.ts';
import { currentMrrResults, type RecomputeProgress, type StoredMrr } from './stored-mrr.ts';

export interface ComputeRequest {
  readonly workspaceId: string;
  readonly interval: Interval;
  readonly mode: MovementMode;
  /** First day the caller wants to see (periods before it are still computed when data starts earlier). */
  readonly from?: Day | undefined;
  /** Last day of history to take into account. */
  readonly to: Day;
  readonly collectMovements?: boolean;
  /** Only the customers and rows of this segment (all filters must match). */
  readonly segment?: readonly SegmentFilter[];
  /**
   * Definition switches to compute under instead of the workspace's (`northstar compare`
   * puts another profile's beside the workspace's); currency and time zone stay the workspace's.
   */
  readonly definitions?: Partial<WorkspaceSettings>;
}

export interface FactsRequest extends ComputeRequest {
  /** Kinds the requested metrics read besides MRR's inputs (see `inputKinds`). */
  readonly kinds?: readonly ImportKind[];
  /**
   * The request is the workspace's own MRR as of today (monthly, event-dated, no segment,
   * no movement log, the workspace's definitions): its stored results answer it when the
   * workspace keeps them (./stored-mrr.ts).
   */
  readonly storedResults?: boolean;
  /** Progress of a full recompute, should bringing the stored results up to date need one. */
  readonly onRecompute?: ((progress: RecomputeProgress) => void) | undefined;
}

/** Everything the metric registry computes from: MRR facts, the other kinds' facts, settings. */
export interface WorkspaceFacts {
  readonly mrr: MrrFacts;
  readonly business: BusinessFacts;
  readonly settings: WorkspaceSettings;
}

/** One series of a `--by` breakdown. */
export interface SegmentSeries {
  readonly value: string;
  readonly facts: WorkspaceFacts;
}

/** Stored data to MRR facts for the workspace or a segment (surfaces ask `query.ts`). */
export async function computeWorkspace(store: Store, request: ComputeRequest): Promise<MrrFacts> {
  const settings = await settingsOf(store, request);
  const segment = request.segment ?? [];
  const valueOf = await segmentAttributes(store, request.workspaceId, segment);
  const selection = segment.length === 0 ? undefined : selectionOf(segment, valueOf);
  return (await wholeWorkspace(store, request, settings, false, selection)).mrr;
}

/**
 * The workspace's MRR facts (no segment), with a look at each range of customers' inputs
 * as it passes, in customer order and read with each row's plan: what a surface needs of
 * every customer besides MRR (the customers list's plans, the pricing base's main lines)
 * comes from the same read, lined up with `customerIds`.
 */
export async function computeWorkspaceVisiting(
  store: Store,
  request: Omit<ComputeRequest, 'segment'>,
  visit: (inputs: InputsWithPlans) => void,
): Promise<MrrFacts> {
  const settings = await settingsOf(store, request);
  const selection: RangeSelection = {
    withPlans: true,
    parts: (inputs) => {
      if (!hasPlans(inputs)) throw new Error("the store did not read the rows' plans");
      visit(inputs);
      return [inputs];
    },
  };
  return (await wholeWorkspace(store, request, settings, false, selection)).mrr;
}

/**
 * These customers' MRR facts alone (a customer's page, the contributors' sources): a
 * customer's MRR, movements and history never depend on other customers', so they are
 * those of the workspace's computation, read and computed on this thread.
 */
export async function computeCustomers(
  store: Store,
  request: Omit<ComputeRequest, 'segment'>,
  customerIds: readonly string[],
): Promise<MrrFacts> {
  const settings = await settingsOf(store, request);
  const inputs = await store.readMrrInputs(request.workspaceId, {
    ...mrrReadOptions(settings),
    customerIds,
  });
  return mrrFromInputs(inputs, request, settings);
}

/**
 * MRR facts and the facts of the kinds the requested metrics need, for the workspace or a
 * segment, under the workspace's settings: what `queryMetrics` (query.ts) reports from.
 */
export async function computeWorkspaceFacts(
  store: Store,
  request: FactsRequest,
): Promise<WorkspaceFacts> {
  const settings = await settingsOf(store, request);
  const segment = request.segment ?? [];
  const rows = await readRows(store, request.workspaceId, kindsFor(request));
  const valueOf = await segmentAttributes(store, request.workspaceId, segment);
  const inputs = once(() =>
    readMrrInputs(store, request.workspaceId, settings, hasPlanFilter(segment)),
  );
  const stored = request.storedResults
    ? await currentMrrResults(store, request.workspaceId, request.to, request.onRecompute)
    : null;
  // An earlier `from` than the first period adds periods the stored results do not have.
  const covers = stored !== null && (request.from ?? Infinity) >= stored.facts.periods[0]!.start;
  const selected = { segment, valueOf };
  return factsOf(store, request, settings, rows, selected, inputs, covers ? stored : undefined);
}

/** One series per value of `attribute` (plan, country, channel, segment or a custom column). */
export async function computeWorkspaceSeries(
  store: Store,
  request: FactsRequest,
  attribute: string,
): Promise<SegmentSeries[]> {
  const settings = await settingsOf(store, request);
  const filters = request.segment ?? [];
  if (attribute === PLAN) return planSeries(store, request, settings, filters);
  const rows = await readRows(store, request.workspaceId, kindsFor(request));
  const table = await store.readCustomerAttributes(
    request.workspaceId,
    staticAttributes([...filters, { attribute, values: [] }]),
  );
  const valueOf = attributeLookup(table);
  // NONE is a value when a customer lacks the attribute or a billed one its customers row.
  const withoutRow = await store.hasCustomersWithoutRow(request.workspaceId);
  const values = attributeValues(table, attribute, withoutRow);
  const codeOf = new Map(values.map((value, code) => [value, code]));
  const inSegment = segmentOf(valueOf, filters);
  const parts = (inputs: MrrInputs): MrrInputs[] => {
    const ids = inputs.customerIds;
    const group = new Int32Array(ids.length);
    for (let c = 0; c < ids.length; c++)
      group[c] = codeOf.get(valueOf(ids[c]!, attribute) ?? NONE)!;
    return splitMrrInputs(inSegment(inputs), group, values.length);
  };
  const wantsSeats = request.kinds?.includes('subscriptions') === true;
  const series = await shardedSeries(
    store,
    request.workspaceId,
    { ...mrrOptions(request, settings), subscriptionFacts: wantsSeats },
    { parts, withPlans: hasPlanFilter(filters) },
  );
  const inputs = once(() =>
    readMrrInputs(store, request.workspaceId, settings, hasPlanFilter(filters)),
  );
  const result: SegmentSeries[] = [];
  for (const [code, facts] of series.entries()) {
    const value = values[code]!;
    const segment = [...filters, { attribute, values: [value] }];
    const selected = await rowsOfSegment(rows, { segment, valueOf }, settings, inputs);
    const columns = async () => segmentOf(valueOf, segment)(await inputs());
    const business = await seriesBusiness(request, settings, rows, selected, facts, columns);
    result.push({ value, facts: { mrr: facts.mrr, business, settings } });
  }
  return result;
}

/**
 * The other kinds' facts of one series of a breakdown, from its rows (`selected`) and its
 * merged shards' seats and renewals; engagement's seated users need each customer's seats,
 * from the series' columns (`columns`, read only then).
 */
async function seriesBusiness(
  request: FactsRequest,
  settings: WorkspaceSettings,
  rows: BusinessRows,
  selected: BusinessRows,
  facts: MergedShards,
  columns: () => Promise<MrrInputs>,
): Promise<BusinessFacts> {
  const wantsSeats = request.kinds?.includes('subscriptions') === true;
  const seatsByCustomer = wantsSeats && (rows.events ?? []).length > 0;
  return computeBusinessFacts(selected, facts.mrr.periods, {
    interval: request.interval,
    lastDay: request.to,
    settings,
    ...(seatsByCustomer
      ? { subscriptions: await columns() }
      : facts.subscriptions
        ? { subscriptionFacts: facts.subscriptions }
        : {}),
  });
}

/**
 * `--by plan`, of the workspace or within a segment, a range of customers at a time on
 * every core like the whole workspace (./sharded-recompute.ts), from the engine's columns
 * read with each row's plan: no row object of the MRR inputs, and each series valued on
 * top of the ones before it, so they add up to the total.
 */
async function planSeries(
  store: Store,
  request: FactsRequest,
  settings: WorkspaceSettings,
  filters: readonly SegmentFilter[],
): Promise<SegmentSeries[]> {
  const rows = await readRows(store, request.workspaceId, kindsFor(request));
  const valueOf = await segmentAttributes(store, request.workspaceId, filters);
  const inSegment = segmentOf(valueOf, filters);
  const wantsSeats = request.kinds?.includes('subscriptions') === true;
  const series = await shardedPlanSeries(
    store,
    request.workspaceId,
    { ...mrrOptions(request, settings), subscriptionFacts: wantsSeats },
    inSegment,
  );
  const whole = once(() => readMrrInputs(store, request.workspaceId, settings, true));
  const columns = once(async () => planColumns(inSegment(await whole())));
  const result: SegmentSeries[] = [];
  for (const [code, { plan: value, facts }] of series.entries()) {
    const segment = [...filters, { attribute: PLAN, values: [value] }];
    const selected = await rowsOfSegment(rows, { segment, valueOf }, settings, whole);
    const ofSeries = async () => {
      const { inputs, linePlans } = await columns();
      return planSeriesInputs(inputs, linePlans, code).inputs;
    };
    const business = await seriesBusiness(request, settings, rows, selected, facts, ofSeries);
    result.push({ value, facts: { mrr: facts.mrr, business, settings } });
  }
  return result;
}

/** A segment's columns read with each row's plan, and its lines' plans (linePlanCodes). */
function planColumns(inputs: MrrInputs) {
  if (!hasPlans(inputs)) throw new Error("the store did not read the rows' plans");
  return { inputs, linePlans: linePlanCodes(inputs) };
}

const MRR_KINDS: readonly ImportKind[] = ['subscriptions', 'invoices', 'fx_rates'];

/**
 * Every kind of data a computation of these metrics may read, whatever the request's
 * segment or breakdown: customers and the MRR inputs, and the kinds `inputKinds` names
 * (`kinds` of a FactsRequest). Rows of any other kind never change its answer.
 */
export function kindsComputedFrom(kinds: readonly ImportKind[]): ImportKind[] {
  return [...new Set<ImportKind>(['customers', ...MRR_KINDS, ...kinds])];
}

/**
 * The rows a request reads: the kinds its metrics read, but subscriptions, whose engine
 * columns serve seats, renewals and plans. A segment reads only the customers' attributes
 * it names (segmentAttributes), not their rows.
 */
function kindsFor(request: FactsRequest): ImportKind[] {
  const kinds = new Set<ImportKind>(request.kinds ?? []);
  if (kinds.size > 0) kinds.add('fx_rates');
  kinds.delete('subscriptions');
  return [...kinds];
}

/** A segment's filters, and its customers' values of the attributes they name. */
interface SelectedSegment {
  readonly segment: readonly SegmentFilter[];
  readonly valueOf: AttributeLookup;
}

/** The customer attributes (not plans) that `filters` name, each once. */
function staticAttributes(filters: readonly SegmentFilter[]): string[] {
  return [...new Set(filters.filter((f) => f.attribute !== PLAN).map((f) => f.attribute))];
}

/**
 * The customers' values of the attributes `filters` name, read by the store (nothing read
 * for plans alone): how every surface tells a segment's customers by their attributes.
 */
export async function segmentAttributes(
  store: Store,
  workspaceId: string,
  filters: readonly SegmentFilter[],
): Promise<AttributeLookup> {
  const attributes = staticAttributes(filters);
  return attributeLookup(
    attributes.length === 0
      ? { attributes, customerIds: [], values: [] }
      : await store.readCustomerAttributes(workspaceId, attributes),
  );
}

async function factsOf(
  store: Store,
  request: FactsRequest,
  settings: WorkspaceSettings,
  rows: BusinessRows,
  selection: SelectedSegment,
  inputs: () => Promise<MrrInputs>,
  stored?: Pick<StoredMrr, 'facts' | 'subscriptions'>,
): Promise<WorkspaceFacts> {
  const { segment, valueOf } = selection;
  const storedMrr = stored?.facts;
  const selected = await rowsOfSegment(rows, selection, settings, inputs);
  const wantsSeats = request.kinds?.includes('subscriptions') === true;
  // Engagement's seated users need each customer's seats: from the whole columns then.
  const seatsByCustomer = wantsSeats && (rows.events ?? []).length > 0;
  // The workspace or the segment, a range of customers at a time, unless stored results answer.
  if (!storedMrr && !seatsByCustomer) {
    const { mrr, subscriptions } = await wholeWorkspace(
      store,
      request,
      settings,
      wantsSeats,
      segment.length === 0 ? undefined : selectionOf(segment, valueOf),
    );
    const business = computeBusinessFacts(selected, mrr.periods, {
      interval: request.interval,
      lastDay: request.to,
      settings,
      ...(subscriptions ? { subscriptionFacts: subscriptions } : {}),
    });
    return { mrr, business, settings };
  }
  const selectedInputs = once(async () =>
    segment.length === 0 ? inputs() : segmentOf(valueOf, segment)(await inputs()),
  );
  const mrr = storedMrr ?? mrrFromInputs(await selectedInputs(), request, settings);
  // Seats and renewals read the engine's subscription columns when the rows were left
  // unread, unless stored results carry them: engagement still needs each customer's seats.
  const wanted = selected.subscriptions === undefined && wantsSeats;
  const storedSeats = wanted && stored !== undefined && (rows.events ?? []).length === 0;
  const columns = wanted && !storedSeats ? await selectedInputs() : undefined;
  const business = computeBusinessFacts(selected, mrr.periods, {
    interval: request.interval,
    lastDay: request.to,
    settings,
    ...(columns ? { subscriptions: columns } : {}),
    ...(storedSeats ? { subscriptionFacts: stored.subscriptions } : {}),
  });
  return { mrr, business, settings };
}

/** A segment's rows of each range of customers (shardedRecompute's selection). */
function selectionOf(segment: readonly SegmentFilter[], valueOf: AttributeLookup): RangeSelection {
  const select = segmentOf(valueOf, segment);
  return { parts: (inputs) => [select(inputs)], withPlans: hasPlanFilter(segment) };
}

/**
 * The other kinds' rows of a segment, its customers told by their attributes (`valueOf`).
 * Customers alone and exchange rates are left as they are: no business fact reads customers
 * without events or funnel rows, and rates are not selected. A segment of plans selects
 * rows by the plan the customer had at the time, found in the whole columns (`inputs`, read
 * `withPlans`).
 */
async function rowsOfSegment(
  rows: BusinessRows,
  { segment, valueOf }: SelectedSegment,
  settings: WorkspaceSettings,
  inputs: () => Promise<MrrInputs>,
): Promise<BusinessRows> {
  const lists: [string, readonly unknown[] | undefined][] = Object.entries(rows);
  const selects = lists.some(
    ([kind, list]) => kind !== 'customers' && kind !== 'fx_rates' && (list?.length ?? 0) > 0,
  );
  if (segment.length === 0 || !selects) return rows;
  const plans = hasPlanFilter(segment) ? planLookupOf(await inputs()) : undefined;
  return segmentRows(rows, segment, dayOf(settings), plans, valueOf);
}

/**
 * The engine inputs of a segment, straight from the columns: the rows of the customers
 * with the static attributes, and of those rows the ones of the plans it names (inputs
 * read `withPlans`, see planSegmentInputs). Made once for every range it is given.
 */
function segmentOf(
  valueOf: AttributeLookup,
  segment: readonly SegmentFilter[],
): (inputs: MrrInputs) => MrrInputs {
  const byAttribute = segment.filter((f) => f.attribute !== PLAN);
  const byPlan = segment.filter((f) => f.attribute === PLAN);
  const match = byAttribute.length > 0 ? customerMatcher(valueOf, byAttribute) : null;
  const ofPlans = (plan: string) => byPlan.every((f) => f.values.includes(plan));
  return (inputs) => {
    const ofCustomers = match
      ? filterMrrInputs(inputs, (c) => match(inputs.customerIds[c]!))
      : inputs;
    if (byPlan.length === 0) return ofCustomers;
    if (!hasPlans(ofCustomers)) throw new Error("the store did not read the rows' plans");
    return planSegmentInputs(ofCustomers, ofPlans);
  };
}

/** Whether a segment names plans (then its inputs are read `withPlans`). */
const hasPlanFilter = (segment: readonly SegmentFilter[]) => !isStaticSegment(segment);

function planLookupOf(inputs: MrrInputs) {
  if (!hasPlans(inputs)) throw new Error("the store did not read the rows' plans");
  return columnPlans(inputs);
}

/** The workspace's settings with the request's definition switches over them. */
async function settingsOf(store: Store, request: ComputeRequest): Promise<WorkspaceSettings> {
  return { ...(await store.workspace(request.workspaceId)), ...request.definitions };
}

function once<T>(load: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | null = null;
  return () => (value ??= load());
}

function readMrrInputs(
  store: Store,
  workspaceId: string,
  settings: WorkspaceSettings,
  withPlans = false,
) {
  return store.readMrrInputs(workspaceId, {
    ...mrrReadOptions(settings),
    ...(withPlans ? { withPlans } : {}),
  });
}

/**
 * Every customer of the workspace, or of a segment, a range of customers at a time (see
 * ./sharded-recompute.ts).
 */
function wholeWorkspace(
  store: Store,
  request: ComputeRequest,
  settings: WorkspaceSettings,
  subscriptionFacts: boolean,
  selection?: RangeSelection,
) {
  return shardedRecompute(
    store,
    request.workspaceId,
    { ...mrrOptions(request, settings), subscriptionFacts },
    {},
    selection,
  );
}

/** The engine's options for a request under the settings computed with. */
function mrrOptions(request: ComputeRequest, settings: WorkspaceSettings): MrrOptions {
  return {
    interval: request.interval,
    mode: request.mode,
    firstDay: request.from,
    lastDay: request.to,
    settings,
    collectMovements: request.collectMovements ?? false,
  };
}

function mrrFromInputs(inputs: MrrInputs, request: ComputeRequest, settings: WorkspaceSettings) {
  return computeMrr(inputs, mrrOptions(request, settings));
}

async function readRows(
  store: Store,
  workspaceId: string,
  kinds: readonly ImportKind[],
): Promise<BusinessRows> {
  const rows: { -readonly [K in ImportKind]?: unknown } = {};
  for (const kind of new Set(kinds)) rows[kind] = await store.readRows(workspaceId, kind);
  return rows as BusinessRows;
}

function dayOf(settings: WorkspaceSettings) {
  const clock = zoneClock(settings.timeZone);
  return (ms: number) => clock.dayOf(ms);
}
