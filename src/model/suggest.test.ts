import { describe, expect, it } from 'vitest';
import { closestName, didYouMean, editDistance } from './suggest.ts';

describe('near-miss names', () => {
  it('counts insertions, deletions, substitutions and swapped neighbours as one edit each', () => {
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('subscription', 'subscriptions')).toBe(1);
    expect(editDistance('mrr', 'mmr')).toBe(1); // a swap, not two substitutions
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('suggests the closest candidate, ignoring case and separators', () => {
    const kinds = ['customers', 'subscriptions', 'invoices', 'costs'];
    expect(closestName('subscription', kinds)).toBe('subscriptions');
    expect(closestName('Invoice', kinds)).toBe('invoices');
    expect(closestName('customerid', ['customer_id', 'name', 'email'])).toBe('customer_id');
    expect(closestName('Customer-ID', ['customer_id', 'name'])).toBe('customer_id');
  });

  it('suggests nothing for a different word', () => {
    expect(closestName('revenue', ['mrr', 'arr', 'nrr'])).toBeNull();
    expect(closestName('', ['mrr'])).toBeNull();
    expect(didYouMean('zzz', ['mrr'])).toBe('');
    expect(didYouMean('mmr', ['mrr', 'arr'])).toBe(' (did you mean mrr?)');
  });
});
