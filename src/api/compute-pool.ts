import type { Worker } from 'node:worker_threads';
import { startWorkerOn } from '../model/module-worker.ts';
import {
  failureError,
  type ComputationArgs,
  type ComputationFailure,
  type ComputationName,
  type ComputationResult,
} from './computations.ts';
import type { StoreGate } from './store-gate.ts';

/** Where a compute worker finds the data: the server's DuckDB file or PostgreSQL database. */
export type ComputeSource =
  | { readonly kind: 'duckdb'; readonly path: string }
  | { readonly kind: 'postgres'; readonly url: string };

export type ToWorker =
  | { type: 'job'; id: number; name: ComputationName; args: unknown }
  | { type: 'granted'; id: number };

export type ToPool =
  /** After a job: the worker holds much memory (a computation from the rows). */
  | { type: 'retire' }
  | { type: 'done'; id: number; result: unknown }
  | { type: 'failed'; id: number; failure: ComputationFailure }
  | { type: 'lock'; id: number }
  | { type: 'release'; id: number };

export interface ComputePoolOptions {
  readonly source: ComputeSource;
  /** The server's gate: a DuckDB worker reads the file under its lock. */
  readonly gate: StoreGate;
  /** Worker threads at most (started on first use). */
  readonly size?: number;
  /** The worker's module and extra `workerData` (tests substitute one that fails). */
  readonly module?: URL;
  readonly data?: Record<string, unknown>;
}

interface Job {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** One worker thread, its jobs in flight and the server locks it holds. */
interface Slot {
  readonly worker: Worker;
  readonly jobs: Map<number, Job>;
  readonly locks: Map<number, () => void>;
  dead: boolean;
}

/**
 * Runs the server's computations (computations.ts) on worker threads, so the thread that
 * answers requests only routes, authenticates and sends memoized answers: a recompute of
 * a million customers never blocks it. Each worker opens its own store connection:
 *
 * - PostgreSQL: a small pool of its own; reads run beside the server's.
 * - A DuckDB file: DuckDB's file lock is per process, so a second instance of the file in
 *   a worker thread would not be kept out by it (it opens, and both could write). The
 *   worker therefore opens the file only under the server's in-process lock (the gate's
 *   `hold`), for one computation at a time (its chunked reads and stored results span
 *   many calls), and closes it after. The server thread meanwhile answers from memory.
 *
 * A worker that dies fails its jobs (the request answers 500 with its id, the compute
 * cache keeps its last good answer), gives back its locks and is replaced on next use.
 *
 * A worker that ends a job holding much memory (a computation from the rows of a large
 * workspace leaves hundreds of MiB behind until a collection that an idle thread never
 * runs) retires: it takes no new job, stops after the ones it has, and a fresh one takes
 * its place. So an idle worker holds no memory beside a busy one's peak.
 */
export class ComputePool {
  private readonly slots: (Slot | null)[];
  private nextJob = 0;
  private closed = false;

  constructor(private readonly options: ComputePoolOptions) {
    this.slots = Array.from({ length: Math.max(1, options.size ?? 2) }, () => null);
  }

  run<N extends ComputationName>(name: N, args: ComputationArgs<N>): Promise<ComputationResult<N>> {
    if (this.closed) return Promise.reject(new Error('the compute pool is closed'));
    const slot = this.leastBusy();
    const id = this.nextJob++;
    return new Promise((resolve, reject) => {
      slot.jobs.set(id, { resolve: resolve as (value: unknown) => void, reject });
      slot.worker.postMessage({ type: 'job', id, name, args } satisfies ToWorker);
    });
  }

  /** Stops the workers; jobs in flight fail. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.slots.map((slot) => slot?.worker.terminate()));
  }

  private leastBusy(): Slot {
    let best = 0;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i];
      if (!slot) {
        this.slots[i] = this.start(i);
        return this.slots[i]!;
      }
      if (slot.jobs.size < this.slots[best]!.jobs.size) best = i;
    }
    return this.slots[best]!;
  }

  /**
   * The slot takes no new job; its worker stops once its jobs are done. Its successor
   * starts now, so the next job does not wait for a worker to load its modules.
   */
  private retire(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index >= 0) this.slots[index] = this.closed ? null : this.start(index);
    if (slot.jobs.size === 0) void slot.worker.terminate();
  }

  private start(index: number): Slot {
    const worker = startWorkerOn(this.options.module ?? defaultModule(), {
      workerData: { source: this.options.source, ...this.options.data },
    });
    // An idle pool never keeps the process alive (a test that forgets to close the server).
    worker.unref();
    const slot: Slot = { worker, jobs: new Map(), locks: new Map(), dead: false };
    worker.on('message', (message: ToPool) => this.receive(slot, message));
    const fail = (error: Error) => {
      slot.dead = true;
      if (this.slots[index] === slot) this.slots[index] = null;
      for (const job of slot.jobs.values()) job.reject(error);
      slot.jobs.clear();
      for (const release of slot.locks.values()) release();
      slot.locks.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a compute worker stopped (exit code ${code})`)));
    return slot;
  }

  private receive(slot: Slot, message: ToPool): void {
    switch (message.type) {
      case 'retire':
        return this.retire(slot);
      case 'done':
      case 'failed': {
        const job = slot.jobs.get(message.id);
        slot.jobs.delete(message.id);
        if (message.type === 'done') job?.resolve(message.result);
        else job?.reject(failureError(message.failure));
        // A retired worker (no longer one of the slots) stops after its last job.
        if (slot.jobs.size === 0 && !this.slots.includes(slot)) void slot.worker.terminate();
        return;
      }
      case 'lock': {
        const hold = this.options.gate.hold;
        const granted = () => slot.worker.postMessage({ type: 'granted', id: message.id });
        if (!hold) return granted();
        void hold(
          () =>
            new Promise<void>((release) => {
              // A worker that died while it waited for the lock gives it back at once.
              if (slot.dead) return release();
              slot.locks.set(message.id, release);
              granted();
            }),
        );
        return;
      }
      case 'release':
        slot.locks.get(message.id)?.();
        slot.locks.delete(message.id);
    }
  }
}

function defaultModule(): URL {
  return new URL(
    import.meta.url.endsWith('.ts') ? './compute-worker.ts' : './compute-worker.js',
    import.meta.url,
  );
}
