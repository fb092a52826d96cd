import {
  CHURN_DENOMINATORS,
  CHURN_WINDOWS,
  DEFINITION_PROFILES,
  DISCOUNTS_IN_MRR,
  FREE_CUSTOMERS,
  JOIN_AND_LEAVE_MOVEMENTS,
  PARTIAL_PERIOD_NORMALIZATIONS,
  REACTIVATION_TREATMENTS,
  definitionSwitches,
  type WorkspaceSettings,
} from '../../model/workspace.ts';
import {
  SettingsError,
  settingsChanges,
  type SettingsInput,
} from '../../model/workspace-changes.ts';
import type { Api, ApiContext } from '../context.ts';
import { principalOf } from '../auth.ts';
import { ApiError } from '../errors.ts';
import { withErrors } from '../schemas.ts';
import { StringEnum, Type, type Static, type TOptional, type TSchema } from '../typebox.ts';

const Days = Type.Union([Type.Integer({ minimum: 0, maximum: 3650 }), Type.Null()], {
  description: 'whole days; null: off',
});

/**
 * Every setting a user may change, by its API name (snake_case) and its stored name; the
 * same settings `northstar workspace` changes (src/model/workspace-changes.ts).
 */
const FIELDS = {
  currency: ['currency', Type.String({ pattern: '^[A-Za-z]{3}$', description: 'ISO 4217' })],
  time_zone: ['timeZone', Type.String({ minLength: 1, maxLength: 100, description: 'IANA' })],
  profile: ['profile', StringEnum(DEFINITION_PROFILES, { description: 'sets the switches' })],
  churn_timing: ['churnTiming', StringEnum(['period_end', 'immediate'])],
  mrr_source: ['mrrSource', StringEnum(['subscriptions', 'invoices'])],
  delinquency_days: ['delinquencyDays', Days],
  churn_window: ['churnWindow', StringEnum(CHURN_WINDOWS)],
  discounts: ['discounts', StringEnum(DISCOUNTS_IN_MRR)],
  count_join_and_leave: ['countJoinAndLeave', Type.Boolean()],
  reactivation: ['reactivation', StringEnum(REACTIVATION_TREATMENTS)],
  free_customers: ['freeCustomers', StringEnum(FREE_CUSTOMERS)],
  refunds_reduce_mrr: ['refundsReduceMrr', Type.Boolean()],
  partial_periods: ['partialPeriods', StringEnum(PARTIAL_PERIOD_NORMALIZATIONS)],
  usage_in_mrr: ['usageInMrr', Type.Boolean()],
  join_and_leave_movements: ['joinAndLeaveMovements', StringEnum(JOIN_AND_LEAVE_MOVEMENTS)],
  churn_denominator: ['churnDenominator', StringEnum(CHURN_DENOMINATORS)],
  reactivation_window_days: ['reactivationWindowDays', Days],
  locale: [
    'locale',
    Type.String({
      minLength: 2,
      maxLength: 35,
      description: 'BCP 47: the language of digests and alert notifications (default en-US)',
    }),
  ],
  activation_event: [
    'activationEvent',
    Type.String({ minLength: 1, maxLength: 200, pattern: '^[^\\s]+$' }),
  ],
} as const satisfies Record<string, readonly [keyof SettingsInput, TSchema]>;
type ApiName = keyof typeof FIELDS;

const SettingsBody = Type.Object(
  Object.fromEntries(
    Object.entries(FIELDS).map(([name, [, schema]]) => [name, Type.Optional(schema)]),
  ) as { [K in ApiName]: TOptional<(typeof FIELDS)[K][1]> },
  { additionalProperties: false, minProperties: 1 },
);

/** The settings in force: every field, a switch never set shown with its Northstar default. */
const SettingsSchema = Type.Object(
  {
    ...(Object.fromEntries(Object.entries(FIELDS).map(([name, [, schema]]) => [name, schema])) as {
      [K in ApiName]: (typeof FIELDS)[K][1];
    }),
    demo: Type.Boolean(),
  },
  { additionalProperties: false },
);
type SettingsView = Static<typeof SettingsSchema>;

function view(settings: WorkspaceSettings): SettingsView {
  const full: WorkspaceSettings = {
    ...settings,
    ...definitionSwitches(settings),
    profile: settings.profile ?? 'northstar',
    activationEvent: settings.activationEvent ?? 'activated',
    locale: settings.locale ?? 'en-US',
  };
  const out: Record<string, unknown> = { demo: settings.demo ?? false };
  for (const [name, [stored]] of Object.entries(FIELDS)) out[name] = full[stored];
  return out as SettingsView;
}

export function settingsRoutes(app: Api, ctx: ApiContext): void {
  app.get(
    '/settings',
    {
      schema: {
        tags: ['settings'],
        summary: 'Workspace settings: reporting currency, time zone, definition profile, switches',
        response: withErrors({ 200: SettingsSchema }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      return view(await ctx.gate.run((store) => store.workspace(workspaceId)));
    },
  );

  app.patch(
    '/settings',
    {
      config: { access: 'admin' },
      schema: {
        tags: ['settings'],
        summary:
          'Change workspace settings (the same as `northstar workspace`); a profile sets its switches first, switches given with it refine it',
        body: SettingsBody,
        response: withErrors({ 200: SettingsSchema }),
      },
    },
    async (request) => {
      const { workspaceId } = principalOf(request);
      const input: SettingsInput = {};
      for (const [name, value] of Object.entries(request.body))
        Object.assign(input, { [FIELDS[name as ApiName][0]]: value });
      let changes: SettingsInput;
      try {
        changes = settingsChanges(input);
      } catch (error) {
        if (error instanceof SettingsError) throw new ApiError(400, 'bad_request', error.message);
        throw error;
      }
      const settings = await ctx.gate.run((store) => store.updateWorkspace(workspaceId, changes));
      // Every figure may change (currency, switches): alerts re-evaluate, the cache warms.
      ctx.afterWrite(workspaceId);
      return view(settings);
    },
  );
}
