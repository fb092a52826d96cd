import { onWorkersInOrder } from '../model/ordered-workers.ts';
import type { MrrInputs } from '../store/store.ts';
import { movementsOf, type MovementColumns } from './movement-columns.ts';
import type { Shard, ShardOptions } from './shards.ts';

/**
 * What the main thread sends a shard worker (./shard-worker.ts): the inputs without their
 * customer ids, which the engine never reads (it works by position, and the main thread
 * keeps the ids for the merge). Cloning 62,500 strings a range cost both threads, the
 * worker's young generation above all.
 */
export interface ShardTask {
  readonly inputs: Omit<MrrInputs, 'customerIds'>;
  readonly customerCount: number;
  readonly options: ShardOptions;
}

/** A shard as a shard worker sends it back: its movements as columns (./movement-columns.ts). */
export interface PortableShard extends Shard {
  readonly movementColumns: MovementColumns | null;
}

/**
 * Computes the shards of customer ranges as they arrive (a store's chunked read) on
 * `threads` worker threads, and returns each range's (computeShards) in arrival order:
 * while the workers compute one range the store reads the next, and no more than
 * `threads` ranges are out at once. Typed arrays move between threads without copying.
 */
export async function computeShardsOnWorkers(
  chunks: AsyncIterable<MrrInputs>,
  options: ShardOptions,
  threads: number,
): Promise<Shard[][]> {
  const customerIdsOf = new WeakMap<ShardTask, readonly string[]>();
  async function* tasks(): AsyncGenerator<ShardTask> {
    for await (const { customerIds, ...inputs } of chunks) {
      const task = { inputs: withOwnedColumns(inputs), customerCount: customerIds.length, options };
      customerIdsOf.set(task, customerIds);
      yield task;
    }
  }
  const shards: Shard[][] = [];
  for await (const { task, reply } of onWorkersInOrder<ShardTask, PortableShard[]>(
    import.meta.url,
    'shard-worker',
    tasks(),
    threads,
    (task) => transferables(task.inputs),
  ))
    shards.push(reply.map((s) => restoredShard(s, customerIdsOf.get(task)!, task.inputs.fxRates)));
  return shards;
}

/**
 * The inputs with every column owning its memory: a view into a larger buffer (a store's
 * read keeps some) would be copied whole to the worker; a tight copy of it moves instead.
 */
function withOwnedColumns<T extends Omit<MrrInputs, 'customerIds'>>(inputs: T): T {
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

/**
 * The shard as computed: the lists the worker did not send back, from what the main thread
 * kept (lists are not moved), and its movements made again from their columns.
 */
function restoredShard(
  { movementColumns, ...shard }: PortableShard,
  customerIds: readonly string[],
  fxRates: MrrInputs['fxRates'],
): Shard {
  const movements = movementColumns === null ? null : movementsOf(movementColumns);
  return { ...shard, mrr: { ...shard.mrr, customerIds, fxRates, movements } };
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
