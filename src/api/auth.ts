import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRole } from '../store/store.ts';
import { digest, parseApiKey, randomToken, verifySecret } from '../auth/keys.ts';
import { ApiError } from './errors.ts';
import { KeyDirectory } from './key-directory.ts';
import type { StoreGate } from './store-gate.ts';

/** Who is calling: from an API key or a dashboard session (password sign-in). */
export interface Principal {
  readonly workspaceId: string;
  readonly role: ApiKeyRole;
  /** The key's public id; null for a password session. */
  readonly keyId: string | null;
}

/** What a route requires: nothing, any valid credential, or an admin one. */
export type Access = 'public' | 'viewer' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

const SESSION_PREFIX = 'nss_';
const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
/** How long a verified key is trusted without re-running scrypt (the record is re-read each time). */
const VERIFIED_TTL_MS = 5 * 60 * 1000;

export interface Session {
  readonly token: string;
  readonly principal: Principal;
  readonly expiresAt: string;
}

/**
 * Authentication: `Authorization: Bearer <token>` where the token is an API key
 * (`ns_<id>_<secret>`) or a session token from the password sign-in (`nss_…`). Sessions
 * live in memory (a restart signs the dashboard out). Tokens are only ever kept as
 * SHA-256 digests in memory, and never logged.
 */
export class Authenticator {
  private readonly sessions = new Map<string, { principal: Principal; expires: number }>();
  /** digest(token) → the stored hash it was verified against, and when. */
  private readonly verified = new Map<string, { secretHash: string; at: number }>();

  /** key id → when it last authenticated (the warm-up re-reads these records first). */
  private readonly recent = new Map<string, number>();

  /** Which key ids exist: an unknown one is refused without touching the store. */
  private readonly directory: KeyDirectory;

  constructor(
    private readonly gate: StoreGate,
    directoryClock?: () => number,
  ) {
    this.directory = new KeyDirectory(gate, directoryClock);
  }

  /** Key ids that authenticated in the last hour, most recent last (at most 50). */
  recentKeyIds(): string[] {
    const since = Date.now() - 60 * 60 * 1000;
    return [...this.recent].filter(([, at]) => at >= since).map(([id]) => id);
  }

  createSession(principal: Principal): Session {
    const token = randomToken(SESSION_PREFIX);
    const expires = Date.now() + SESSION_TTL_MS;
    this.sessions.set(digest(token), { principal, expires });
    return { token, principal, expiresAt: new Date(expires).toISOString() };
  }

  endSession(token: string): void {
    this.sessions.delete(digest(token));
  }

  async authenticate(token: string): Promise<Principal | null> {
    if (token.startsWith(SESSION_PREFIX)) {
      const session = this.sessions.get(digest(token));
      if (!session) return null;
      if (session.expires < Date.now()) {
        this.sessions.delete(digest(token));
        return null;
      }
      return session.principal;
    }
    const key = parseApiKey(token);
    if (!key || !(await this.directory.mayExist(key.keyId))) return null;
    const record = await this.gate.run((store) => store.findApiKey(key.keyId));
    if (!record) return null; // unknown or revoked
    const id = digest(token);
    const known = this.verified.get(id);
    const fresh =
      known !== undefined &&
      known.secretHash === record.secretHash &&
      Date.now() - known.at < VERIFIED_TTL_MS;
    if (!fresh) {
      if (!(await verifySecret(key.secret, record.secretHash))) return null;
      if (this.verified.size > 10_000) this.verified.clear();
      this.verified.set(id, { secretHash: record.secretHash, at: Date.now() });
    }
    this.recent.delete(record.keyId);
    this.recent.set(record.keyId, Date.now());
    if (this.recent.size > 50) this.recent.delete(this.recent.keys().next().value!);
    return { workspaceId: record.workspaceId, role: record.role, keyId: record.keyId };
  }

  /** The onRequest hook: resolves the principal and enforces the route's access level. */
  hook = async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    request.principal = null;
    const access = request.routeOptions.config.access ?? 'viewer';
    const token = bearerToken(request.headers.authorization);
    if (token) request.principal = await this.authenticate(token);
    if (access === 'public') return;
    if (!token)
      throw new ApiError(401, 'unauthorized', 'sign in: send "Authorization: Bearer <api key>"');
    if (!request.principal)
      throw new ApiError(401, 'unauthorized', 'the API key or session is invalid or revoked');
    if (access === 'admin' && request.principal.role !== 'admin')
      throw new ApiError(403, 'forbidden', 'this needs an admin key; viewer keys are read-only');
  };
}

/** The token of an `Authorization: Bearer <token>` header (the scheme is case-insensitive, RFC 7235). */
export function bearerToken(header: string | undefined): string | null {
  const match = header === undefined ? null : /^bearer +(\S+) *$/i.exec(header);
  return match ? match[1]! : null;
}

/** The principal of an authenticated route (the hook guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new ApiError(401, 'unauthorized', 'not signed in');
  return request.principal;
}
