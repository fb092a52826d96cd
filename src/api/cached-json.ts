import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response body serialized once, and gzipped once on first demand. */
export class CachedJson {
  private gzipped: Buffer | null = null;
  /** UTF-8 bytes, encoded once (sending a string re-encodes it on every request). */
  readonly bytes: Buffer;
  private readonly variants = new Map<string, CachedJson>();

  constructor(text: string | Buffer) {
    this.bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  }

  /**
   * The same JSON object with `fields` first (e.g. `as_of`), itself cached: an answer is
   * sent fresh or stale, each variant serialized and gzipped once.
   */
  with(fields: Record<string, unknown>): CachedJson {
    const head = JSON.stringify(fields);
    let variant = this.variants.get(head);
    if (!variant) {
      const rest = this.bytes.subarray(1);
      const glue = rest.length > 1 && head.length > 2 ? ',' : '';
      variant = new CachedJson(Buffer.concat([Buffer.from(head.slice(0, -1) + glue), rest]));
      if (this.variants.size >= 4) this.variants.delete(this.variants.keys().next().value!);
      this.variants.set(head, variant);
    }
    return variant;
  }

  static of(value: unknown): CachedJson {
    return new CachedJson(JSON.stringify(value));
  }

  /** Sends it, compressed when the client accepts gzip (browsers always do). */
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply {
    reply.type('application/json; charset=utf-8').header('vary', 'accept-encoding');
    const accepts = request.headers['accept-encoding'];
    if (this.bytes.length > 2048 && typeof accepts === 'string' && /\bgzip\b/.test(accepts)) {
      this.gzipped ??= gzipSync(this.bytes, { level: 6 });
      return reply.header('content-encoding', 'gzip').send(this.gzipped);
    }
    return reply.send(this.bytes);
  }
}
