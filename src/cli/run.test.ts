import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runNorthstar } from '../../test/cli/run-cli.ts';
import { COMMANDS } from './command-table.ts';

const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

describe('the command table', () => {
  it('names and describes each command as its module registers it', async () => {
    for (const entry of COMMANDS) {
      const program = new Command('northstar');
      (await entry.load())(program, () => ({ workspace: 'default' }));
      const registered = program.commands.find((c) => c.name() === entry.name);
      expect(registered, `${entry.name} is registered by its module`).toBeDefined();
      expect(registered!.description(), entry.name).toBe(entry.description);
    }
  });

  it('lists every command its modules register', async () => {
    const registered = new Set<string>();
    for (const entry of COMMANDS) {
      const program = new Command('northstar');
      (await entry.load())(program, () => ({ workspace: 'default' }));
      for (const command of program.commands) registered.add(command.name());
    }
    expect([...registered].sort()).toEqual(COMMANDS.map((c) => c.name).sort());
  });
  it('has an entry for every register function in src/cli/commands/', async () => {
    const loaded = new Set(await Promise.all(COMMANDS.map((entry) => entry.load())));
    const files = readdirSync(new URL('./commands/', import.meta.url)).filter(
      (f) => f.endsWith('.ts') && !f.endsWith('.test.ts'),
    );
    for (const file of files) {
      const module = (await import(`./commands/${file}`)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module))
        if (name.startsWith('register') && typeof value === 'function')
          expect(loaded.has(value as never), `${file}: ${name} in command-table.ts`).toBe(true);
    }
  });
});

describe('northstar help and version', () => {
  it('prints the version of package.json', async () => {
    for (const flag of ['--version', '-v']) {
      const result = await runNorthstar(flag);
      expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('lists every command with its description', async () => {
    const result = await runNorthstar('--help');
    expect(result.code).toBe(0);
    for (const entry of COMMANDS) expect(result.stdout).toMatch(new RegExp(`\\n  ${entry.name} `));
  });

  it("shows a command's own options for `<command> --help` and `help <command>`", async () => {
    for (const args of [
      ['import', '--help'],
      ['help', 'import'],
    ]) {
      const result = await runNorthstar(...args);
      expect(result.code, args.join(' ')).toBe(0);
      expect(result.stdout).toContain('Usage: northstar import [options] <kind> <file>');
      expect(result.stdout).toContain('--dry-run');
    }
    const sub = await runNorthstar('goals', 'add', '--help');
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('Usage: northstar goals add');
  });

  it('loads no database, server, spreadsheet or Stripe package for --help', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '--import',
      './test/cli/import-log.js',
      'src/cli/main.ts',
      '--help',
    ]);
    expect(stdout).toContain('Usage: northstar');
    const imported = new Set([...stderr.matchAll(/^imported (.+)$/gm)].map((m) => m[1]));
    expect(imported).toContain('commander');
    for (const heavy of [
      'exceljs',
      'stripe',
      '@duckdb/node-api',
      'fastify',
      'pg',
      '@sinclair/typebox',
    ])
      expect(imported, heavy).not.toContain(heavy);
  });
});

describe('a bug in a command', () => {
  afterEach(() => vi.doUnmock('./commands/presets.ts'));

  it('exits 70 with an id, the message and the stack', async () => {
    vi.doMock('./commands/presets.ts', () => ({
      registerPresetsCommand: (program: Command) =>
        program.command('presets').action(() => {
          throw new TypeError('something was undefined');
        }),
    }));
    const result = await runNorthstar('presets');
    expect(result.code).toBe(70);
    expect(result.stderr).toMatch(/^northstar: internal error [0-9a-f]{8}: this is a bug/);
    expect(result.stderr).toContain('TypeError: something was undefined');
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
