import type { Day } from '../model/day.ts';
import type { Period } from '../model/period.ts';
import type { WorkspaceSettings } from '../model/workspace.ts';
import type { SubscriptionColumns } from '../store/store.ts';
import { measureDays } from './engagement.ts';
import { PeriodIndex } from './period-index.ts';
import { RenewalCounter, SeatCounter } from './revenue.ts';

/**
 * One customer's seats and renewal terms per period, from its subscription rows: like its
 * MRR share, what the customer adds to the workspace's `seats` and `renewals`, so stored
 * results answer those too (their sums are the workspace's figures, exactly).
 */
export class CustomerRevenue {
  /** Seats in force on each period's measure day, in millionths (revenue.ts SEAT_SCALE). */
  readonly seatMillionths: Float64Array;
  readonly renewalsDue: Float64Array;
  readonly renewalsRenewed: Float64Array;
  private readonly seats: SeatCounter;
  private readonly renewals: RenewalCounter;
  /** The first day a row of the customer asked last starts, null without rows. */
  firstStart: Day | null = null;
  /** The next row to look at: customers are asked in order, rows are sorted by customer. */
  private row = 0;

  constructor(
    private readonly subs: SubscriptionColumns,
    periods: readonly Period[],
    settings: Pick<WorkspaceSettings, 'churnTiming'>,
    lastDay: Day,
  ) {
    const n = periods.length;
    this.seatMillionths = new Float64Array(n);
    this.renewalsDue = new Float64Array(n);
    this.renewalsRenewed = new Float64Array(n);
    this.seats = new SeatCounter(subs, measureDays(periods, lastDay), settings);
    this.renewals = new RenewalCounter(subs, new PeriodIndex(periods), settings, lastDay);
  }

  /**
   * The figures of customer `customer` (an index of the rows' `customer` column), in place
   * of the last one's. Customers must be asked in increasing order.
   */
  of(customer: number): this {
    const { subs } = this;
    this.seatMillionths.fill(0);
    this.renewalsDue.fill(0);
    this.renewalsRenewed.fill(0);
    while (this.row < subs.length && subs.customer[this.row]! < customer) this.row++;
    const first = this.row;
    while (this.row < subs.length && subs.customer[this.row] === customer) this.row++;
    this.firstStart = null;
    if (first === this.row) return this;
    // Seats count from a row's start and terms come due after it: nothing before.
    for (let row = first; row < this.row; row++)
      if (this.firstStart === null || subs.start[row]! < this.firstStart)
        this.firstStart = subs.start[row]!;
    this.seats.add(first, this.row, this.seatMillionths);
    this.renewals.add(first, this.row, this.renewalsDue, this.renewalsRenewed);
    return this;
  }
}
