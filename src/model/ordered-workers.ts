import { parentPort, type Worker } from 'node:worker_threads';
import { DataError } from './errors.ts';
import { startModuleWorker } from './module-worker.ts';

/** What a worker of `onWorkersInOrder` answers a task with. */
export type WorkerReply<R> =
  { readonly ok: R } | { readonly error: string; readonly dataError: boolean };

/** The reply to a task that threw `error`: a problem in the data stays one across threads. */
export function errorReply(error: unknown): WorkerReply<never> {
  return {
    error: error instanceof Error ? error.message : String(error),
    dataError: error instanceof DataError,
  };
}

/**
 * Runs `tasks` on `threads` worker threads of the module `name` beside `base` (an
 * `import.meta.url`) and yields each task with its reply, in task order, as they are
 * ready: task i goes to worker i mod threads, and no more than `threads` + `ahead` tasks
 * are out at once, so a long stream of large tasks holds a few in memory, not all.
 * With `ahead` 1, the next task is sent before a reply is yielded: a worker does not wait
 * while the caller handles the reply (small tasks whose replies take the caller a while).
 * `transfer` names the buffers a task gives away (moved, not copied: the task's other
 * fields stay usable here). The workers stop when the caller stops reading. A worker
 * answers each message with a WorkerReply; an error reply is thrown here.
 */
export async function* onWorkersInOrder<T, R>(
  base: string,
  name: string,
  tasks: AsyncIterable<T>,
  threads: number,
  transfer: (task: T) => ArrayBuffer[] = () => [],
  ahead = 0,
): AsyncGenerator<{ task: T; reply: R }> {
  const workers = Array.from({ length: Math.max(1, threads) }, () =>
    inOrder<R>(startModuleWorker(base, name)),
  );
  const out: { task: T; reply: Promise<R> }[] = [];
  const next = async () => {
    const { task, reply } = out.shift()!;
    return { task, reply: await reply };
  };
  try {
    let sent = 0;
    for await (const task of tasks) {
      if (out.length === workers.length + ahead) yield await next();
      const reply = workers[sent++ % workers.length]!.ask(task, transfer(task));
      // Awaited in order below; an early failure must not go unhandled meanwhile.
      reply.catch(() => {});
      out.push({ task, reply });
    }
    while (out.length > 0) yield await next();
  } finally {
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}

/**
 * A worker asked tasks one after another: it answers its messages in order, so its
 * replies settle the waiting asks first in, first out; an error or exit fails them all.
 */
function inOrder<R>(worker: Worker) {
  const waiting: { resolve: (reply: R) => void; reject: (error: Error) => void }[] = [];
  const failAll = (error: Error) => {
    for (const ask of waiting.splice(0)) ask.reject(error);
  };
  worker.on('message', (message: WorkerReply<R>) => {
    const ask = waiting.shift();
    if (!ask) return;
    if ('error' in message)
      ask.reject(message.dataError ? new DataError(message.error) : new Error(message.error));
    else ask.resolve(message.ok);
  });
  worker.on('error', failAll);
  worker.on('exit', (code) => failAll(new Error(`a worker stopped (exit code ${code})`)));
  return {
    worker,
    ask(task: unknown, transfer: ArrayBuffer[]): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        waiting.push({ resolve, reject });
        worker.postMessage(task, transfer);
      });
    },
  };
}

/**
 * The worker's side of `onWorkersInOrder`: answers each task it is sent with what `work`
 * makes of it, or with its error, one task at a time in the order they came. `transfer`
 * names the buffers a reply gives away (moved, not copied).
 */
export function answerTasks<T, R>(
  work: (task: T) => R | Promise<R>,
  transfer: (reply: R) => ArrayBuffer[] = () => [],
): void {
  let previous = Promise.resolve();
  parentPort!.on('message', (task: T) => {
    previous = previous.then(async () => {
      let reply: WorkerReply<R>;
      let moved: ArrayBuffer[] = [];
      try {
        const ok = await work(task);
        reply = { ok };
        moved = transfer(ok);
      } catch (error) {
        reply = errorReply(error);
      }
      parentPort!.postMessage(reply, moved);
    });
  });
}
