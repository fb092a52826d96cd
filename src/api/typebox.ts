/**
 * Request and response schemas are TypeBox (`@sinclair/typebox` 0.34): plain JSON Schema
 * that Fastify's Ajv validates and @fastify/swagger publishes, with static types inferred
 * from the same objects. The official `@fastify/type-provider-typebox` 6 is built for the
 * newer `typebox` 1.x package, a different library; mixing the two would split validation
 * and types across two schema libraries, so this six-line provider replaces it.
 */
import type { FastifyTypeProvider } from 'fastify';
import type { Static, TObject, TOptional, TSchema, TUnion } from '@sinclair/typebox';

export interface TypeBoxProvider extends FastifyTypeProvider {
  validator: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
  serializer: this['schema'] extends TSchema ? Static<this['schema']> : unknown;
}

import { Type } from '@sinclair/typebox';

export { Type, type Static, type TOptional, type TSchema };

/**
 * A union of objects told apart by one literal property (`kind`): the validator checks only
 * the alternative the value names, so a client reads errors about the object it meant
 * (JSON Schema `oneOf` with an OpenAPI `discriminator`; Ajv's `discriminator` option).
 */
export function TaggedUnion<const T extends TObject[]>(tag: string, alternatives: [...T]) {
  return Type.Unsafe<Static<TUnion<T>>>({
    type: 'object',
    required: [tag],
    oneOf: alternatives,
    discriminator: { propertyName: tag },
  });
}

/** A string that is one of `values` (JSON Schema `enum`: one clear validation message). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number]; description?: string } = {},
) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}
