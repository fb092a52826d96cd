import { IMPORT_KINDS, type ImportKind } from '../../model/kinds.ts';
import { parseImportBuffer } from '../../ingest/index.ts';
import { plural } from '../../model/plural.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { StringEnum, Type } from '../typebox.ts';

/** How many row problems one response lists (the total is always given). */
const SHOWN_ISSUES = 500;

export function importRoutes(app: Api, ctx: ApiContext): void {
  app.post(
    '/imports/:kind',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['imports'],
        summary: 'Import a CSV or XLSX file of one kind (multipart field "file"); atomic',
        description:
          'Validates every row exactly as `northstar import` does. If any row is invalid nothing is written and the response is 422 `import_invalid` with every problem (row as a spreadsheet shows it, column, reason). Re-importing the same keys updates rows.',
        consumes: ['multipart/form-data'],
        params: Type.Object({ kind: StringEnum(IMPORT_KINDS) }),
        querystring: Type.Object({
          dry_run: Type.Boolean({ default: false, description: 'validate only, write nothing' }),
          decimal: StringEnum(['auto', '.', ','], {
            default: 'auto',
          }),
        }),
        response: withErrors(
          {
            200: Type.Object({
              kind: Type.String(),
              file: Type.String(),
              rows: Type.Integer(),
              inserted: Type.Integer(),
              updated: Type.Integer(),
              dry_run: Type.Boolean(),
              format: Type.Record(Type.String(), Type.String()),
            }),
            422: Type.Ref('Error'),
          },
          [400, 401, 403, 413, 415],
        ),
      },
    },
    async (request) => {
      const kind = request.params.kind as ImportKind;
      const { dry_run: dryRun, decimal } = request.query;
      const workspaceId = principalOf(request).workspaceId;
      if (!request.isMultipart())
        throw new ApiError(
          415,
          'unsupported_media_type',
          'send multipart/form-data with a "file" field',
        );
      const part = await request.file();
      if (!part) throw new ApiError(400, 'bad_request', 'the multipart body has no "file" field');
      const data = await part.toBuffer();
      const fileName = part.filename || `${kind}.csv`;
      return ctx.gate.run(async (store) => {
        const settings = await store.workspace(workspaceId);
        const parsed = await parseImportBuffer(kind, fileName, data, {
          timeZone: settings.timeZone,
          decimal,
        });
        if (parsed.issues.length > 0) {
          throw new ApiError(
            422,
            'import_invalid',
            `${fileName}: ${plural(parsed.issues.length, 'problem')} in ${plural(parsed.totalRows, 'row')}; nothing was imported`,
            {
              issues: parsed.issues.slice(0, SHOWN_ISSUES),
              total_issues: parsed.issues.length,
              total_rows: parsed.totalRows,
            },
          );
        }
        const result = dryRun
          ? { inserted: 0, updated: 0 }
          : await store.upsert(workspaceId, kind, parsed.rows);
        // Alert rules are evaluated on the new data once this operation has closed the store.
        if (!dryRun) ctx.afterWrite(workspaceId);
        return {
          kind,
          file: fileName,
          rows: parsed.rows.length,
          inserted: result.inserted,
          updated: result.updated,
          dry_run: dryRun,
          format: Object.fromEntries(Object.entries(parsed.format).map(([k, v]) => [k, String(v)])),
        };
      });
    },
  );
}
