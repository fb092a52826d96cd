import { answerTasks } from '../model/ordered-workers.ts';
import { movementColumns } from './movement-columns.ts';
import { transferables, type PortableShard, type ShardTask } from './shard-pool.ts';
import { computeShards, type Shard } from './shards.ts';

/**
 * A worker thread of computeShardsOnWorkers: computes each range of customers it is sent
 * and sends its shards back, its arrays trimmed to their contents and moved, not copied.
 */
answerTasks(
  (task: ShardTask) =>
    computeShards(
      // The engine counts customers by their ids' list but never reads an id.
      { ...task.inputs, customerIds: new Array<string>(task.customerCount).fill('') },
      task.options,
    ).map(portable),
  (shards) => transferables(shards),
);

/**
 * The shard as it crosses threads: without the fx table (rebuilt from the rates) and the
 * lists the main thread sent (restored by computeShardsOnWorkers), its movements as
 * columns, its views made owners of their memory.
 */
function portable(shard: Shard): PortableShard {
  const { mrr } = shard;
  const t = mrr.timelines;
  return {
    ...shard,
    movementColumns: mrr.movements === null ? null : movementColumns(mrr.movements),
    mrr: {
      ...mrr,
      fx: null,
      customerIds: [],
      fxRates: [],
      movements: null,
      endValues: mrr.endValues.map((values) => values.slice()),
      timelines: { ...t, day: t.day.slice(), native: t.native.slice() },
    },
  };
}
