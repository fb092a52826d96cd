import { parentPort } from 'node:worker_threads';
import { DataError } from './errors.ts';
import { returnWorkers, takeWorkers, type WorkerReply } from './worker-pool.ts';

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
 * fields stay usable here). The workers come from the pool (./worker-pool.ts) and go back
 * to it when the caller stops reading, so the next run finds them started and compiled.
 * A worker answers each message with a WorkerReply; an error reply is thrown here.
 */
export async function* onWorkersInOrder<T, R>(
  base: string,
  name: string,
  tasks: AsyncIterable<T>,
  threads: number,
  transfer: (task: T) => ArrayBuffer[] = () => [],
  ahead = 0,
): AsyncGenerator<{ task: T; reply: R }> {
  const workers = takeWorkers(base, name, Math.max(1, threads));
  const out: { task: T; reply: Promise<R> }[] = [];
  const next = async () => {
    const { task, reply } = out.shift()!;
    return { task, reply: await reply };
  };
  try {
    let sent = 0;
    for await (const task of tasks) {
      if (out.length === workers.length + ahead) yield await next();
      const reply = workers[sent++ % workers.length]!.ask<R>(task, transfer(task));
      // Awaited in order below; an early failure must not go unhandled meanwhile.
      reply.catch(() => {});
      out.push({ task, reply });
    }
    while (out.length > 0) yield await next();
  } finally {
    await returnWorkers(base, name, workers);
  }
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
