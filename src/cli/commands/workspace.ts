import type { Command } from 'commander';
import {
  CHURN_DENOMINATORS,
  CHURN_WINDOWS,
  DEFINITION_PROFILES,
  DISCOUNTS_IN_MRR,
  FREE_CUSTOMERS,
  JOIN_AND_LEAVE_MOVEMENTS,
  PARTIAL_PERIOD_NORMALIZATIONS,
  REACTIVATION_TREATMENTS,
} from '../../model/workspace.ts';
import {
  SettingsError,
  settingsChanges,
  type SettingsInput,
} from '../../model/workspace-changes.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';

export function registerWorkspaceCommand(program: Command, global: () => GlobalOptions): void {
  program
    .command('workspace')
    .description(
      'show or change how the workspace computes: currency, time zone, churn timing, MRR source',
    )
    .option('--currency <code>', 'reporting currency (ISO 4217)')
    .option('--time-zone <zone>', 'reporting time zone (IANA, e.g. Europe/Paris)')
    .option('--churn-timing <when>', 'period_end (default) or immediate')
    .option('--mrr-source <source>', 'subscriptions (default) or invoices')
    .option(
      '--delinquency-days <days>',
      'an invoice unpaid more than this many days churns its customer until paid; "off" (default) disables',
    )
    .option(
      '--profile <name>',
      `definition profile (docs/definitions.md): ${DEFINITION_PROFILES.join(', ')}; sets the switches below`,
    )
    .option('--churn-window <window>', `customer churn window: ${CHURN_WINDOWS.join(', ')}`)
    .option(
      '--discounts <which>',
      `subscription discounts that reduce MRR: ${DISCOUNTS_IN_MRR.join(', ')} (default all; forever: not once or repeating ones; yes = all, no = none)`,
    )
    .option(
      '--join-and-leave <yes|no>',
      'whether customers who join and churn in one period count as churned (default no)',
    )
    .option(
      '--reactivation <as>',
      `reactivation reported as: ${REACTIVATION_TREATMENTS.join(', ')}`,
    )
    .option(
      '--free-customers <as>',
      `a customer whose lines are all discounted to 0: ${FREE_CUSTOMERS.join(' (default), ')} (stays a customer at MRR 0)`,
    )
    .option(
      '--refunds <yes|no>',
      'whether a refunded invoice line stops counting as MRR (default yes)',
    )
    .option(
      '--partial-periods <how>',
      `invoice service periods of part of a month: ${PARTIAL_PERIOD_NORMALIZATIONS.join(' (default), ')}`,
    )
    .option('--usage <yes|no>', 'whether metered usage lines count as MRR (default yes)')
    .option(
      '--join-and-leave-movements <how>',
      `joining and leaving within one period: ${JOIN_AND_LEAVE_MOVEMENTS.join(' (default), ')} (no new, no churn)`,
    )
    .option(
      '--churn-denominator <base>',
      `customer churn rate denominator: ${CHURN_DENOMINATORS.join(' (default), ')}`,
    )
    .option(
      '--reactivation-window <days>',
      'a customer returning more than this many days after churning is new; "off" (default): always a reactivation',
    )
    .option(
      '--activation-event <event>',
      'event that marks a signup as activated (default activated)',
    )
    .option(
      '--locale <tag>',
      'language and number format of digests and alerts: en-US (default), fr-FR, pl-PL, de-DE…',
    )
    .action(
      async (options: {
        currency?: string;
        timeZone?: string;
        churnTiming?: string;
        mrrSource?: string;
        delinquencyDays?: string;
        profile?: string;
        churnWindow?: string;
        discounts?: string;
        joinAndLeave?: string;
        reactivation?: string;
        freeCustomers?: string;
        refunds?: string;
        partialPeriods?: string;
        usage?: string;
        joinAndLeaveMovements?: string;
        churnDenominator?: string;
        reactivationWindow?: string;
        activationEvent?: string;
        locale?: string;
      }) => {
        const input: SettingsInput = {};
        if (options.profile !== undefined)
          input.profile = oneOf(options.profile, DEFINITION_PROFILES, '--profile');
        if (options.churnWindow !== undefined)
          input.churnWindow = oneOf(options.churnWindow, CHURN_WINDOWS, '--churn-window');
        if (options.discounts !== undefined) {
          // yes/no: the values before durations were known.
          const legacy: Record<string, string> = { yes: 'all', no: 'none' };
          input.discounts = oneOf(
            legacy[options.discounts] ?? options.discounts,
            DISCOUNTS_IN_MRR,
            '--discounts',
          );
        }
        if (options.joinAndLeave !== undefined)
          input.countJoinAndLeave = yesNo(options.joinAndLeave, '--join-and-leave');
        if (options.reactivation !== undefined)
          input.reactivation = oneOf(
            options.reactivation,
            REACTIVATION_TREATMENTS,
            '--reactivation',
          );
        if (options.freeCustomers !== undefined)
          input.freeCustomers = oneOf(options.freeCustomers, FREE_CUSTOMERS, '--free-customers');
        if (options.refunds !== undefined)
          input.refundsReduceMrr = yesNo(options.refunds, '--refunds');
        if (options.partialPeriods !== undefined)
          input.partialPeriods = oneOf(
            options.partialPeriods,
            PARTIAL_PERIOD_NORMALIZATIONS,
            '--partial-periods',
          );
        if (options.usage !== undefined) input.usageInMrr = yesNo(options.usage, '--usage');
        if (options.joinAndLeaveMovements !== undefined)
          input.joinAndLeaveMovements = oneOf(
            options.joinAndLeaveMovements,
            JOIN_AND_LEAVE_MOVEMENTS,
            '--join-and-leave-movements',
          );
        if (options.churnDenominator !== undefined)
          input.churnDenominator = oneOf(
            options.churnDenominator,
            CHURN_DENOMINATORS,
            '--churn-denominator',
          );
        if (options.reactivationWindow !== undefined)
          input.reactivationWindowDays = daysOrOff(
            options.reactivationWindow,
            '--reactivation-window',
          );
        if (options.activationEvent !== undefined) input.activationEvent = options.activationEvent;
        if (options.locale !== undefined) input.locale = options.locale;
        if (options.currency !== undefined) input.currency = options.currency;
        if (options.timeZone !== undefined) input.timeZone = options.timeZone;
        if (options.churnTiming !== undefined) {
          if (options.churnTiming !== 'period_end' && options.churnTiming !== 'immediate')
            throw new CliError('--churn-timing must be period_end or immediate');
          input.churnTiming = options.churnTiming;
        }
        if (options.mrrSource !== undefined) {
          if (options.mrrSource !== 'subscriptions' && options.mrrSource !== 'invoices')
            throw new CliError('--mrr-source must be subscriptions or invoices');
          input.mrrSource = options.mrrSource;
        }
        if (options.delinquencyDays !== undefined)
          input.delinquencyDays = daysOrOff(options.delinquencyDays, '--delinquency-days');
        let changes: SettingsInput;
        try {
          changes = settingsChanges(input);
        } catch (error) {
          if (error instanceof SettingsError) throw new CliError(error.message);
          throw error;
        }
        await withStore(global(), async (store) => {
          const settings =
            Object.keys(changes).length > 0
              ? await store.updateWorkspace(global().workspace, changes)
              : await store.workspace(global().workspace);
          const counts = await store.counts(global().workspace);
          process.stdout.write(
            `${JSON.stringify({ workspace: global().workspace, settings, rows: counts }, null, 2)}\n`,
          );
        });
      },
    );
}

function oneOf<T extends string>(value: string, allowed: readonly T[], flag: string): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new CliError(`${flag} must be one of ${allowed.join(', ')}`);
  return value as T;
}

function daysOrOff(value: string, flag: string): number | null {
  if (value === 'off') return null;
  const days = Number(value);
  if (!(Number.isInteger(days) && days >= 0))
    throw new CliError(`${flag} must be a whole number of days or "off"`);
  return days;
}

function yesNo(value: string, flag: string): boolean {
  if (value !== 'yes' && value !== 'no') throw new CliError(`${flag} must be yes or no`);
  return value === 'yes';
}
