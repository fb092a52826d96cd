/**
 * Dates as exports write them. CRMs and form tools write the user's locale ("3/5/2024
 * 14:22", "05/03/2024"), a format string says which, and "auto" decides per column
 * (a first number above 12 means day first). The output is ISO 8601 text that canonical
 * validation then reads in the workspace's zone (an offset or Z is kept when present).
 */

export type DateOrder = 'MDY' | 'DMY' | 'YMD';

const NUMERIC =
  /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?\s*([AaPp][Mm])?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;
const ISO = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** A format string such as "DD/MM/YYYY HH:mm" → the order of its date parts. */
export function orderOfFormat(format: string): DateOrder | null {
  const f = format.toUpperCase();
  const y = f.indexOf('Y');
  const m = f.indexOf('M');
  const d = f.indexOf('D');
  if (y < 0 || m < 0 || d < 0) return null;
  if (y < m && m < d) return 'YMD';
  if (d < m) return 'DMY';
  return 'MDY';
}

/** Day-first or month-first, from the values of a column: any first part above 12 means day first. */
export function detectOrder(values: readonly string[]): DateOrder {
  for (const value of values) {
    const m = NUMERIC.exec(value.trim());
    if (!m) continue;
    if (m[1]!.length === 4) return 'YMD';
    if (Number(m[1]) > 12) return 'DMY';
  }
  return 'MDY';
}

const pad = (n: number | string, width = 2): string => String(n).padStart(width, '0');

/**
 * ISO text of a date as written, or an error text. `utc` marks values known to be UTC
 * (a "(UTC)" column header) so they are not read in the reporting zone.
 */
export function toIsoText(text: string, order: DateOrder, utc = false): string | { error: string } {
  const value = text.trim();
  if (value === '') return '';
  if (ISO.test(value))
    return utc && !/(Z|[+-]\d{2}:?\d{2})$/.test(value)
      ? `${value.replace(' ', 'T')}Z`
      : value.replace(' ', 'T');
  const m = NUMERIC.exec(value);
  if (!m)
    return {
      error: `"${text}" is not a date this importer knows (expected e.g. 2024-03-05, 3/5/2024 or 05/03/2024 14:22)`,
    };
  const [a, b, c] = [m[1]!, m[2]!, m[3]!];
  let year: string;
  let month: string;
  let day: string;
  if (order === 'YMD' || a.length === 4) [year, month, day] = [a, b, c];
  else if (order === 'DMY') [day, month, year] = [a, b, c];
  else [month, day, year] = [a, b, c];
  if (year.length === 2) year = `20${year}`;
  if (Number(month) > 12)
    return { error: `"${text}": month ${month} does not exist (is the date format day-first?)` };
  let iso = `${pad(year, 4)}-${pad(month)}-${pad(day)}`;
  if (m[4] !== undefined) {
    let hour = Number(m[4]);
    const meridiem = m[7]?.toLowerCase();
    if (meridiem === 'pm' && hour < 12) hour += 12;
    if (meridiem === 'am' && hour === 12) hour = 0;
    iso += `T${pad(hour)}:${m[5]}:${m[6] ?? '00'}`;
  }
  const offset = m[8];
  if (offset !== undefined) iso += offset;
  else if (utc && m[4] !== undefined) iso += 'Z';
  return iso;
}
