/**
 * The compute cache's promises: a request never waits for a recompute it did not ask for
 * (it gets the last answer, stale, with the time it reflects); identical requests share
 * one computation; a failure leaves the last good answer. Computations are held open with
 * deferred promises, so nothing here depends on timing.
 */
import { describe, expect, it } from 'vitest';
import { answerVersion, createComputeCache } from './compute-cache.ts';
import type { StoreGate } from './store-gate.ts';

/** A gate whose data version the test moves by hand (a write). */
function versionedGate() {
  let version = 1;
  const gate: StoreGate = {
    run: () => Promise.reject(new Error('not used')),
    version: async () => `v${version}`,
    close: async () => undefined,
  };
  return { gate, write: () => (version += 1) };
}

/** A computation the test finishes when it chooses; counts how often it was started. */
function heldComputation() {
  const started: { resolve(v: string): void; reject(e: Error): void }[] = [];
  const compute = () => new Promise<string>((resolve, reject) => started.push({ resolve, reject }));
  return { compute, started };
}

describe('compute cache: stale while revalidate', () => {
  it('a request during a recompute answers from the last result with its as_of; the next one after it lands is fresh', async () => {
    const { gate, write } = versionedGate();
    const cache = createComputeCache(gate);
    const { compute, started } = heldComputation();

    const first = cache.lookup('overview', compute);
    await expect.poll(() => started.length).toBe(1);
    started[0]!.resolve('answer 1');
    const computed = await first;
    expect(computed).toMatchObject({ value: 'answer 1', status: 'miss', stale: false });
    expect(await cache.lookup('overview', compute)).toMatchObject({
      value: 'answer 1',
      status: 'hit',
      asOf: computed.asOf,
    });

    write();
    const beforeRecompute = Date.now();
    // The recompute this request starts stays open: the answer does not wait for it.
    const during = await cache.lookup('overview', compute);
    expect(during).toEqual({
      value: 'answer 1',
      status: 'stale',
      asOf: computed.asOf,
      stale: true,
    });
    expect(started).toHaveLength(2);
    // More requests meanwhile: still the last answer, and still one recompute.
    const again = await cache.lookup('overview', compute);
    expect(again).toMatchObject({ value: 'answer 1', stale: true, asOf: computed.asOf });
    expect(started).toHaveLength(2);

    started[1]!.resolve('answer 2');
    await expect.poll(async () => (await cache.lookup('overview', compute)).value).toBe('answer 2');
    const fresh = await cache.lookup('overview', compute);
    expect(fresh.status).toBe('hit');
    expect(fresh.stale).toBe(false);
    expect(fresh.asOf).toBeGreaterThanOrEqual(beforeRecompute);
    expect(started).toHaveLength(2);
    expect(cache.stats().misses).toBe(1);
    expect(cache.stats().stale).toBeGreaterThanOrEqual(2);
  });

  it('concurrent identical first requests share one computation', async () => {
    const { gate } = versionedGate();
    const cache = createComputeCache(gate);
    const { compute, started } = heldComputation();
    const requests = Array.from({ length: 20 }, () => cache.lookup('overview', compute));
    await expect.poll(() => started.length).toBe(1);
    started[0]!.resolve('shared answer');
    const answers = await Promise.all(requests);
    expect(new Set(answers.map((a) => a.value))).toEqual(new Set(['shared answer']));
    expect(answers.filter((a) => a.status === 'miss')).toHaveLength(1);
    expect(answers.filter((a) => a.status === 'shared')).toHaveLength(19);
    expect(started).toHaveLength(1);
  });

  it('a failed recompute keeps the last good answer, and the next request tries again', async () => {
    const { gate, write } = versionedGate();
    const cache = createComputeCache(gate);
    const { compute, started } = heldComputation();
    const first = cache.lookup('overview', compute);
    await expect.poll(() => started.length).toBe(1);
    started[0]!.resolve('good');
    await first;

    write();
    expect(await cache.lookup('overview', compute)).toMatchObject({ value: 'good', stale: true });
    started[1]!.reject(new Error('worker died'));
    // Once the failure landed, a request starts another recompute and still answers.
    await expect
      .poll(async () => {
        await cache.lookup('overview', compute);
        return started.length;
      })
      .toBe(3);
    expect(await cache.lookup('overview', compute)).toMatchObject({ value: 'good', stale: true });
    started[2]!.resolve('better');
    await expect.poll(async () => (await cache.lookup('overview', compute)).value).toBe('better');
  });

  it('a first request whose computation fails gets the error; nothing is remembered', async () => {
    const { gate } = versionedGate();
    const cache = createComputeCache(gate);
    const { compute, started } = heldComputation();
    const first = cache.lookup('overview', compute);
    await expect.poll(() => started.length).toBe(1);
    started[0]!.reject(new Error('boom'));
    await expect(first).rejects.toThrow('boom');
    const second = cache.lookup('overview', compute);
    await expect.poll(() => started.length).toBe(2);
    started[1]!.resolve('ok');
    expect(await second).toMatchObject({ value: 'ok', status: 'miss' });
  });

  it('the warm-up (fresh) waits for the answer of the current data', async () => {
    const { gate, write } = versionedGate();
    const cache = createComputeCache(gate);
    const { compute, started } = heldComputation();
    const first = cache.lookup('overview', compute);
    await expect.poll(() => started.length).toBe(1);
    started[0]!.resolve('old');
    await first;
    write();
    const warming = cache.fresh().lookup('overview', compute);
    await expect.poll(() => started.length).toBe(2);
    // A request meanwhile joins nothing: it gets the old answer at once.
    expect(await cache.lookup('overview', compute)).toMatchObject({ value: 'old', stale: true });
    started[1]!.resolve('new');
    expect(await warming).toMatchObject({ value: 'new', stale: false, status: 'miss' });
    expect(await cache.lookup('overview', compute)).toMatchObject({ value: 'new', status: 'hit' });
    expect(started).toHaveLength(2);
  });

  it('files answers by data version and quarter-hour ("today" moves on its own)', () => {
    const quarter = 15 * 60 * 1000;
    const at = Date.UTC(2026, 11, 6, 23, 45);
    expect(answerVersion('v1', at)).toBe(answerVersion('v1', at + quarter - 1));
    // Midnight is a new quarter-hour: the server's watcher warms the workspace then.
    expect(answerVersion('v1', at + quarter)).not.toBe(answerVersion('v1', at));
    expect(answerVersion('v2', at)).not.toBe(answerVersion('v1', at));
    expect(answerVersion('uncached:x', at)).toBe('uncached:x');
  });
});
