import { randomBytes } from 'node:crypto';
import { ConfigError, DataError } from '../model/errors.ts';
import { StoreBusyError } from '../store/lock-retry.ts';
import { CliError } from './cli-error.ts';

/** The CLI's exit codes (documented in the README's "Exit codes" table). */
export const EXIT = {
  ok: 0,
  /** The command could not do what was asked; the message says why. */
  failed: 1,
  /** An input file has problems, each listed; nothing was written. */
  rejected: 2,
  /** Refused because it would delete or overwrite data (`demo`, `copy` without --replace). */
  refused: 3,
  /** Unknown command or option, missing or extra argument. */
  usage: 64,
  /** A file or the database could not be opened or read. */
  noInput: 66,
  /** Something the command needs is busy or unreachable: a port, a locked database, a server. */
  unavailable: 69,
  /** A bug in Northstar: reported with an id and a stack trace. */
  internal: 70,
} as const;

export interface Failure {
  readonly message: string;
  readonly exitCode: number;
}

interface SystemError extends Error {
  code?: string;
  path?: string;
  address?: string;
  port?: number;
}

const FILE_REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory, not a file',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'the file system is read-only',
};

const CONNECT_REASONS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
};

/**
 * The one- or two-line message and exit code of an expected failure (a user error, a
 * missing file, a busy database or port, an unreachable server), or null for anything
 * else: a bug, reported by `internalFailure`.
 */
export function describeFailure(error: unknown): Failure | null {
  if (error instanceof CliError) return { message: error.message, exitCode: error.exitCode };
  if (error instanceof DataError || error instanceof ConfigError)
    return { message: error.message, exitCode: EXIT.failed };
  if (error instanceof StoreBusyError)
    return {
      message: `${error.message}\nWait for the other command to finish (a running \`northstar serve\` holds the file only during a request), then try again.`,
      exitCode: EXIT.unavailable,
    };
  if (!(error instanceof Error)) return null;
  const { code, path } = error as SystemError;
  if (code !== undefined && path !== undefined && code in FILE_REASONS)
    return {
      message: `cannot open ${path}: ${FILE_REASONS[code]}.\nCheck the path (a relative path starts from ${process.cwd()}).`,
      exitCode: EXIT.noInput,
    };
  if (code !== undefined && code in CONNECT_REASONS) {
    const { address, port } = error as SystemError;
    const where = address === undefined ? '' : ` ${address}${port === undefined ? '' : `:${port}`}`;
    return {
      message: `cannot connect to${where}: ${CONNECT_REASONS[code]}.\nIs the server running, and is the address right (for PostgreSQL: --database-url or DATABASE_URL)?`,
      exitCode: EXIT.unavailable,
    };
  }
  // PostgreSQL refusing the login or naming no such database (SQLSTATE classes 28 and 3D).
  const severity = (error as { severity?: string }).severity;
  if (severity === 'FATAL' && code !== undefined && /^(28|3D)/.test(code))
    return {
      message: `cannot use the database: ${error.message}.\nCheck the user, password and database name in --database-url (or DATABASE_URL).`,
      exitCode: EXIT.noInput,
    };
  // DuckDB reports a file it cannot use as "IO Error: …" when the store opens it.
  const io = /^IO Error: (.*)$/s.exec(error.message);
  if (io)
    return {
      message: `cannot use the database: ${io[1]}\nPoint --db (or NORTHSTAR_DB) at a Northstar DuckDB file, or at a new path to create one.`,
      exitCode: EXIT.noInput,
    };
  return null;
}

/** A bug: an id to quote in a report, the message and the stack (for stderr). */
export function internalFailure(error: unknown): Failure {
  const id = randomBytes(4).toString('hex');
  const details = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return {
    message: `internal error ${id}: this is a bug in Northstar, not a problem with your data or command. Please report it with the details below.\n${details}`,
    exitCode: EXIT.internal,
  };
}
