import type { Day } from '../model/day.ts';
import type { EventRow, FunnelRow, Instant, SurveyRow, TicketRow } from '../model/kinds.ts';
import {
  ACTIVATION_EVENT,
  CSAT_COMMENTS,
  NPS_COMMENTS,
  PLANS,
  TICKET_CHANNELS,
  type Channel,
} from './catalog.ts';
import { mrrOn, type ToUsd } from './company.ts';
import type { DemoCustomer, DemoWindow } from './lifecycle.ts';
import { pad } from './lifecycle.ts';
import { Rng } from './random.ts';
import { MS_PER_DAY } from '../model/day.ts';

/**
 * What customers do around their subscriptions: the acquisition funnel that brought
 * them, their users' product usage, NPS and CSAT answers, and support tickets. Customers
 * with low health use the product less (and less still in the two months before they
 * churn), open more tickets and answer surveys with lower scores.
 */

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const at = (day: Day, hours: number): Instant =>
  day * MS_PER_DAY + Math.round(hours * 60) * MINUTE_MS;
/** The last millisecond of the window. */
const windowEndInstant = (window: DemoWindow): Instant => (window.end + 1) * MS_PER_DAY - 1;
const businessHour = (rng: Rng): number => rng.float(7, 20);

/** Days from `churnDays` ahead of `day`: usage fades over the 60 days before a churn. */
function fade(customer: DemoCustomer, day: Day): number {
  for (const c of customer.churnDays) {
    if (c > day && c - day < 60) return 0.2 + 0.8 * ((c - day) / 60);
  }
  return 1;
}

function churnsWithin(customer: DemoCustomer, day: Day, days: number): boolean {
  return customer.churnDays.some((c) => c > day && c - day <= days);
}

// ---------------------------------------------------------------------------------------
// Funnel

interface Journey {
  readonly channel: Channel;
  readonly customerId: string | null;
  readonly stages: { stage: string; at: Instant; value: number | null }[];
}

