import { describe, expect, it } from 'vitest';
import type { ImportKind } from '../model/kinds.ts';
import { kindsToRead } from './business.ts';

const counts = (some: Partial<Record<ImportKind, number>>) =>
  ({
    customers: 0,
    subscriptions: 0,
    invoices: 0,
    costs: 0,
    cash: 0,
    headcount: 0,
    funnel: 0,
    events: 0,
    surveys: 0,
    tickets: 0,
    fx_rates: 0,
    ...some,
  }) satisfies Record<ImportKind, number>;

describe('kinds to read', () => {
  const asked: ImportKind[] = ['funnel', 'customers', 'events', 'subscriptions'];

  it('leaves customers unread when neither funnel nor events can use them as signups', () => {
    expect(kindsToRead(asked, counts({ customers: 100_000, subscriptions: 400_000 }))).toEqual([
      'funnel',
      'events',
      'subscriptions',
    ]);
  });

  it('reads customers beside funnel or event rows', () => {
    expect(kindsToRead(asked, counts({ customers: 5, events: 1 }))).toEqual(asked);
    expect(kindsToRead(asked, counts({ customers: 5, funnel: 1 }))).toEqual(asked);
  });
});
