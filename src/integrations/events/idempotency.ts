/**
 * Where the events endpoint keeps the idempotency keys it accepted: one document per batch
 * (ids start with the ISO instant). A workspace copy takes the collection along.
 */
export const IDEMPOTENCY_COLLECTION = 'events_idempotency';
