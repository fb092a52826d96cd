/**
 * Request and response schemas are TypeBox (`@sinclair/typebox` 0.34): plain JSON Schema
 * that Fastify's Ajv validates and @fastify/swagger publishes, with static types inferred
 * from the same objects. The official `@fastify/type-provider-typebox` 6 is built for the
 * newer `typebox` 1.x package, a different library; mixing the two would split validation
 * and types across two schema libraries, so this six-line provider replaces it.
 */
import type { FastifyTypeProvider } from 'fastify';
import type { Static, TSchema } from '@sinclair/typebox';

export interface TypeBoxProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

import { Type } from '@sinclair/typebox';

export { Type, type Static, type TSchema };

/** A string that is one of `values` (JSON Schema `enum`: one clear validation message). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number]; description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
