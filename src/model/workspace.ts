/** Per-workspace settings that change how numbers are computed (documented in the README). */
export interface WorkspaceSettings {
  /** ISO 4217 code every figure is reported in. */
  readonly currency: string;
  /** IANA zone whose calendar defines days, weeks, months, quarters and years. */
  readonly timeZone: string;
  /** When a cancellation churns: at the end of the paid service period (default) or on the day it was cancelled. */
  readonly churnTiming: 'period_end' | 'immediate';
  /** Where MRR comes from: subscription rows (default) or invoice lines with service periods. */
  readonly mrrSource: 'subscriptions' | 'invoices';
  /** An invoice unpaid this many days after issue churns its customer until paid; null = off. */
  readonly delinquencyDays: number | null;
  /** Set when `northstar demo` filled the workspace, so a later demo may replace it. */
  readonly demo?: boolean;
  /** The product event that marks a signup as activated (default `activated`). */
  readonly activationEvent?: string;
  /**
   * BCP 47 locale of what Northstar writes to people without a browser to ask: digests and
   * alert notifications (en, fr, pl, de; default en-US). The API and dashboard use the
   * reader's own language.
   */
  readonly locale?: string;
  /**
   * The definition profile last applied (docs/definitions.md); the switches below hold its
   * choices and may be changed one by one afterwards. Absent = `northstar`.
   */
  readonly profile?: DefinitionProfile;
  /** Customer churn rate over the calendar period (default) or the 30 days ending on its last day. */
  readonly churnWindow?: ChurnWindow;
  /** Whether subscription discounts reduce MRR (default true). */
  readonly discountsReduceMrr?: boolean;
  /** Whether customers who join and churn within one period count as churned (default false). */
  readonly countJoinAndLeave?: boolean;
  /** Reactivation as its own movement (default), or reported as new or as expansion MRR. */
  readonly reactivation?: ReactivationTreatment;
  /** A customer whose lines are all discounted to 0: churned (default) or still active at MRR 0. */
  readonly freeCustomers?: FreeCustomers;
  /** Whether a refunded invoice line stops counting as MRR (default true; invoice-sourced MRR). */
  readonly refundsReduceMrr?: boolean;
  /** How a service period that is not whole months is normalized (default `average_month`). */
  readonly partialPeriods?: PartialPeriodNormalization;
  /** Whether metered usage lines count as MRR (default true). */
  readonly usageInMrr?: boolean;
  /** Whether a customer who joins and leaves within one period has new and churned movements (default `count`). */
  readonly joinAndLeaveMovements?: JoinAndLeaveMovements;
  /** Customer churn rate denominator (default `start`: customers paying at the window's start). */
  readonly churnDenominator?: ChurnDenominator;
  /** A customer returning more than this many days after churning is new, not reactivated; null = no window. */
  readonly reactivationWindowDays?: number | null;
}

export const DEFINITION_PROFILES = [
  'northstar',
  'chartmogul',
  'baremetrics',
  'profitwell',
  'stripe',
  'maxio',
] as const;
export type DefinitionProfile = (typeof DEFINITION_PROFILES)[number];
export const CHURN_WINDOWS = ['calendar', 'rolling_30_days'] as const;
export type ChurnWindow = (typeof CHURN_WINDOWS)[number];
export const REACTIVATION_TREATMENTS = ['own', 'new', 'expansion'] as const;
export type ReactivationTreatment = (typeof REACTIVATION_TREATMENTS)[number];

export const FREE_CUSTOMERS = ['churned', 'active'] as const;
export type FreeCustomers = (typeof FREE_CUSTOMERS)[number];
export const PARTIAL_PERIOD_NORMALIZATIONS = ['average_month', 'billing_period'] as const;
export type PartialPeriodNormalization = (typeof PARTIAL_PERIOD_NORMALIZATIONS)[number];
export const JOIN_AND_LEAVE_MOVEMENTS = ['count', 'ignore'] as const;
export type JoinAndLeaveMovements = (typeof JOIN_AND_LEAVE_MOVEMENTS)[number];
export const CHURN_DENOMINATORS = ['start', 'start_plus_new'] as const;
export type ChurnDenominator = (typeof CHURN_DENOMINATORS)[number];

