import type { Worker } from 'node:worker_threads';
import { DataError } from '../model/errors.ts';
import { startModuleWorker } from '../model/module-worker.ts';
import type { MrrInputs } from '../store/store.ts';
import type { Shard, ShardOptions } from './shards.ts';

/** What the main thread sends a shard worker, and what comes back. */
export interface ShardTask {
  readonly id: number;
  readonly inputs: MrrInputs;
  readonly options: ShardOptions;
}
export type ShardReply =
  | { readonly id: number; readonly shard: Shard }
  | { readonly id: number; readonly error: string; readonly dataError: boolean };

/**
 * Computes the shards of customer ranges as they arrive (a store's chunked read) on
 * `threads` worker threads, and returns them in arrival order: while the workers compute
 * one range the store reads the next, and no more than `threads` ranges wait in memory
 * beside the ones being computed. Typed arrays move between threads without copying.
 */
export async function computeShardsOnWorkers(
  chunks: AsyncIterable<MrrInputs>,
  options: ShardOptions,
  threads: number,
): Promise<Shard[]> {
  const workers = Array.from({ length: threads }, () =>
    startModuleWorker(import.meta.url, 'shard-worker'),
  );
  const results: Promise<Shard>[] = [];
  const idle: Worker[] = [...workers];
  const waiting: ((worker: Worker) => void)[] = [];
  const release = (worker: Worker) => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const worker = idle.pop();
      if (worker) resolve(worker);
      else waiting.push(resolve);
    });
  const run = (worker: Worker, task: ShardTask) =>
    new Promise<Shard>((resolve, reject) => {
      const onError = (error: Error) => {
        worker.off('message', onMessage);
        reject(error);
      };
      const onMessage = (reply: ShardReply) => {
        worker.off('error', onError);
        release(worker);
        // A problem in the data (a missing exchange rate) stays one across the thread.
        if ('error' in reply)
          reject(reply.dataError ? new DataError(reply.error) : new Error(reply.error));
        else resolve(withSentLists(reply.shard, task.inputs));
      };
      worker.once('message', onMessage);
      worker.once('error', onError);
      const sent = { ...task, inputs: withOwnedColumns(task.inputs) };
      worker.postMessage(sent, transferables(sent.inputs));
    });
  try {
    let id = 0;
    for await (const inputs of chunks) {
      const worker = await acquire();
      const result = run(worker, { id: id++, inputs, options });
      // Rejections are awaited below; an early one must not go unhandled meanwhile.
      result.catch(() => {});
      results.push(result);
    }
    return await Promise.all(results);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * The inputs with every column owning its memory: a view into a larger buffer (a store's
 * read keeps some) would be copied whole to the worker; a tight copy of it moves instead.
 */
function withOwnedColumns(inputs: MrrInputs): MrrInputs {
  const own = <T extends object>(table: T): T =>
    Object.fromEntries(
      Object.entries(table).map(([key, column]) => [
        key,
        (column instanceof Int32Array || column instanceof Float64Array) &&
        column.byteLength !== column.buffer.byteLength
          ? column.slice()
          : column,
      ]),
    ) as T;
  return {
    ...inputs,
    subscriptions: own(inputs.subscriptions),
    invoiceLines: own(inputs.invoiceLines),
    lateInvoices: own(inputs.lateInvoices),
  };
}

/** The lists the worker did not send back, from what was sent to it. */
function withSentLists(shard: Shard, inputs: MrrInputs): Shard {
  return {
    ...shard,
    mrr: { ...shard.mrr, customerIds: inputs.customerIds, fxRates: inputs.fxRates },
  };
}

/**
 * The buffers of the typed arrays in `value` (searched through plain objects and arrays)
 * that each belong to one array alone, so moving them to another thread loses nothing.
 */
export function transferables(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const shared = new Set<ArrayBuffer>();
  const visit = (v: unknown) => {
    if (ArrayBuffer.isView(v)) {
      const buffer = v.buffer as ArrayBuffer;
      // An empty view may share its (empty) buffer with others: nothing to gain moving it.
      if (buffer.byteLength === 0) return;
      if (v.byteOffset !== 0 || v.byteLength !== buffer.byteLength || out.has(buffer))
        shared.add(buffer);
      else out.add(buffer);
    } else if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) visit(item);
    } else if (typeof v === 'object' && v !== null && Object.getPrototypeOf(v) === Object.prototype)
      for (const item of Object.values(v)) visit(item);
  };
  visit(value);
  return [...out].filter((b) => !shared.has(b));
}
