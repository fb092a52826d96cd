import type { SegmentAttribute } from '../api.ts';
import { useApp } from '../context.ts';
import { useApi } from '../hooks.ts';
import { attributeName, attributeValue } from '../format.ts';
import { translateOr, useT } from '../i18n/index.ts';

/** Attribute and value of the segment every metric is restricted to ('' = everyone). */
export function SegmentFilter() {
  const { filters, setFilters, formats } = useApp();
  const t = useT();
  const name = (a: string) => translateOr(formats.locale, `attribute.${a}`, attributeName(a));
  const { data } = useApi<{ items: SegmentAttribute[] }>('/segments');
  const [attribute = '', value = ''] = filters.segment ? filters.segment.split(/=(.*)/s) : [];
  const attributes = data?.items ?? [];
  const values = attributes.find((a) => a.attribute === attribute)?.values ?? [];
  const set = (a: string, v: string) =>
    setFilters({ ...filters, segment: a && v ? `${a}=${v}` : '' });
  return (
    <>
      <label>
        {t('filters.segment')}
        <select
          aria-label={t('filters.segmentAttribute')}
          value={attribute}
          onChange={(e) => {
            const next = attributes.find((a) => a.attribute === e.target.value);
            set(e.target.value, next?.values[0] ?? '');
          }}
        >
          <option value="">{t('filters.everyone')}</option>
          {attributes.map((a) => (
            <option key={a.attribute} value={a.attribute}>
              {name(a.attribute)}
            </option>
          ))}
        </select>
      </label>
      {attribute ? (
        <label>
          <span className="sr-only">{t('filters.segmentValue')}</span>
          <select
            aria-label={t('filters.segmentValue')}
            value={value}
            onChange={(e) => set(attribute, e.target.value)}
          >
            {values.map((v) => (
              <option key={v} value={v}>
                {attributeValue(v)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </>
  );
}
