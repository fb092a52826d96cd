// `node --import ./test/cli/import-log.js …` prints `imported <package>` on stderr for every
// package (under node_modules) the process imports: a test that --help stays light reads it.
import { register } from 'node:module';

register(new URL('./import-log-hook.js', import.meta.url));
