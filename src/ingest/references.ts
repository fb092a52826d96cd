import type { ImportKind } from '../model/kinds.ts';
import type { ImportColumns } from './columns.ts';
import { columnValue } from './columns.ts';

/**
 * Rows that name a customer the workspace does not know. They are valid (a customers file
 * may come later, or never), but a typo in an id makes an unnamed paying customer, so the
 * importer says so.
 */

/** Kinds whose customer_id names a customer (funnel rows name leads that may never convert). */
export const CUSTOMER_REFERENCES: readonly ImportKind[] = [
  'subscriptions',
  'invoices',
  'events',
  'surveys',
  'tickets',
];

export interface UnknownCustomers {
  /** Rows that reference a customer not in `known`. */
  readonly rows: number;
  /** The distinct unknown ids, in file order. */
  readonly ids: readonly string[];
}

/** The customer ids of `ids` (one per row; null = none) that `known` does not hold. */
export function unknownCustomers(
  ids: Iterable<string | null>,
  known: ReadonlySet<string>,
): UnknownCustomers {
  const tally = new UnknownCustomerTally(known);
  tally.add(ids);
  return tally.result();
}

/** `unknownCustomers` over rows that come in batches. */
export class UnknownCustomerTally {
  private rows = 0;
  private readonly unknown = new Set<string>();

  constructor(private readonly known: ReadonlySet<string>) {}

  add(ids: Iterable<string | null>): void {
    for (const id of ids) {
      if (id === null || this.known.has(id)) continue;
      this.rows++;
      this.unknown.add(id);
    }
  }

  result(): UnknownCustomers {
    return { rows: this.rows, ids: [...this.unknown] };
  }
}

/** The customer_id of every row of imported columns (nothing for kinds without one). */
export function* customerIdsOf(columns: ImportColumns): Generator<string | null> {
  const field = columns.names.indexOf('customer_id');
  const column = columns.columns[field];
  if (field < 0 || column === undefined) return;
  for (let i = 0; i < columns.length; i++) {
    const value = columnValue(column, i);
    yield typeof value === 'string' ? value : null;
  }
}
