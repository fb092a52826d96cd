/** A problem in the user's data (not a bug): surfaces show its message, without a stack trace. */
export class DataError extends Error {}
