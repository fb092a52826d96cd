import type { Command } from 'commander';
import { isKnownCurrency } from '../../model/currency.ts';
import {
  CHURN_DENOMINATORS,
  CHURN_WINDOWS,
  DEFINITION_PROFILES,
  FREE_CUSTOMERS,
  JOIN_AND_LEAVE_MOVEMENTS,
  PARTIAL_PERIOD_NORMALIZATIONS,
  PROFILE_DEFINITIONS,
  REACTIVATION_TREATMENTS,
  type WorkspaceSettings,
} from '../../model/workspace.ts';
import { CliError, withStore, type GlobalOptions } from '../context.ts';

/** The canonical form of a BCP 47 tag ([] when it is not one). */
function canonicalLocales(tag: string): string[] {
  try {
    return Intl.getCanonicalLocales(tag);
  } catch {
    return [];
  }
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

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
    .option('--discounts <yes|no>', 'whether subscription discounts reduce MRR (default yes)')
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
        const changes: { -readonly [K in keyof WorkspaceSettings]?: WorkspaceSettings[K] } = {};
        // A profile first, so individual switches given with it refine it.
        if (options.profile !== undefined) {
          const profile = oneOf(options.profile, DEFINITION_PROFILES, '--profile');
          Object.assign(changes, PROFILE_DEFINITIONS[profile], { profile });
        }
        if (options.churnWindow !== undefined)
          changes.churnWindow = oneOf(options.churnWindow, CHURN_WINDOWS, '--churn-window');
        if (options.discounts !== undefined)
          changes.discountsReduceMrr = yesNo(options.discounts, '--discounts');
        if (options.joinAndLeave !== undefined)
          changes.countJoinAndLeave = yesNo(options.joinAndLeave, '--join-and-leave');
        if (options.reactivation !== undefined)
          changes.reactivation = oneOf(
            options.reactivation,
            REACTIVATION_TREATMENTS,
            '--reactivation',
          );
        if (options.freeCustomers !== undefined)
          changes.freeCustomers = oneOf(options.freeCustomers, FREE_CUSTOMERS, '--free-customers');
        if (options.refunds !== undefined)
          changes.refundsReduceMrr = yesNo(options.refunds, '--refunds');
        if (options.partialPeriods !== undefined)
          changes.partialPeriods = oneOf(
            options.partialPeriods,
            PARTIAL_PERIOD_NORMALIZATIONS,
            '--partial-periods',
          );
        if (options.usage !== undefined) changes.usageInMrr = yesNo(options.usage, '--usage');
        if (options.joinAndLeaveMovements !== undefined)
          changes.joinAndLeaveMovements = oneOf(
            options.joinAndLeaveMovements,
            JOIN_AND_LEAVE_MOVEMENTS,
            '--join-and-leave-movements',
          );
        if (options.churnDenominator !== undefined)
          changes.churnDenominator = oneOf(
            options.churnDenominator,
            CHURN_DENOMINATORS,
            '--churn-denominator',
          );
        if (options.reactivationWindow !== undefined)
          changes.reactivationWindowDays = daysOrOff(
            options.reactivationWindow,
            '--reactivation-window',
          );
        if (options.activationEvent !== undefined)
          changes.activationEvent = options.activationEvent;
        if (options.locale !== undefined) {
          const [locale] = canonicalLocales(options.locale);
          if (!locale) throw new CliError(`unknown locale "${options.locale}" (use fr-FR, de…)`);
          changes.locale = locale;
        }
        if (options.currency !== undefined) {
          const code = options.currency.toUpperCase();
          if (!isKnownCurrency(code))
            throw new CliError(`unknown currency code "${options.currency}"`);
          changes.currency = code;
        }
        if (options.timeZone !== undefined) {
          if (!isTimeZone(options.timeZone))
            throw new CliError(
              `unknown time zone "${options.timeZone}" (use an IANA name such as Europe/Paris)`,
            );
          changes.timeZone = options.timeZone;
        }
        if (options.churnTiming !== undefined) {
          if (options.churnTiming !== 'period_end' && options.churnTiming !== 'immediate')
            throw new CliError('--churn-timing must be period_end or immediate');
          changes.churnTiming = options.churnTiming;
        }
        if (options.mrrSource !== undefined) {
          if (options.mrrSource !== 'subscriptions' && options.mrrSource !== 'invoices')
            throw new CliError('--mrr-source must be subscriptions or invoices');
          changes.mrrSource = options.mrrSource;
        }
        if (options.delinquencyDays !== undefined)
          changes.delinquencyDays = daysOrOff(options.delinquencyDays, '--delinquency-days');
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
