import { runCli } from './run.ts';

const code = await runCli(process.argv.slice(2));
// A command that succeeded ends when its work is done; a failure ends now, with its code.
if (code !== 0) process.exit(code);
