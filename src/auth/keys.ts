import { createHash, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { ApiKeyRecord, ApiKeyRole } from '../store/store.ts';

/**
 * API keys and the local admin password. A key reads `ns_<keyId>_<secret>`: the key id is
 * public (listed, used for lookup), the secret is shown once and only its scrypt hash is
 * stored. The admin password is stored the same way, as a key record with a reserved id
 * that can never be presented as a bearer key (key ids of real keys are hex).
 */

export const API_KEY_ROLES = ['admin', 'viewer'] as const satisfies readonly ApiKeyRole[];

const KEY_PATTERN = /^ns_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;
const PASSWORD_KEY_PREFIX = 'admin-password:';
/** scrypt cost: N=2^14, r=8, p=1 (node's defaults, ~40 ms), 32-byte output. */
const SCRYPT = { N: 16_384, r: 8, p: 1 } as const;
const HASH_BYTES = 32;
export const MIN_PASSWORD_LENGTH = 10;

export interface NewApiKey {
  /** The full secret, to show once. */
  readonly token: string;
  readonly record: ApiKeyRecord;
}

export function passwordKeyId(workspaceId: string): string {
  return `${PASSWORD_KEY_PREFIX}${workspaceId}`;
}

export function isPasswordRecord(record: ApiKeyRecord): boolean {
  return record.keyId.startsWith(PASSWORD_KEY_PREFIX);
}

/** Splits a presented bearer token into its key id and secret; null when it is not a key. */
export function parseApiKey(token: string): { keyId: string; secret: string } | null {
  const match = KEY_PATTERN.exec(token);
  return match ? { keyId: match[1]!, secret: match[2]! } : null;
}

export async function newApiKey(options: {
  workspaceId: string;
  role: ApiKeyRole;
  label?: string | null;
}): Promise<NewApiKey> {
  const keyId = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return {
    token: `ns_${keyId}_${secret}`,
    record: {
      keyId,
      workspaceId: options.workspaceId,
      role: options.role,
      secretHash: await hashSecret(secret),
      label: options.label ?? null,
      createdAt: new Date().toISOString(),
    },
  };
}

export async function passwordRecord(workspaceId: string, password: string): Promise<ApiKeyRecord> {
  return {
    keyId: passwordKeyId(workspaceId),
    workspaceId,
    role: 'admin',
    secretHash: await hashSecret(password),
    label: 'local admin password',
    createdAt: new Date().toISOString(),
  };
}

function scryptAsync(secret: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, HASH_BYTES, { ...options, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** `scrypt$N$r$p$salt$hash` (salt and hash in base64url). */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(secret, salt, SCRYPT);
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    hash.toString('base64url'),
  ].join('$');
}

/** Constant-time comparison of a presented secret with a stored hash. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scryptAsync(secret, Buffer.from(salt, 'base64url'), {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A one-way digest for in-memory lookups (session tokens, verified-key cache). */
export function digest(text: string): string {
  return createHash('sha256').update(text).digest('base64url');
}

export function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}
