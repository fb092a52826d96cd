import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside `base` (an `import.meta.url`): the
 * compiled `.js` when running compiled, else the `.ts` source. From source (run through
 * tsx) the worker registers tsx itself, since Node 20 does not hand a parent's module
 * hooks to worker threads.
 */
export function startModuleWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  const url = new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base);
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}
