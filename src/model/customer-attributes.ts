/**
 * A customer's attributes, as segments and breakdowns read them: these columns of the
 * customers kind, or else a custom column kept in its `attributes`.
 */
export const CUSTOMER_FIELDS = ['country', 'segment', 'channel', 'name', 'email'] as const;

export type CustomerField = (typeof CUSTOMER_FIELDS)[number];

/** Whether `attribute` is a column of the customers kind (else a custom column). */
export function isCustomerField(attribute: string): attribute is CustomerField {
  return (CUSTOMER_FIELDS as readonly string[]).includes(attribute);
}