export function generateFunnel(
  customers: readonly DemoCustomer[],
  window: DemoWindow,
  toUsd: ToUsd,
  seed: number,
): FunnelRow[] {
  const rng = Rng.derive(seed, 'funnel');
  const first = window.start * MS_PER_DAY;
  const last = windowEndInstant(window);
  const clampDay = (day: Day): Day => Math.min(window.end, Math.max(window.start, day));
  const journeys: Journey[] = [];

  /** Stage instants in order, each strictly after the previous one, within the window. */
  const build = (
    channel: Channel,
    customerId: string | null,
    stages: readonly { stage: string; at: Instant; value?: number | null }[],
  ): void => {
    let previous = first - MINUTE_MS;
    const out: Journey['stages'] = [];
    for (const s of stages) {
      const t = Math.min(last, Math.max(s.at, previous + MINUTE_MS, first));
      out.push({ stage: s.stage, at: t, value: s.value ?? null });
      previous = t;
    }
    journeys.push({ channel, customerId, stages: out });
  };

  for (const c of customers) {
    const signupDay = c.row.created_at ?? window.start;
    const signup = at(signupDay, businessHour(rng));
    const firstSub = c.subscriptions[0];
    const trial = firstSub !== undefined && firstSub.row.trial_end !== null;
    const paid = c.firstPaidDay !== null && c.firstPaidDay <= window.end;
    const acv = paid ? Math.round(mrrOn([c], c.firstPaidDay ?? 0, toUsd) * 12) / 100 : null;
    const stages: { stage: string; at: Instant; value?: number | null }[] = [];
    if (c.salesLed) {
      const leadDay = clampDay(signupDay - rng.int(10, 80));
      if (c.channel !== 'outbound' && rng.chance(0.5)) {
        stages.push({
          stage: 'visitor',
          at: at(clampDay(leadDay - rng.int(0, 10)), businessHour(rng)),
        });
      }
      stages.push({ stage: 'lead', at: at(leadDay, businessHour(rng)) });
      const oppDay = leadDay + Math.floor((signupDay - leadDay) * rng.float(0.3, 0.8));
      stages.push({ stage: 'opportunity', at: at(oppDay, businessHour(rng)), value: acv });
    } else {
      const visitDay = clampDay(signupDay - rng.int(0, 20));
      stages.push({ stage: 'visitor', at: at(visitDay, businessHour(rng)) });
      if (rng.chance(0.35)) {
        const leadDay = visitDay + Math.floor((signupDay - visitDay) * rng.next());
        stages.push({ stage: 'lead', at: at(leadDay, businessHour(rng)) });
      }
    }
    // Sales-led deals go lead -> opportunity -> customer; self-serve ones sign up (and trial).
    const trialAt = signup + rng.int(2, 20) * MINUTE_MS;
    if (!c.salesLed) {
      stages.push({ stage: 'signup', at: signup });
      if (trial) stages.push({ stage: 'trial', at: trialAt });
    }
    if (paid && c.firstPaidDay !== null) {
      const when =
        c.firstPaidDay === signupDay
          ? signup + rng.int(25, 60) * MINUTE_MS
          : at(c.firstPaidDay, businessHour(rng));
      stages.push({ stage: 'customer', at: when, value: acv });
    }
    build(c.channel, c.row.customer_id, stages);

    // Prospects around this customer who did not convert, in the same weeks and channel.
    const around = (): Day => clampDay(signupDay + rng.int(-15, 15));
    if (c.salesLed) {
      for (let n = rng.poisson(6); n > 0; n--) {
        const day = around();
        const s = [{ stage: 'lead', at: at(day, businessHour(rng)) }];
        if (rng.chance(0.3)) {
          s.push({
            stage: 'opportunity',
            at: at(clampDay(day + rng.int(3, 40)), businessHour(rng)),
          });
        }
        if (c.channel !== 'outbound' && rng.chance(0.4)) {
          s.unshift({
            stage: 'visitor',
            at: at(clampDay(day - rng.int(0, 10)), businessHour(rng)),
          });
        }
        build(c.channel, null, s);
      }
    } else {
      for (let n = rng.poisson(3); n > 0; n--) {
        const day = around();
        const s = [{ stage: 'visitor', at: at(clampDay(day - rng.int(0, 10)), businessHour(rng)) }];
        if (rng.chance(0.3)) s.push({ stage: 'lead', at: at(day, businessHour(rng) - 1) });
        const t = at(day, businessHour(rng));
        s.push({ stage: 'signup', at: t });
        if (rng.chance(0.3)) s.push({ stage: 'trial', at: t + rng.int(2, 20) * MINUTE_MS });
        build(c.channel, null, s);
      }
      for (let n = rng.poisson(4); n > 0; n--) {
        const day = around();
        build(c.channel, null, [
          { stage: 'visitor', at: at(clampDay(day - rng.int(0, 10)), businessHour(rng)) },
          { stage: 'lead', at: at(day, businessHour(rng)) },
        ]);
      }
    }
    for (let n = rng.poisson(c.salesLed ? 12 : 55); n > 0; n--) {
      build(c.channel, null, [{ stage: 'visitor', at: at(around(), rng.float(0, 24)) }]);
    }
  }

  journeys.sort((a, b) => (a.stages[0]?.at ?? 0) - (b.stages[0]?.at ?? 0));
  const width = Math.max(6, String(journeys.length).length);
  const rows: FunnelRow[] = [];
  journeys.forEach((j, i) => {
    const id = `fn_${pad(i + 1, width)}`;
    for (const s of j.stages) {
      rows.push({
        id,
        stage: s.stage,
        occurred_at: s.at,
        channel: j.channel,
        customer_id: s.stage === 'customer' ? j.customerId : null,
        value: s.value,
      });
    }
  });
  return rows;
}

// ---------------------------------------------------------------------------------------
// Product usage events

