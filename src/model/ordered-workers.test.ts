import { describe, expect, it } from 'vitest';
import { DataError } from './errors.ts';
import { onWorkersInOrder } from './ordered-workers.ts';

/** The fixture worker's directory: `onWorkersInOrder` starts `square-worker` beside it. */
const BESIDE = new URL('../../test/fixtures/model/square-worker.ts', import.meta.url).href;

async function* numbers(values: readonly number[]) {
  for (const value of values) yield value;
}

async function collect(values: readonly number[], threads: number): Promise<number[]> {
  const out: number[] = [];
  for await (const { reply } of onWorkersInOrder<number, number>(
    BESIDE,
    'square-worker',
    numbers(values),
    threads,
  ))
    out.push(reply);
  return out;
}

describe('onWorkersInOrder', () => {
  it('gives the replies in task order, though later tasks finish first', async () => {
    expect(await collect([1, 2, 3, 4, 5, 6, 7], 3)).toEqual([1, 4, 9, 16, 25, 36, 49]);
  }, 60_000);

  it('keeps a problem in the data one across threads, and a bug a plain error', async () => {
    const bad = collect([1, -1, 3], 2);
    await expect(bad).rejects.toBeInstanceOf(DataError);
    await expect(bad).rejects.toThrow('bad data');
    const bug = collect([-2], 1);
    await expect(bug).rejects.toThrow('a bug');
    await expect(bug).rejects.not.toBeInstanceOf(DataError);
  }, 60_000);

  it('stops asking once the caller stops reading', async () => {
    let asked = 0;
    async function* counted() {
      for (let n = 1; n <= 100; n++) {
        asked++;
        yield n;
      }
    }
    for await (const { reply } of onWorkersInOrder<number, number>(
      BESIDE,
      'square-worker',
      counted(),
      2,
    ))
      if (reply === 4) break;
    // Two out at a time: asked the first two, then one more for each reply read.
    expect(asked).toBeLessThanOrEqual(4);
  }, 60_000);

  it('sends `ahead` tasks more before it yields a reply, in the same order', async () => {
    for (const ahead of [0, 1]) {
      let asked = 0;
      async function* counted() {
        for (let n = 1; n <= 6; n++) {
          asked++;
          yield n;
        }
      }
      const replies: number[] = [];
      const askedAtFirstReply: number[] = [];
      for await (const { reply } of onWorkersInOrder<number, number>(
        BESIDE,
        'square-worker',
        counted(),
        2,
        () => [],
        ahead,
      )) {
        if (replies.length === 0) askedAtFirstReply.push(asked);
        replies.push(reply);
      }
      expect(replies).toEqual([1, 4, 9, 16, 25, 36]);
      // By the first reply, 2 + ahead tasks went out (with ahead 1, each worker keeps one
      // while the caller handles it), and one more was taken, to go out next.
      expect(askedAtFirstReply).toEqual([3 + ahead]);
    }
  }, 60_000);
});
