/** A problem in the user's data (not a bug): surfaces show its message, without a stack trace. */
export class DataError extends Error {}

/**
 * A setting the user gave that cannot be used (an environment variable's or a connection
 * string's value): surfaces show its message, without a stack trace.
 */
export class ConfigError extends Error {}