function seatsOf(customer: DemoCustomer): number {
  let seats = 1;
  for (const s of customer.subscriptions) {
    const plan = PLANS[s.planId];
    if (plan.addOn) continue;
    const n = plan.perSeat
      ? s.row.quantity
      : s.planId === 'business'
        ? 6 * s.row.quantity
        : s.planId === 'pro'
          ? 4
          : 2;
    seats = Math.max(seats, n);
  }
  return seats;
}

export interface DemoUser {
  readonly id: string;
  readonly joined: Day;
  readonly engagement: number;
}

export function customerUsers(customer: DemoCustomer, seed: number): DemoUser[] {
  const rng = Rng.derive(seed, 'users', customer.index);
  const start = customer.activeSpans[0]?.start ?? customer.row.created_at ?? 0;
  const count = Math.min(20, Math.max(1, Math.round(seatsOf(customer) * rng.float(0.35, 0.75))));
  const number = customer.row.customer_id.slice(4);
  const users: DemoUser[] = [];
  for (let j = 0; j < count; j++) {
    users.push({
      id: `usr_${number}_${pad(j + 1, 2)}`,
      joined: j === 0 ? start : start + rng.int(1, 90),
      engagement: Math.min(
        0.65,
        Math.max(0.05, 0.07 + 0.3 * customer.health + rng.float(-0.1, 0.18)),
      ),
    });
  }
  return users;
}

