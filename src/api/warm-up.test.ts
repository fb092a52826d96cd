/**
 * The warm-up pass stops starting steps once a write is on its way (it would hold the
 * database ahead of the write and of the answers after it), and a later change warms again.
 */
import { describe, expect, it } from 'vitest';
import { CacheWarmer } from './warm-up.ts';

/** A promise and its resolver. */
function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('CacheWarmer', () => {
  it('stops at its next step when a write is on its way, and runs again after it', async () => {
    const ran: string[] = [];
    const firstStep = deferred();
    const firstStarted = deferred();
    let passes = 0;
    const warmer = new CacheWarmer(
      async (workspaceId, stale) => {
        passes += 1;
        for (const step of ['overview', 'insights', 'metrics']) {
          if (stale()) return;
          ran.push(`${passes}:${step}`);
          if (passes === 1 && step === 'overview') {
            firstStarted.resolve();
            await firstStep.promise;
          }
        }
      },
      { warn: () => undefined },
      0,
    );
    warmer.schedule('w');
    await firstStarted.promise;
    warmer.interrupt(); // a write asked for the database during the first step
    firstStep.resolve();
    await warmer.idle();
    expect(ran).toEqual(['1:overview']);
    expect(warmer.stats()).toMatchObject({ started: 1, skipped: 1 });

    warmer.schedule('w'); // the write landed
    await warmer.idle();
    expect(ran).toEqual(['1:overview', '2:overview', '2:insights', '2:metrics']);
    // With no pass running, a write on its way changes nothing.
    warmer.interrupt();
    warmer.schedule('w');
    await warmer.idle();
    expect(ran.filter((r) => r.startsWith('3:'))).toHaveLength(3);
    await warmer.close();
  });
});
