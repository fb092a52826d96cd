import type { Preset } from '../api.ts';
import { useT, type MessageKey } from '../i18n/index.ts';
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
  const t = useT();
  // The presets' words from the catalogue (the API's are English).
  const options = [
    { id: '', label: t('preset.essentials'), description: t('preset.essentials.description') },
    ...presets.map((p) => ({
      ...p,
      label: t(`preset.${p.id}` as MessageKey),
      description: t(`preset.${p.id}.description` as MessageKey),
    })),
  ];
  const current = options.find((o) => o.id === value) ?? options[0]!;
  return (
    <div className="presets">
      <div role="radiogroup" aria-label={t('preset.label')} className="segmented">
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