export function generateEvents(
  customers: readonly DemoCustomer[],
  window: DemoWindow,
  seed: number,
): EventRow[] {
  const rows: EventRow[] = [];
  for (const c of customers) {
    const rng = Rng.derive(seed, 'events', c.index);
    const users = customerUsers(c, seed);
    const activated = new Set<string>();
    for (const span of c.activeSpans) {
      const to = Math.min(span.end, window.end + 1);
      for (let day = span.start; day < to; day++) {
        const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
        const base = (weekday >= 6 ? 0.15 : 1) * fade(c, day);
        for (const u of users) {
          if (u.joined > day || !rng.chance(u.engagement * base)) continue;
          const t = at(day, rng.float(7, 19));
          const push = (event: string, offsetMinutes: number, quantity = 1): void => {
            rows.push({
              occurred_at: t + offsetMinutes * MINUTE_MS,
              customer_id: c.row.customer_id,
              user_id: u.id,
              event,
              quantity,
            });
          };
          push('login', 0);
          if (rng.chance(0.3)) {
            push('report_created', rng.int(3, 90), rng.int(1, 3));
            if (!activated.has(u.id)) {
              activated.add(u.id);
              push(ACTIVATION_EVENT, 95);
            }
          }
          if (rng.chance(0.25)) push('dashboard_viewed', rng.int(1, 120), rng.int(1, 6));
          if (rng.chance(0.05)) push('export_created', rng.int(100, 200));
          if (rng.chance(u === users[0] ? 0.05 : 0.01)) push('invite_sent', rng.int(1, 200));
        }
      }
    }
  }
  rows.sort(
    (a, b) =>
      a.occurred_at - b.occurred_at ||
      cmp(a.customer_id, b.customer_id) ||
      cmp(a.user_id, b.user_id) ||
      cmp(a.event, b.event),
  );
  return rows;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// ---------------------------------------------------------------------------------------
// Support tickets and surveys

export interface ExperienceData {
  readonly tickets: TicketRow[];
  readonly surveys: SurveyRow[];
}

export function generateExperience(
  customers: readonly DemoCustomer[],
  window: DemoWindow,
  seed: number,
): ExperienceData {
  const end = windowEndInstant(window);
  const tickets: Omit<TicketRow, 'ticket_id'>[] = [];
  const surveys: Omit<SurveyRow, 'response_id'>[] = [];
  for (const c of customers) {
    const rng = Rng.derive(seed, 'experience', c.index);
    const users = customerUsers(c, seed).length;
    const onboardingEnd = (c.activeSpans[0]?.start ?? 0) + 30;
    for (const span of c.activeSpans) {
      const to = Math.min(span.end, window.end + 1);
      for (let from = span.start; from < to; from += 30) {
        const days = Math.min(30, to - from);
        const rate =
          (0.2 + 0.5 * (1 - c.health) + 0.02 * users) *
          (days / 30) *
          (from < onboardingEnd ? 2 : 1);
        for (let n = rng.poisson(churnsWithin(c, from, 90) ? rate * 1.6 : rate); n > 0; n--) {
          const day = from + rng.int(0, days - 1);
          const created = at(day, rng.float(6, 22));
          const channel = rng.weighted(TICKET_CHANNELS);
          const firstHours =
            channel === 'chat'
              ? rng.logNormal(0.15, 0.8)
              : channel === 'phone'
                ? rng.logNormal(0.03, 0.5)
                : rng.logNormal(3, 0.9);
          const resolveHours = rng.logNormal(
            channel === 'chat' || channel === 'phone' ? 1.5 : 8,
            1.1,
          );
          const firstAt = created + Math.max(1, Math.round(firstHours * 60)) * MINUTE_MS;
          const resolvedAt = firstAt + Math.max(5, Math.round(resolveHours * 60)) * MINUTE_MS;
          tickets.push({
            created_at: created,
            customer_id: c.row.customer_id,
            first_response_at: firstAt <= end ? firstAt : null,
            resolved_at: resolvedAt <= end ? resolvedAt : null,
            channel,
          });
          // CSAT after some resolved tickets.
          const answered = resolvedAt + rng.int(10, 600) * MINUTE_MS;
          if (answered <= end && rng.chance(0.35)) {
            const slow = (resolvedAt - created) / HOUR_MS > 48 ? 1 : 0;
            const score = Math.min(
              5,
              Math.max(1, Math.round(2.4 + 2.4 * c.health - slow + rng.normal(0, 0.7))),
            );
            const band = score >= 4 ? 'good' : score === 3 ? 'neutral' : 'bad';
            surveys.push({
              kind: 'csat',
              score,
              submitted_at: answered,
              customer_id: c.row.customer_id,
              comment: rng.chance(0.4) ? rng.pick(CSAT_COMMENTS[band]) : null,
            });
          }
        }
      }
    }
    // NPS every quarter from three months after the first payment (a relationship survey).
    if (c.firstPaidDay === null) continue;
    for (let day = c.firstPaidDay + 90; day <= window.end; day += 91) {
      if (!c.activeSpans.some((s) => s.start <= day && day < s.end)) continue;
      if (!rng.chance(0.45)) continue;
      const risk = churnsWithin(c, day, 120) ? 2.5 : 0;
      const score = Math.min(
        10,
        Math.max(0, Math.round(3.5 + 6.5 * c.health - risk + rng.normal(0, 1.4))),
      );
      const band = score >= 9 ? 'promoter' : score >= 7 ? 'passive' : 'detractor';
      surveys.push({
        kind: 'nps',
        score,
        submitted_at: at(day, rng.float(7, 21)),
        customer_id: c.row.customer_id,
        comment: rng.chance(0.5) ? rng.pick(NPS_COMMENTS[band]) : null,
      });
    }
  }
  tickets.sort(
    (a, b) => a.created_at - b.created_at || cmp(a.customer_id ?? '', b.customer_id ?? ''),
  );
  surveys.sort(
    (a, b) => a.submitted_at - b.submitted_at || cmp(a.customer_id ?? '', b.customer_id ?? ''),
  );
  const tw = Math.max(5, String(tickets.length).length);
  const sw = Math.max(5, String(surveys.length).length);
  return {
    tickets: tickets.map((t, i) => ({ ticket_id: `tkt_${pad(i + 1, tw)}`, ...t })),
    surveys: surveys.map((s, i) => ({ response_id: `rsp_${pad(i + 1, sw)}`, ...s })),
  };
}