export const DEFAULT_WORKSPACE_ID = 'default';

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  currency: 'USD',
  timeZone: 'UTC',
  churnTiming: 'period_end',
  mrrSource: 'subscriptions',
  delinquencyDays: null,
};

/** The definition switches a profile sets; every one has a Northstar default. */
export interface DefinitionSwitches {
  readonly churnTiming: WorkspaceSettings['churnTiming'];
  readonly churnWindow: ChurnWindow;
  readonly discountsReduceMrr: boolean;
  readonly countJoinAndLeave: boolean;
  readonly reactivation: ReactivationTreatment;
  readonly freeCustomers: FreeCustomers;
  readonly refundsReduceMrr: boolean;
  readonly partialPeriods: PartialPeriodNormalization;
  readonly usageInMrr: boolean;
  readonly joinAndLeaveMovements: JoinAndLeaveMovements;
  readonly churnDenominator: ChurnDenominator;
  readonly reactivationWindowDays: number | null;
}

export const NORTHSTAR_DEFINITIONS: DefinitionSwitches = {
  churnTiming: 'period_end',
  churnWindow: 'calendar',
  discountsReduceMrr: true,
  countJoinAndLeave: false,
  reactivation: 'own',
  freeCustomers: 'churned',
  refundsReduceMrr: true,
  partialPeriods: 'average_month',
  usageInMrr: true,
  joinAndLeaveMovements: 'count',
  churnDenominator: 'start',
  reactivationWindowDays: null,
};

/** The switches' names, in the order `explain` and `compare` list them. */
export const DEFINITION_SWITCHES = Object.keys(
  NORTHSTAR_DEFINITIONS,
) as (keyof DefinitionSwitches)[];

/**
 * The switches of each profile. The other tools' columns approximate the conventions their
 * documentation describes (see docs/definitions.md); they let a user see why figures differ,
 * they are not a promise of identical numbers.
 */
export const PROFILE_DEFINITIONS: Readonly<Record<DefinitionProfile, DefinitionSwitches>> = {
  northstar: NORTHSTAR_DEFINITIONS,
  chartmogul: {
    ...NORTHSTAR_DEFINITIONS,
    freeCustomers: 'active',
    refundsReduceMrr: false,
    partialPeriods: 'billing_period',
  },
  baremetrics: {
    ...NORTHSTAR_DEFINITIONS,
    churnWindow: 'rolling_30_days',
    countJoinAndLeave: true,
  },
  profitwell: {
    ...NORTHSTAR_DEFINITIONS,
    refundsReduceMrr: false,
    joinAndLeaveMovements: 'ignore',
  },
  stripe: {
    ...NORTHSTAR_DEFINITIONS,
    churnTiming: 'immediate',
    churnWindow: 'rolling_30_days',
    countJoinAndLeave: true,
    usageInMrr: false,
    churnDenominator: 'start_plus_new',
  },
  maxio: {
    ...NORTHSTAR_DEFINITIONS,
    churnTiming: 'immediate',
    refundsReduceMrr: false,
    usageInMrr: false,
    reactivationWindowDays: 90,
  },
};

/** The switches in force: each one set in the workspace, else Northstar's default. */
export function definitionSwitches(settings: Partial<WorkspaceSettings>): DefinitionSwitches {
  const d = NORTHSTAR_DEFINITIONS;
  return {
    churnTiming: settings.churnTiming ?? d.churnTiming,
    churnWindow: settings.churnWindow ?? d.churnWindow,
    discountsReduceMrr: settings.discountsReduceMrr ?? d.discountsReduceMrr,
    countJoinAndLeave: settings.countJoinAndLeave ?? d.countJoinAndLeave,
    reactivation: settings.reactivation ?? d.reactivation,
    freeCustomers: settings.freeCustomers ?? d.freeCustomers,
    refundsReduceMrr: settings.refundsReduceMrr ?? d.refundsReduceMrr,
    partialPeriods: settings.partialPeriods ?? d.partialPeriods,
    usageInMrr: settings.usageInMrr ?? d.usageInMrr,
    joinAndLeaveMovements: settings.joinAndLeaveMovements ?? d.joinAndLeaveMovements,
    churnDenominator: settings.churnDenominator ?? d.churnDenominator,
    reactivationWindowDays:
      settings.reactivationWindowDays === undefined
        ? d.reactivationWindowDays
        : settings.reactivationWindowDays,
  };
}
