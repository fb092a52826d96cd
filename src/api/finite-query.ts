import type { FastifyRequest } from 'fastify';
import { ApiError } from './errors.ts';

interface PropertySchema {
  type?: unknown;
  anyOf?: PropertySchema[];
}

/** Whether the object schema's property `name` is (or may be) a number. */
function numeric(schema: unknown, name: string): boolean {
  const property = (schema as { properties?: Record<string, PropertySchema> } | undefined)
    ?.properties?.[name];
  if (!property) return false;
  return [property, ...(property.anyOf ?? [])].some(
    (s) => s.type === 'number' || s.type === 'integer',
  );
}

/**
 * Refuses numeric query and path values that read as an infinite number (`limit=1e400`,
 * `offset=Infinity`). Ajv turns such text into Infinity and then skips `minimum` and
 * `maximum` for it (it checks them only on finite numbers): `horizon=1e400` passed
 * validation and ended the server process trying to build an array that long.
 */
export async function refuseInfiniteNumbers(request: FastifyRequest): Promise<void> {
  const schema = request.routeOptions.schema;
  for (const [where, values, valuesSchema] of [
    ['querystring', request.query, schema?.querystring],
    ['params', request.params, schema?.params],
  ] as const) {
    if (typeof values !== 'object' || values === null) continue;
    for (const [name, value] of Object.entries(values)) {
      if (!numeric(valuesSchema, name)) continue;
      const texts: unknown[] = Array.isArray(value) ? value : [value];
      for (const text of texts)
        if (typeof text === 'string' && Math.abs(Number(text)) === Infinity)
          throw new ApiError(400, 'validation_failed', `${where}.${name} is out of range`);
    }
  }
}
