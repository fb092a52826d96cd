import { describe, expect, it } from 'vitest';
import { ConfigError, DataError } from '../model/errors.ts';
import { StoreBusyError } from '../store/lock-retry.ts';
import { CliError } from './cli-error.ts';
import { describeFailure, EXIT, internalFailure } from './failure.ts';

function systemError(code: string, fields: Record<string, unknown>): Error {
  return Object.assign(new Error(`${code}: system error`), { code, ...fields });
}

describe('describeFailure', () => {
  it('passes user errors through with their exit code', () => {
    expect(describeFailure(new CliError('--port must be a number'))).toEqual({
      message: '--port must be a number',
      exitCode: EXIT.failed,
    });
    expect(describeFailure(new CliError('3 problems', EXIT.rejected))?.exitCode).toBe(2);
    expect(describeFailure(new DataError('no rate for EUR'))?.exitCode).toBe(EXIT.failed);
    expect(describeFailure(new ConfigError('NORTHSTAR_DUCKDB_MEMORY must be a size'))).toEqual({
      message: 'NORTHSTAR_DUCKDB_MEMORY must be a size',
      exitCode: EXIT.failed,
    });
  });

  it('names the file and the reason of a file the system refused', () => {
    for (const [code, reason] of [
      ['ENOENT', 'no such file or directory'],
      ['EACCES', 'permission denied'],
      ['EISDIR', 'it is a directory, not a file'],
    ] as const) {
      const failure = describeFailure(systemError(code, { path: 'data/customers.csv' }));
      expect(failure?.exitCode, code).toBe(EXIT.noInput);
      expect(failure?.message).toMatch(
        `cannot open data/customers.csv: ${reason}.\nCheck the path`,
      );
    }
  });

  it('says where a connection failed and what to check', () => {
    const failure = describeFailure(
      systemError('ECONNREFUSED', { address: '10.0.0.5', port: 5432 }),
    );
    expect(failure?.exitCode).toBe(EXIT.unavailable);
    expect(failure?.message).toMatch(/^cannot connect to 10\.0\.0\.5:5432: connection refused\.\n/);
  });

  it('explains a busy database and a file DuckDB cannot use', () => {
    expect(describeFailure(new StoreBusyError('the database is in use'))?.exitCode).toBe(
      EXIT.unavailable,
    );
    const io = describeFailure(
      new Error('IO Error: Cannot open file "x.duckdb": Permission denied'),
    );
    expect(io?.exitCode).toBe(EXIT.noInput);
    expect(io?.message).toMatch(/^cannot use the database: Cannot open file "x\.duckdb"/);
  });

  it('says what to check when PostgreSQL refuses the login or has no such database', () => {
    for (const code of ['28P01', '3D000']) {
      const refused = systemError(code, { severity: 'FATAL' });
      refused.message = 'password authentication failed for user "northstar"';
      const failure = describeFailure(refused);
      expect(failure?.exitCode, code).toBe(EXIT.noInput);
      expect(failure?.message).toMatch(/^cannot use the database: password .*\n.*--database-url/);
    }
  });

  it('leaves anything else to internalFailure', () => {
    expect(describeFailure(new TypeError('x is undefined'))).toBeNull();
    expect(describeFailure('a string')).toBeNull();
    const bug = internalFailure(new TypeError('x is undefined'));
    expect(bug.exitCode).toBe(EXIT.internal);
    expect(bug.message).toMatch(
      /^internal error [0-9a-f]{8}: .*\nTypeError: x is undefined\n\s+at /,
    );
  });
});
