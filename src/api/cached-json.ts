import { gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A response body serialized once, and gzipped once on first demand. */
export class CachedJson {
  private gzipped: Buffer | null = null;
  /** UTF-8 bytes, encoded once (sending a string re-encodes it on every request). */
  readonly bytes: Buffer;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
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
