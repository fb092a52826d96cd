import v8 from 'node:v8';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker thread running the module `name` beside `base` (an `import.meta.url`): the
 * compiled `.js` when running compiled, else the `.ts` source.
 */
export function startModuleWorker(base: string, name: string, options: WorkerOptions = {}): Worker {
  return startWorkerOn(new URL(`./${name}${base.endsWith('.ts') ? '.ts' : '.js'}`, base), options);
}

/**
 * A worker thread running the module at `url`. From source (run through tsx) the worker
 * registers tsx itself, since Node 20 does not hand a parent's module hooks to worker
 * threads.
 */
export function startWorkerOn(url: URL, options: WorkerOptions = {}): Worker {
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const tsx = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { ...options, eval: true });
}

/**
 * Workers started from now on compile their hot functions on their own thread rather than
 * queueing them for V8's background threads, which every thread of the process shares
 * (with garbage collection). For a process that runs one long computation and ends (a CLI
 * command), most likely because a new worker runs the engine unoptimised until those
 * compilations land (measured, not traced): at 1M customers `northstar metrics` from the
 * rows took 3.57–3.81 s this way against 3.91–4.24 s (5.3–5.5 s of user CPU against
 * 6.0–6.5 s). Not for a server: its workers' first short jobs wait for each compilation
 * instead of running on meanwhile (the first overview at 1M took 1.1 s against 0.6–0.7 s,
 * the first write's fresh overview 1.1–1.4 s against 0.65–0.8 s). V8 reads the flag when
 * an isolate starts, so the threads already running keep theirs.
 */
export function compileOnWorkerThreads(): void {
  v8.setFlagsFromString('--no-concurrent-recompilation');
}
