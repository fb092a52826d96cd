import { INTERVALS, useApp, type Filters } from '../context.ts';
import { SegmentFilter } from './SegmentFilter.tsx';

/** Date range, interval and segment, shared by the overview, metric and cohort pages. */
export function FilterBar() {
  const { filters, setFilters } = useApp();
  const set = (patch: Partial<Filters>) => setFilters({ ...filters, ...patch });
  return (
    <form className="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
      <label>
        From
        <input
          type="month"
          value={filters.from}
          max={filters.to || undefined}
          onChange={(e) => set({ from: e.target.value })}
        />
      </label>
      <label>
        To
        <input
          type="month"
          value={filters.to}
          min={filters.from || undefined}
          onChange={(e) => set({ to: e.target.value })}
        />
      </label>
      <label>
        Interval
        <select
          value={filters.interval}
          onChange={(e) => set({ interval: e.target.value as Filters['interval'] })}
        >
          {INTERVALS.map((i) => (
            <option key={i} value={i}>
              {i}
            </option>
          ))}
        </select>
      </label>
      <SegmentFilter />
      {(filters.from || filters.to) && (
        <button type="button" onClick={() => set({ from: '', to: '' })}>
          All history
        </button>
      )}
    </form>
  );
}
