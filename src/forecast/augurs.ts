import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { initSync as initEts } from '@bsull/augurs/ets';
import { initSync as initMstl } from '@bsull/augurs/mstl';

/**
 * augurs ships one WebAssembly file per module. Its default `init()` fetches the file by URL,
 * which Node 20's fetch cannot do for file: URLs, so the bytes are read from the installed
 * package and compiled synchronously, once per process.
 */
const require = createRequire(import.meta.url);
const ready = new Set<string>();

function wasmBytes(module: 'ets' | 'mstl'): Buffer {
  return readFileSync(require.resolve(`@bsull/augurs/${module}`).replace(/\.js$/, '_bg.wasm'));
}

export function ensureAugurs(module: 'ets' | 'mstl'): void {
  if (ready.has(module)) return;
  if (module === 'ets') initEts({ module: wasmBytes('ets') });
  else initMstl({ module: wasmBytes('mstl') });
  ready.add(module);
}
