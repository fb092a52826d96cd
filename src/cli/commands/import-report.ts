import type { ImportIssue, ImportKind } from '../../model/kinds.ts';
import { IMPORT_KINDS } from '../../model/kinds.ts';
import { didYouMean } from '../../model/suggest.ts';
import {
  CUSTOMER_REFERENCES,
  unknownCustomers,
  type UnknownCustomers,
} from '../../ingest/references.ts';
import type { Store } from '../../store/store.ts';
import { CliError } from '../context.ts';
import { plural } from '../../model/plural.ts';

/**
 * What the import commands (`import`, `import --map`, `import-from`) tell a person: the
 * problems that stop an import, and the warnings about what landed.
 */

/** How many row problems are printed before the rest is summarized. */
const SHOWN_ISSUES = 50;
/** Unknown customer ids named in the warning. */
const SHOWN_IDS = 5;

/** The kind named on the command line, or an error suggesting the nearest one. */
export function importKind(kind: string): ImportKind {
  if ((IMPORT_KINDS as readonly string[]).includes(kind)) return kind as ImportKind;
  throw new CliError(
    `unknown kind "${kind}"${didYouMean(kind, IMPORT_KINDS)}; one of ${IMPORT_KINDS.join(', ')}`,
  );
}

/** Every problem with file, row, column and reason; exit 2 (nothing was written). */
export function issuesError(
  file: string,
  issues: readonly ImportIssue[],
  totalRows: number,
): CliError {
  const only = issues[0];
  if (issues.length === 1 && totalRows === 0 && only !== undefined && only.column === null) {
    // A problem of the file itself (not text, empty, old .xls): one line says it.
    return new CliError(`${file}: ${only.reason}; nothing was imported.`, 2);
  }
  const lines = issues
    .slice(0, SHOWN_ISSUES)
    .map((i) => `  ${i.file}:${i.row}${i.column ? ` [${i.column}]` : ''}: ${i.reason}`);
  const more = issues.length > SHOWN_ISSUES ? `\n  … and ${issues.length - SHOWN_ISSUES} more` : '';
  return new CliError(
    `${file}: ${plural(issues.length, 'problem')} in ${plural(totalRows, 'row')}; nothing was imported.\n${lines.join('\n')}${more}`,
    2,
  );
}

export function warn(text: string): void {
  process.stderr.write(`northstar: warning: ${text}\n`);
}

/** A file with a header and no rows imports nothing: probably the wrong file. */
export function warnIfNoRows(file: string, totalRows: number): boolean {
  if (totalRows > 0) return false;
  warn(`${file} has a header but no data rows: nothing was imported.`);
  return true;
}

/** Warns about rows naming customers the workspace does not have (they are imported). */
export async function warnUnknownCustomers(
  store: Store,
  workspaceId: string,
  file: string,
  kind: ImportKind,
  customerIds: Iterable<string | null>,
): Promise<void> {
  if (!CUSTOMER_REFERENCES.includes(kind)) return;
  const known = new Set(await store.customerIds(workspaceId));
  warnUnknown(file, kind, unknownCustomers(customerIds, known));
}

/** The warning about rows naming customers the workspace does not have, if there are any. */
export function warnUnknown(file: string, kind: ImportKind, unknown: UnknownCustomers): void {
  if (unknown.rows === 0) return;
  const shown = unknown.ids.slice(0, SHOWN_IDS).join(', ');
  const more = unknown.ids.length > SHOWN_IDS ? ', …' : '';
  warn(
    `${file}: ${plural(unknown.rows, `${kind} row`)} ${unknown.rows === 1 ? 'names' : 'name'} ${plural(unknown.ids.length, 'customer')} ` +
      `not in this workspace's customers (${shown}${more}); imported anyway. ` +
      'Check the ids, or import a customers file that has them.',
  );
}

/**
 * Imported rows are the user's: a workspace the demo filled stops being a demo, so a later
 * `northstar demo` refuses to replace it without --replace.
 */
export async function markImported(store: Store, workspaceId: string): Promise<void> {
  if ((await store.workspace(workspaceId)).demo === true)
    await store.updateWorkspace(workspaceId, { demo: false });
}
