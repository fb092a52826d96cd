import type { Command } from 'commander';
import { formatDay } from '../../model/day.ts';
import { todayIn } from '../../model/today.ts';
import {
  currentMrrResults,
  recomputeMrrResults,
  type RecomputeProgress,
} from '../../metrics/stored-mrr.ts';
import type { WorkspaceSettings } from '../../model/workspace.ts';
import type { Store } from '../../store/store.ts';
import { withStore, type GlobalOptions } from '../context.ts';

/**
 * `northstar recompute`: every customer's MRR share computed again and stored with the
 * period sums. From then on the workspace keeps results: each write recomputes only the
 * customers it touched (docs/scaling.md, "Incremental recompute").
 */
export function registerRecomputeCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('recompute')
    .description(
      'recompute every customer’s MRR and store the results; later writes then recompute only the customers they touch',
    )
    .action(async () => {
      const g = global();
      await withStore(g, async (store, settings) => {
        const started = performance.now();
        const through = todayIn(settings.timeZone);
        const result = await recomputeMrrResults(store, g.workspace, through, printProgress);
        const seconds = ((performance.now() - started) / 1000).toFixed(2);
        const periods = result.facts.periods;
        process.stdout.write(
          `recomputed ${result.recomputed} customers, ${periods.length} months (${periods[0]!.label} to ${periods.at(-1)!.label}, through ${formatDay(through)}) in ${seconds} s\n`,
        );
      });
    });
}

/** A full recompute's progress on stderr (stdout stays the command's answer). */
function printProgress(p: RecomputeProgress): void {
  if (p.done < p.total) process.stderr.write(`  ${p.done} of ${p.total} customers\n`);
}

/**
 * The progress of a full recompute that answering a metrics command needs (the workspace
 * keeps results, and a new day, other settings or a large import came since), said once
 * before it: tens of seconds at a million customers would otherwise pass in silence.
 */
export function recomputeNotice(): (progress: RecomputeProgress) => void {
  let told = false;
  return (p) => {
    if (!told)
      process.stderr.write(
        'northstar: the stored results are out of date (a new day, other settings or a large import since): recomputing every customer once\n',
      );
    told = true;
    printProgress(p);
  };
}

/**
 * Brings the workspace's stored results up to date before a command whose answers read
 * them through a service (goals, alerts, the digest, a forecast), with `recomputeNotice`
 * should that take a full recompute: the service then finds them current. A workspace
 * that keeps no results is left as it is.
 */
export async function resultsUpToDate(
  store: Store,
  workspaceId: string,
  settings: WorkspaceSettings,
): Promise<void> {
  await currentMrrResults(store, workspaceId, todayIn(settings.timeZone), recomputeNotice());
}
