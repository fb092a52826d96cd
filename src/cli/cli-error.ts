/**
 * A user error: printed as `northstar: <message>` without a stack trace. Exit code 1, or
 * the given one (see "Exit codes" in the README).
 */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
