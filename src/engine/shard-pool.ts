import { onWorkersInOrder } from '../model/ordered-workers.ts';
import type { MrrInputs } from '../store/store.ts';
import type { Shard, ShardOptions } from './shards.ts';

/** What the main thread sends a shard worker (./shard-worker.ts). */
export interface ShardTask {
  readonly inputs: MrrInputs;
  readonly options: ShardOptions;
}

/**
 * Computes the shards of customer ranges as they arrive (a store's chunked read) on
 * `threads` worker threads, and returns them in arrival order: while the workers compute
 * one range the store reads the next, and no more than `threads` ranges are out at once.
 * Typed arrays move between threads without copying.
 */
export async function computeShardsOnWorkers(
  chunks: AsyncIterable<MrrInputs>,
  options: ShardOptions,
  threads: number,
): Promise<Shard[]> {
  async function* tasks(): AsyncGenerator<ShardTask> {
    for await (const inputs of chunks) yield { inputs: withOwnedColumns(inputs), options };
  }
  const shards: Shard[] = [];
  for await (const { task, reply } of onWorkersInOrder<ShardTask, Shard>(
    import.meta.url,
    'shard-worker',
    tasks(),
    threads,
    (task) => transferables(task.inputs),
  ))
    shards.push(withSentLists(reply, task.inputs));
  return shards;
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

/** The lists the worker did not send back, from what was sent to it (lists are not moved). */
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
