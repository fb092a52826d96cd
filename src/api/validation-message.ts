import type { FastifySchemaValidationError } from 'fastify';

/**
 * One line a client can act on from the validator's errors: unknown fields by name when
 * there are any (a typo is the likely cause of everything else), else each failed rule.
 */
export function validationMessage(
  where: string,
  errors: readonly FastifySchemaValidationError[],
): string {
  const field = (e: FastifySchemaValidationError) =>
    `${where}${e.instancePath.replace(/\//g, '.')}`;
  const unknown = errors.flatMap((e) =>
    e.keyword === 'additionalProperties'
      ? [`${field(e)} has an unknown field "${String(e.params['additionalProperty'])}"`]
      : [],
  );
  const details = errors.map((e) => {
    const allowed = e.params['allowedValues'] as unknown[] | undefined;
    return `${field(e)} ${e.message ?? 'is invalid'}${allowed ? ` (${allowed.join(', ')})` : ''}`;
  });
  return [...new Set(unknown.length > 0 ? unknown : details)].join('; ');
}
