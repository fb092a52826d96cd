import { createContext, useContext } from 'react';
import type { Me } from './api.ts';
import type { Formats } from './format.ts';

export interface Filters {
  /** YYYY-MM or '' (all history). */
  from: string;
  /** YYYY-MM or '' (today). */
  to: string;
  interval: 'day' | 'week' | 'month' | 'quarter' | 'year';
  /** `attribute=value`, or '' for the whole workspace. */
  segment: string;
}

export interface AppState {
  me: Me;
  formats: Formats;
  filters: Filters;
  setFilters: (f: Filters) => void;
  /** Reads `/me` again (after the settings page changed the currency or time zone). */
  reloadMe: () => void;
}

export const AppContext = createContext<AppState | null>(null);

export function useApp(): AppState {
  const state = useContext(AppContext);
  if (!state) throw new Error('useApp outside the signed-in app');
  return state;
}

export const INTERVALS: readonly Filters['interval'][] = [
  'day',
  'week',
  'month',
  'quarter',
  'year',
];

/** Periods per year for an interval: how far back "last year" is. */
export const PERIODS_PER_YEAR: Record<Filters['interval'], number> = {
  day: 365,
  week: 52,
  month: 12,
  quarter: 4,
  year: 1,
};
