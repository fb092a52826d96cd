/**
 * Request values generated from the JSON Schemas of an OpenAPI document: mostly values the
 * schema accepts (so the fuzz reaches the handlers behind the validator), with hostile ones
 * mixed in at every level (wrong types, extreme numbers, long, empty and formula text,
 * prototype keys, deep nesting) to reach the validator's edges.
 */
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number | boolean;
  exclusiveMaximum?: number | boolean;
  nullable?: boolean;
  default?: unknown;
}

export type Components = Record<string, JsonSchema>;

const deep = (depth: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
};

/** Values no schema expects. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    true,
    0,
    -0,
    1e308,
    -1e308,
    5e-324,
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    '',
    ' ',
    '=HYPERLINK("http://x","y")',
    '@SUM(1)',
    '../../etc/passwd',
    "'; DROP TABLE customers; --",
    '<script>alert(1)</script>',
    '\u0000',
    '\ud800',
    'NaN',
    'Infinity',
    '1e400',
    '9999-99-99',
    '2026-02-30',
    'x'.repeat(5000),
    [],
    {},
    { __proto__: { polluted: true } },
    JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}'),
    deep(200),
  ),
  fc.string({ maxLength: 30 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

function resolve(schema: JsonSchema, components: Components): JsonSchema {
  let current = schema;
  for (let i = 0; current.$ref && i < 20; i++) {
    const name = current.$ref.split('/').pop()!;
    current = components[name] ?? {};
  }
  return current;
}

function stringArbitrary(schema: JsonSchema): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 200);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.pattern) {
    let pattern: RegExp | null = null;
    try {
      pattern = new RegExp(schema.pattern);
    } catch {
      pattern = null;
    }
    if (pattern)
      return fc
        .stringMatching(pattern)
        .filter((s) => s.length >= minLength && s.length <= maxLength);
  }
  switch (schema.format) {
    case 'email':
      return fc.emailAddress();
    case 'uri':
      return fc.webUrl();
    case 'date':
      return fc
        .date({ min: new Date('1970-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10));
  }
  return fc.string({ minLength, maxLength });
}

function numberArbitrary(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const exclusiveMin = typeof schema.exclusiveMinimum === 'number' ? schema.exclusiveMinimum : null;
  const exclusiveMax = typeof schema.exclusiveMaximum === 'number' ? schema.exclusiveMaximum : null;
  const min = schema.minimum ?? exclusiveMin ?? (integer ? -1e9 : -1e12);
  const max = schema.maximum ?? exclusiveMax ?? (integer ? 1e9 : 1e12);
  const base = integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const edges = [min, max, 0, 1, -1].filter(
    (v) => v >= min && v <= max && (!integer || v % 1 === 0),
  );
  return fc
    .oneof(base, fc.constantFrom(...(edges.length > 0 ? edges : [min])))
    .filter(
      (v) =>
        (exclusiveMin === null || v > exclusiveMin) && (exclusiveMax === null || v < exclusiveMax),
    );
}

/** Values for `schema`: valid ones, with hostile ones mixed in at every level. */
export function schemaArbitrary(
  schema: JsonSchema,
  components: Components,
  depth = 0,
): fc.Arbitrary<unknown> {
  const valid = validArbitrary(schema, components, depth);
  return fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: hostile, weight: 1 });
}

function validArbitrary(
  raw: JsonSchema,
  components: Components,
  depth: number,
): fc.Arbitrary<unknown> {
  const schema = resolve(raw, components);
  if (depth > 6) return hostile;
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives)
    return fc.oneof(...alternatives.map((s) => schemaArbitrary(s, components, depth + 1)));
  if (schema.allOf)
    return validArbitrary(
      schema.allOf.reduce<JsonSchema>(
        (merged, part) => {
          const p = resolve(part, components);
          return {
            ...merged,
            ...p,
            properties: { ...merged.properties, ...p.properties },
            required: [...(merged.required ?? []), ...(p.required ?? [])],
          };
        },
        { type: 'object' },
      ),
      components,
      depth,
    );
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  const nullable = schema.nullable || types.includes('null');
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  let arbitrary: fc.Arbitrary<unknown>;
  switch (type) {
    case 'string':
      arbitrary = stringArbitrary(schema);
      break;
    case 'integer':
      arbitrary = numberArbitrary(schema, true);
      break;
    case 'number':
      arbitrary = numberArbitrary(schema, false);
      break;
    case 'boolean':
      arbitrary = fc.boolean();
      break;
    case 'array':
      arbitrary = fc.array(
        schema.items ? schemaArbitrary(schema.items, components, depth + 1) : hostile,
        { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 5, 5) },
      );
      break;
    case 'object': {
      const properties = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, property] of Object.entries(properties))
        record[name] = schemaArbitrary(property, components, depth + 1);
      const known = fc.record(record, {
        requiredKeys: [...required].filter((k) => k in properties),
      });
      const extra =
        typeof schema.additionalProperties === 'object'
          ? fc.dictionary(
              fc.string({ minLength: 1, maxLength: 20 }),
              schemaArbitrary(schema.additionalProperties, components, depth + 1),
              { maxKeys: 3 },
            )
          : fc.constant({});
      // Now and then a field the schema does not know.
      const unknown = fc.oneof(
        { arbitrary: fc.constant({}), weight: 8 },
        {
          arbitrary: fc.dictionary(fc.constantFrom('new-growth', '__proto__', 'x', ''), hostile, {
            maxKeys: 1,
          }),
          weight: 1,
        },
      );
      arbitrary = fc
        .tuple(extra, known, unknown)
        .map(([e, k, u]) => Object.assign(Object.create(null) as object, e, k, u));
      break;
    }
    default:
      arbitrary = hostile;
  }
  return nullable ? fc.option(arbitrary, { nil: null, freq: 5 }) : arbitrary;
}
