import type { Worker } from 'node:worker_threads';
import { DataError } from './errors.ts';
import { startModuleWorker } from './module-worker.ts';

/** What a worker of `onWorkersInOrder` answers a task with. */
export type WorkerReply<R> =
  { readonly ok: R } | { readonly error: string; readonly dataError: boolean };

/**
 * How long a returned worker waits for its next caller before it stops. A worker started
 * afresh loads its modules and runs the engine unoptimised until V8 has compiled it again:
 * at 1M customers a full recompute on two fresh workers took 3.1 s, on two kept ones
 * 2.5 s. A server's computations come in bursts (a breakdown, then its segments); an idle
 * process gives the memory back after this long.
 */
export const IDLE_WORKER_MS = 30_000;

/**
 * A worker asked tasks one after another: it answers its messages in order, so its
 * replies settle the waiting asks first in, first out; an error or exit fails them all.
 */
export interface PooledWorker {
  readonly worker: Worker;
  /** Tasks sent and not answered yet. */
  readonly pending: () => number;
  ask<R>(task: unknown, transfer: ArrayBuffer[]): Promise<R>;
}

/** The idle workers of each worker module, by the module's URL. */
const idle = new Map<string, PooledWorker[]>();
/** The timer that stops each idle worker. */
const stopTimers = new WeakMap<PooledWorker, NodeJS.Timeout>();

const moduleKey = (base: string, name: string) => new URL(`./${name}`, base).href;

/**
 * `count` workers of the module `name` beside `base` (an `import.meta.url`): idle ones
 * returned by an earlier caller first, then new ones. They are the caller's alone until
 * it gives them back (`returnWorkers`), and keep the process alive meanwhile.
 */
export function takeWorkers(base: string, name: string, count: number): PooledWorker[] {
  const waiting = idle.get(moduleKey(base, name)) ?? [];
  const taken = waiting.splice(0, count);
  for (const pooled of taken) {
    clearTimeout(stopTimers.get(pooled));
    pooled.worker.ref();
  }
  while (taken.length < count) taken.push(pooled(startModuleWorker(base, name)));
  return taken;
}

/**
 * Gives workers back: each waits IDLE_WORKER_MS for the next caller (without keeping the
 * process alive), then stops. A worker still busy with tasks (its caller stopped reading
 * early, or failed) is stopped at once, so no caller waits behind another's leftovers.
 */
export async function returnWorkers(
  base: string,
  name: string,
  workers: readonly PooledWorker[],
): Promise<void> {
  const key = moduleKey(base, name);
  const stopping: Promise<number>[] = [];
  for (const pooled of workers) {
    if (pooled.pending() > 0 || pooled.worker.threadId < 0) {
      stopping.push(pooled.worker.terminate());
      continue;
    }
    pooled.worker.unref();
    const waiting = idle.get(key) ?? [];
    waiting.push(pooled);
    idle.set(key, waiting);
    const timer = setTimeout(() => {
      const at = waiting.indexOf(pooled);
      if (at >= 0) waiting.splice(at, 1);
      void pooled.worker.terminate();
    }, IDLE_WORKER_MS);
    timer.unref();
    stopTimers.set(pooled, timer);
  }
  await Promise.all(stopping);
}

/** Stops every idle worker now (the timers would, later). */
export async function stopIdleWorkers(): Promise<void> {
  const all = [...idle.values()].flatMap((waiting) => waiting.splice(0));
  for (const pooled of all) clearTimeout(stopTimers.get(pooled));
  await Promise.all(all.map((pooled) => pooled.worker.terminate()));
}

/** The number of idle workers kept for the module `name` beside `base`. */
export function idleWorkerCount(base: string, name: string): number {
  return idle.get(moduleKey(base, name))?.length ?? 0;
}

function pooled(worker: Worker): PooledWorker {
  const waiting: { resolve: (reply: unknown) => void; reject: (error: Error) => void }[] = [];
  const failAll = (error: Error) => {
    for (const ask of waiting.splice(0)) ask.reject(error);
  };
  const self: PooledWorker = {
    worker,
    pending: () => waiting.length,
    ask<R>(task: unknown, transfer: ArrayBuffer[]): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ resolve: resolve as (reply: unknown) => void, reject });
        worker.postMessage(task, transfer);
      });
    },
  };
  worker.on('message', (message: WorkerReply<unknown>) => {
    const ask = waiting.shift();
    if (!ask) return;
    if ('error' in message)
      ask.reject(message.dataError ? new DataError(message.error) : new Error(message.error));
    else ask.resolve(message.ok);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => {
    // A stopped worker is never handed out again.
    for (const list of idle.values()) {
      const at = list.indexOf(self);
      if (at >= 0) list.splice(at, 1);
    }
    failAll(new Error(`a worker stopped (exit code ${code})`));
  });
  return self;
}
