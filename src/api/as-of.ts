import type { FastifyReply } from 'fastify';
import type { Lookup } from './compute-cache.ts';

/** The time an answer's data reflects, as its JSON field `as_of` carries it (ISO 8601). */
export function asOfText(found: Lookup<unknown>): string {
  return new Date(found.asOf).toISOString();
}

/**
 * Says on a memoized answer which data it reflects: `X-Northstar-As-Of` (ISO time),
 * `X-Northstar-Stale` (a fresher answer is being computed) and `X-Northstar-Cache` (how
 * it was found: hit, shared, miss, stale).
 */
export function markAnswer(reply: FastifyReply, found: Lookup<unknown>): FastifyReply {
  return reply
    .header('x-northstar-cache', found.status)
    .header('x-northstar-as-of', asOfText(found))
    .header('x-northstar-stale', String(found.stale));
}
