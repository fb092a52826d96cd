import type { FastifyReply } from 'fastify';

/**
 * The dashboard keeps its session token in sessionStorage, so a script injected into the
 * page could read it: the pages allow only the server's own scripts (no inline script, no
 * eval), talk only to the server, and may not be framed. Styles may be inline: React and
 * ECharts set style attributes.
 */
const PAGE_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "script-src-attr 'none'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** The API's JSON documents are data, never pages. */
const API_POLICY = "default-src 'none'; frame-ancestors 'none'";

const DOCS = '/api/v1/docs';

/**
 * Headers of every response. Pages (the dashboard and the API docs) get the content
 * security policy and may not be framed; API answers carry credentials (session tokens,
 * new keys) and private figures, so no cache keeps them.
 */
export function securityHeaders(url: string, reply: FastifyReply): void {
  const path = url.split('?')[0]!;
  reply.header('x-content-type-options', 'nosniff');
  reply.header('referrer-policy', 'no-referrer');
  reply.header('x-frame-options', 'DENY');
  const page = !path.startsWith('/api/') || path === DOCS || path.startsWith(`${DOCS}/`);
  reply.header('content-security-policy', page ? PAGE_POLICY : API_POLICY);
  if (!page && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
}
