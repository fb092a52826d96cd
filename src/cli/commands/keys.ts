import type { Command } from 'commander';
import { API_KEY_ROLES, isPasswordRecord, newApiKey } from '../../auth/keys.ts';
import type { ApiKeyRole } from '../../store/store.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';
import { renderTable } from '../format.ts';

export function registerKeysCommand(program: Command, global: () => GlobalOptions): void {
  const keys = program
    .command('keys')
    .description('API keys for the HTTP API and the dashboard: create, list, revoke');

  keys
    .command('create')
    .description('create a key; its secret is printed once and stored only as a hash')
    .requiredOption('--role <role>', `what it may do: ${API_KEY_ROLES.join(' or ')} (read-only)`)
    .option('--label <text>', 'a note to recognise it by')
    .option('--quiet', 'print only the key')
    .action(async (options: { role: string; label?: string; quiet?: boolean }) => {
      if (!(API_KEY_ROLES as readonly string[]).includes(options.role))
        throw new CliError(`--role must be ${API_KEY_ROLES.join(' or ')}`);
      const { workspace } = global();
      const created = await newApiKey({
        workspaceId: workspace,
        role: options.role as ApiKeyRole,
        label: options.label ?? null,
      });
      await withStore(global(), (store) => store.createApiKey(created.record));
      if (options.quiet) return void process.stdout.write(`${created.token}\n`);
      process.stdout.write(
        `${created.token}\n\nKey ${created.record.keyId} (${created.record.role}) for workspace "${workspace}". ` +
          'Copy it now: it is not shown again. Use it as "Authorization: Bearer <key>".\n',
      );
    });

  keys
    .command('list')
    .description("the workspace's keys (ids, roles, labels; never secrets)")
    .option('--format <format>', 'table or json', 'table')
    .action(async (options: { format: string }) => {
      const records = await withStore(global(), (store) => store.listApiKeys(global().workspace));
      const rows = records.map((k) => ({
        key_id: isPasswordRecord(k) ? '(admin password)' : k.keyId,
        role: k.role,
        label: k.label,
        created_at: k.createdAt,
      }));
      if (options.format === 'json')
        return void process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      if (rows.length === 0)
        return void process.stdout.write('No keys yet: northstar keys create --role viewer\n');
      process.stdout.write(
        `${renderTable(
          ['key_id', 'role', 'label', 'created_at'],
          rows.map((r) => [r.key_id, r.role, r.label ?? '', r.created_at]),
        )}\n`,
      );
    });

  keys
    .command('revoke')
    .description('revoke a key by its id (takes effect on the next request)')
    .argument('<key-id>', 'the id shown by `northstar keys list`')
    .action(async (keyId: string) => {
      const removed = await withStore(global(), (store) =>
        store.deleteApiKey(global().workspace, keyId),
      );
      if (!removed) throw new CliError(`no key "${keyId}" in workspace "${global().workspace}"`);
      process.stdout.write(`Key ${keyId} revoked.\n`);
    });
}
