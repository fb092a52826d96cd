#!/usr/bin/env node
// The compiled CLI (`npm run build`; a published package ships it). In a clone before a
// build, `npm run northstar -- <command>` runs the TypeScript sources through tsx.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write(
    'northstar: the CLI is not built yet. Run `npm run build` (or `npm run northstar -- <command>` to run the sources).\n',
  );
  process.exit(1);
}
await import(main.href);
