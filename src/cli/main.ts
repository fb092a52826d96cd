import { runCli } from './run.ts';

// A reader that stops early (`northstar metrics | head`) closes the pipe: stop quietly, as
// Unix tools do, rather than crash with a stack trace on the next write to it.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await runCli(process.argv.slice(2));
// A command that succeeded ends when its work is done; a failure ends now, with its code.
if (code !== 0) process.exit(code);
