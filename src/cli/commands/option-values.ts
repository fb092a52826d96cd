import { dayProblem } from '../../model/day.ts';
import { CliError } from '../context.ts';

/** Option values the goals, alerts and report commands parse; each error names its flag. */

/** `5%` → 0.05; a plain number stays as typed. */
export function parseNumber(text: string, flag: string): number {
  const trimmed = text.trim();
  const percent = trimmed.endsWith('%');
  const value = Number(percent ? trimmed.slice(0, -1) : trimmed);
  if (trimmed === '' || !Number.isFinite(value))
    throw new CliError(`${flag} "${text}" is not a number`);
  return percent ? value / 100 : value;
}

/** `30m`, `6h`, `2d` or plain minutes. */
export function parseMinutes(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhd]?)$/.exec(text.trim());
  if (!m) throw new CliError(`${flag} "${text}" is not a duration such as 30m, 6h or 2d`);
  const unit = m[2] === 'h' ? 60 : m[2] === 'd' ? 1440 : 1;
  return Number(m[1]) * unit;
}

/** A comma-separated option value as its trimmed, non-empty items. */
export function list(text: string | undefined): string[] {
  return (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A `YYYY-MM-DD` option value; an impossible date (2027-02-30) is an error naming the flag. */
export function isoDate(text: string, flag: string): string {
  const problem = dayProblem(text);
  if (problem !== null) throw new CliError(`${flag} ${problem}`);
  return text;
}
