import type { Preset } from '../api.ts';
import { OVERVIEW_KPIS } from '../../../src/api/overview.ts';

// Shared with the server, which warms this query after every write (src/api/warm-up.ts).
export const DEFAULT_KPIS = OVERVIEW_KPIS;

/** Which KPI cards the overview shows: the default set or a stage preset. */
export function PresetSwitcher({
  presets,
  value,
  onChange,
}: {
  presets: Preset[];
  value: string;
  onChange: (id: string) => void;
}) {
  const options = [
    { id: '', label: 'Essentials', description: 'MRR, growth, churn, retention' },
    ...presets,
  ];
  const current = options.find((o) => o.id === value) ?? options[0]!;
  return (
    <div className="presets">
      <div role="radiogroup" aria-label="KPI preset" className="segmented">
        {options.map((o) => (
          <label key={o.id || 'default'}>
            <input
              type="radio"
              name="preset"
              value={o.id}
              checked={current.id === o.id}
              onChange={() => onChange(o.id)}
            />
            {o.label}
          </label>
        ))}
      </div>
      <p className="hint">{current.description}</p>
    </div>
  );
}
