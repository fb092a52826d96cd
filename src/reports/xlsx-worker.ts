import { answerTasks } from '../model/ordered-workers.ts';
import type { XlsxTask } from './table-xlsx.ts';
import { tableWorkbook } from './xlsx.ts';

/**
 * A worker thread of tableXlsx: builds each table it is sent as an XLSX file and sends the
 * bytes back, moved, not copied.
 */
answerTasks(
  async ({ table, rowsJson }: XlsxTask) => {
    const rows = rowsJson.flatMap((json) => JSON.parse(json) as (string | number | null)[][]);
    const workbook = await tableWorkbook({ ...table, rows });
    return new Uint8Array(await workbook.xlsx.writeBuffer());
  },
  (bytes) => [bytes.buffer as ArrayBuffer],
);
