import { parentPort, workerData } from 'node:worker_threads';
import { openSharedStore, openStore } from '../store/open.ts';
import {
  describeFailure,
  runComputation,
  type ComputationArgs,
  type ComputationName,
} from './computations.ts';
import type { ComputeSource, ToPool, ToWorker } from './compute-pool.ts';
import { createFileStoreGate, createSharedStoreGate, type StoreGate } from './store-gate.ts';

/**
 * A compute worker (compute-pool.ts): runs the server's computations on its own store
 * connection. On a DuckDB file it opens the file itself for each computation, under the
 * server's lock (asked for by message): a computation is one store session, since its
 * chunked reads and a recompute's stored results go on over many calls. Meanwhile the
 * server thread keeps answering from memory (memoized answers and key lookups); its own
 * writes wait for the file like a CLI's would.
 */
const port = parentPort!;
const source = (workerData as { source: ComputeSource }).source;
const send = (message: ToPool) => port.postMessage(message);

/**
 * Memory a job leaves behind (JavaScript heap and the buffers outside it, which the typed
 * arrays of a computation from the rows hold: 0.36–0.38 GiB at a million customers) above
 * which the worker retires (compute-pool.ts). A job answered from stored results, or from
 * a small workspace, stays well below.
 */
const RETIRE_BYTES = 256 * 1024 * 1024;

const granted = new Map<number, () => void>();
let nextLock = 0;

/** The server's lock on the database file, held around `work`. */
async function serverLock<T>(work: () => Promise<T>): Promise<T> {
  const id = nextLock++;
  await new Promise<void>((resolve) => {
    granted.set(id, resolve);
    send({ type: 'lock', id });
  });
  try {
    return await work();
  } finally {
    send({ type: 'release', id });
  }
}

const gate: StoreGate =
  source.kind === 'duckdb'
    ? createFileStoreGate({
        path: source.path,
        open: () => openStore({ db: source.path }),
        lock: serverLock,
      })
    : createSharedStoreGate({ open: () => openSharedStore(source.url, 2) });

port.on('message', (message: ToWorker) => {
  if (message.type === 'granted') {
    granted.get(message.id)?.();
    granted.delete(message.id);
    return;
  }
  const { id, name, args } = message;
  gate
    .run((store) => runComputation(store, name, args as ComputationArgs<ComputationName>))
    .then(
      (result) => send({ type: 'done', id, result }),
      (error: unknown) => send({ type: 'failed', id, failure: describeFailure(error) }),
    )
    .then(() => {
      const { heapUsed, external } = process.memoryUsage();
      if (heapUsed + external > RETIRE_BYTES) send({ type: 'retire' });
    });
});
