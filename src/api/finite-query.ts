import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

const NUMBER_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i;

/**
 * Refuses query and path values written as numbers too large for floating point
 * (`limit=1e400`). Ajv turns such text into Infinity and then skips `minimum` and
 * `maximum` for it (it checks them only on finite numbers): `horizon=1e400` passed
 * validation and ended the server process trying to build an array that long.
 */
export async function refuseInfiniteNumbers(request: FastifyRequest): Promise<void> {
  for (const [where, values] of [
    ['querystring', request.query],
    ['params', request.params],
  ] as const) {
    if (typeof values !== 'object' || values === null) continue;
    for (const [name, value] of Object.entries(values)) {
      const texts: unknown[] = Array.isArray(value) ? value : [value];
      for (const text of texts)
        if (typeof text === 'string' && NUMBER_TEXT.test(text) && !Number.isFinite(Number(text)))
          throw new ApiError(400, 'validation_failed', `${where}.${name} is out of range`);
    }
  }
}
