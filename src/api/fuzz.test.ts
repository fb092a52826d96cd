/**
 * Fuzz of the whole HTTP API from its own OpenAPI document: every route, requests
 * generated from its parameter and body schemas (valid values with hostile ones mixed in),
 * sent with an admin key, a viewer key or none. No request shape may reach a 5xx.
 * Fixed seed and a bounded number of cases per route: it runs the same in CI every time.
 */
import { Writable } from 'node:stream';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hostile,
  schemaArbitrary,
  type Components,
  type JsonSchema,
} from '../../test/fuzz/schema-arbitrary.ts';
import {
  demoFixture,
  fixtureServer,
  type DemoFixture,
} from '../../test/fixtures/api/test-fixture.ts';

// Fixed for CI; set FUZZ_SEED / FUZZ_CASES to explore further by hand.
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_206);
const CASES_PER_ROUTE = Number(process.env.FUZZ_CASES ?? 12);

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: JsonSchema;
}

interface Operation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
}

interface FuzzRequest {
  method: string;
  url: string;
  query: Record<string, string | string[]>;
  body: unknown;
  key: 'admin' | 'viewer' | 'none';
}

let fx: DemoFixture;
let app: FastifyInstance;
const log: string[] = [];
let doc: {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Components };
};

beforeAll(async () => {
  fx = await demoFixture({ customers: 20 });
  app = await fixtureServer(fx, {
    logStream: new Writable({
      write(chunk: Buffer, _encoding, done) {
        log.push(chunk.toString());
        done();
      },
    }),
  });
  doc = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
}, 120_000);

afterAll(async () => {
  await app?.close();
  fx?.cleanup();
});

/** A query value as it travels in a URL. */
function queryText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}

function requestArbitrary(path: string, method: string, op: Operation): fc.Arbitrary<FuzzRequest> {
  const components = doc.components.schemas;
  const parameters = op.parameters ?? [];
  const pathParams = fc.record(
    Object.fromEntries(
      parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, schemaArbitrary(p.schema, components).map(queryText)]),
    ),
  );
  const queryParams = fc.record(
    Object.fromEntries(
      parameters
        .filter((p) => p.in === 'query')
        .map((p) => [
          p.name,
          schemaArbitrary(p.schema, components).map((v) =>
            Array.isArray(v) ? v.map(queryText) : queryText(v),
          ),
        ]),
    ),
    { requiredKeys: [] },
  );
  const json = op.requestBody?.content['application/json']?.schema;
  // Routes that read their body raw (events, the Stripe webhook) get hostile JSON too.
  const body = json
    ? schemaArbitrary(json, components)
    : method === 'post'
      ? fc.option(hostile, { nil: undefined })
      : fc.constant(undefined);
  return fc
    .record({
      path: pathParams,
      query: queryParams,
      body,
      key: fc.constantFrom('admin', 'admin', 'viewer', 'none') as fc.Arbitrary<FuzzRequest['key']>,
    })
    .map(({ path: values, query, body, key }) => ({
      method: method.toUpperCase(),
      url: path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(String(values[name] ?? '')),
      ),
      query: query as Record<string, string | string[]>,
      body,
      key,
    }));
}

describe('API fuzz from the OpenAPI document', () => {
  it('answers every generated request to every route without a 5xx', async () => {
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
        .map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThan(30);
    const statuses = new Map<number, number>();
    for (const { path, method, op } of operations) {
      await fc.assert(
        fc.asyncProperty(requestArbitrary(path, method, op), async (request) => {
          const key = { admin: fx.adminKey, viewer: fx.viewerKey, none: null }[request.key];
          const logged = log.length;
          const res = await app.inject({
            method: request.method as 'GET',
            url: request.url,
            query: request.query,
            headers: {
              ...(key ? { authorization: `Bearer ${key}` } : {}),
              ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
            },
            ...(request.body === undefined ? {} : { payload: JSON.stringify(request.body) }),
          });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          expect(
            res.statusCode,
            `${request.method} ${request.url} ${JSON.stringify(request.query)} ${JSON.stringify(request.body)?.slice(0, 500)} → ${res.body.slice(0, 500)}\n${log.slice(logged).join('').slice(0, 2000)}`,
          ).toBeLessThan(500);
        }),
        { seed: SEED, numRuns: CASES_PER_ROUTE, endOnFailure: true },
      );
    }
    if (process.env.FUZZ_SEED) console.log(Object.fromEntries(statuses));
    // The fuzz reached the handlers, not only the validator and the authenticator.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(operations.length);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
