import { afterEach, describe, expect, it } from 'vitest';
import { onWorkersInOrder } from './ordered-workers.ts';
import { idleWorkerCount, stopIdleWorkers } from './worker-pool.ts';

/** The fixture worker's directory: the pool starts `thread-worker` beside it. */
const BESIDE = new URL('../../test/fixtures/model/thread-worker.ts', import.meta.url).href;
const NAME = 'thread-worker';

type Task = { delay: number } | 'exit';

async function* tasks(list: readonly Task[]) {
  for (const task of list) yield task;
}

/** The threads that answered `list` on `threads` workers, in task order. */
async function threadsOf(list: readonly Task[], threads: number): Promise<number[]> {
  const out: number[] = [];
  for await (const { reply } of onWorkersInOrder<Task, number>(BESIDE, NAME, tasks(list), threads))
    out.push(reply);
  return out;
}

const quick = (n: number): Task[] => Array.from({ length: n }, () => ({ delay: 1 }));

afterEach(stopIdleWorkers);

describe('the worker pool', () => {
  it('hands the next run the workers the last one gave back', async () => {
    const first = await threadsOf(quick(4), 2);
    expect(new Set(first).size).toBe(2);
    expect(idleWorkerCount(BESIDE, NAME)).toBe(2);
    const second = await threadsOf(quick(4), 2);
    expect(new Set(second)).toEqual(new Set(first));
    // A run wanting more threads than are idle starts the rest.
    const third = await threadsOf(quick(6), 3);
    expect(new Set(third).size).toBe(3);
    expect(first.every((id) => third.includes(id))).toBe(true);
    expect(idleWorkerCount(BESIDE, NAME)).toBe(3);
  }, 60_000);

  it('stops a worker its caller left with a task out, and keeps the one it did not', async () => {
    const seen: number[] = [];
    for await (const { reply } of onWorkersInOrder<Task, number>(
      BESIDE,
      NAME,
      tasks([{ delay: 1 }, { delay: 2_000 }, { delay: 1 }]),
      2,
    )) {
      seen.push(reply);
      break;
    }
    // The first worker answered its task; the second still has one out: it is stopped, so
    // no later caller waits behind it.
    expect(idleWorkerCount(BESIDE, NAME)).toBe(1);
    expect(await threadsOf(quick(2), 1)).toEqual([seen[0], seen[0]]);
  }, 60_000);

  it('drops a worker that stopped, and the caller hears why', async () => {
    await expect(threadsOf(['exit'], 1)).rejects.toThrow('a worker stopped (exit code 3)');
    expect(idleWorkerCount(BESIDE, NAME)).toBe(0);
    expect(await threadsOf(quick(2), 1)).toHaveLength(2);
  }, 60_000);

  it('stops idle workers on request', async () => {
    await threadsOf(quick(2), 2);
    expect(idleWorkerCount(BESIDE, NAME)).toBe(2);
    await stopIdleWorkers();
    expect(idleWorkerCount(BESIDE, NAME)).toBe(0);
  }, 60_000);
});
