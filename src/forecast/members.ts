import { fitHolt, holtForecast } from './holt.ts';
import { theta } from './theta.ts';

/**
 * The candidates the combination averages. Each forecasts a series that is already
 * seasonally adjusted (and transformed, where the data call for it), so none of them has
 * to handle seasonality itself, and each returns point forecasts only: the combination's
 * intervals are calibrated on its own errors, not taken from the members' models.
 */
export interface Member {
  readonly id: string;
  readonly label: string;
  /** Shortest series the member fits. */
  readonly minLength: number;
  forecast(x: readonly number[], h: number): number[];
}

export const DAMPED_MEMBER: Member = {
  id: 'damped',
  label: 'Damped trend',
  minLength: 5,
  forecast: (x, h) => holtForecast(fitHolt(x, true), h),
};

export const THETA_MEMBER: Member = {
  id: 'theta',
  label: 'Theta',
  minLength: 3,
  forecast: (x, h) => [...theta(x, h, 1).mean],
};

export const NAIVE_MEMBER: Member = {
  id: 'naive',
  label: 'Naive (last value)',
  minLength: 1,
  forecast: (x, h) => new Array<number>(h).fill(x[x.length - 1]!),
};
