/**
 * Every API error is JSON `{ "error": { "code", "message" } }` (plus `issues` for a
 * rejected import). Codes are stable: clients branch on them, never on messages.
 */
export const ERROR_CODES = [
  'bad_request',
  'validation_failed',
  'unauthorized',
  'forbidden',
  'not_found',
  'unknown_metric',
  'invalid_range',
  'import_invalid',
  'invalid_signature',
  'not_configured',
  'payload_too_large',
  'unsupported_media_type',
  'conflict',
  'rate_limited',
  'store_busy',
  'data_error',
  'too_many_rows',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class ApiError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string } & Record<string, unknown>;
}

export function errorBody(
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
): ErrorBody {
  return { error: { code, message, ...extra } };
}
