import { INTERVALS, useApp, type Filters } from '../context.ts';
import { SegmentFilter } from './SegmentFilter.tsx';
import { intervalName } from '../format.ts';
import { useT } from '../i18n/index.ts';

/** Date range, interval and segment, shared by the overview, metric and cohort pages. */
export function FilterBar() {
  const { filters, setFilters, formats } = useApp();
  const t = useT();
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  return (
    <form className="filters" aria-label={t('filters.label')} onSubmit={(e) => e.preventDefault()}>
      <label>
        {t('filters.from')}
        <input
          type="month"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => set({ from: e.target.value })}
        />
      </label>
      <label>
        {t('filters.to')}
        <input
          type="month"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => set({ to: e.target.value })}
        />
      </label>
      <label>
        {t('filters.interval')}
        <select
          value={filters.interval}
          onChange={(e) => set({ interval: e.target.value as Filters['interval'] })}
        >
          {INTERVALS.map((i) => (
            <option key={i} value={i}>
              {intervalName(i, formats.locale)}
            </option>
          ))}
        </select>
      </label>
      <SegmentFilter />
      {(filters.from || filters.to) && (
        <button type="button" onClick={() => set({ from: '', to: '' })}>
          {t('filters.allHistory')}
        </button>
      )}
    </form>
  );
}
