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
}

export const DEFAULT_WORKSPACE_ID = 'default';

export const DEFAULT_SETTINGS: WorkspaceSettings = {
  currency: 'USD',
  timeZone: 'UTC',
  churnTiming: 'period_end',
  mrrSource: 'subscriptions',
  delinquencyDays: null,
};
