import { parentPort } from 'node:worker_threads';
import { DataError } from '../model/errors.ts';
import { transferables, type ShardReply, type ShardTask } from './shard-pool.ts';
import { computeShard, type Shard } from './shards.ts';

/**
 * A worker thread of computeShardsOnWorkers: computes each range of customers it is sent
 * and sends the shard back, its arrays trimmed to their contents and moved, not copied.
 */
parentPort!.on('message', (task: ShardTask) => {
  let reply: ShardReply;
  try {
    reply = { id: task.id, shard: portable(computeShard(task.inputs, task.options)) };
  } catch (error) {
    reply = {
      id: task.id,
      error: error instanceof Error ? error.message : String(error),
      dataError: error instanceof DataError,
    };
  }
  parentPort!.postMessage(reply, transferables(reply));
});

/**
 * The shard as it crosses threads: without the fx table (rebuilt from the rates) and the
 * lists the main thread sent (restored by computeShardsOnWorkers), its views made owners of
 * their memory.
 */
function portable(shard: Shard): Shard {
  const { mrr } = shard;
  const t = mrr.timelines;
  return {
    ...shard,
    mrr: {
      ...mrr,
      fx: null,
      customerIds: [],
      fxRates: [],
      endValues: mrr.endValues.map((values) => values.slice()),
      timelines: { ...t, day: t.day.slice(), native: t.native.slice() },
    },
  };
}
