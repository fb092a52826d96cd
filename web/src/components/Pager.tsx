import { useT } from '../i18n/index.ts';

/** Previous and next buttons around "51–100 of 734". */
export function Pager({
  offset,
  size,
  total,
  onOffset,
}: {
  offset: number;
  size: number;
  total: number;
  onOffset: (offset: number) => void;
}) {
  const t = useT();
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button type="button" disabled={offset === 0} onClick={() => onOffset(offset - size)}>
        {t('pager.previous')}
      </button>
      <span>
        {t('pager.range', {
          first: total === 0 ? 0 : offset + 1,
          last: Math.min(offset + size, total),
          total,
        })}
      </span>
      <button
        type="button"
        disabled={offset + size >= total}
        onClick={() => onOffset(offset + size)}
      >
        {t('pager.next')}
      </button>
    </nav>
  );
}

/** The page number in the URL (`page=3`, absent on the first) as an offset, and its setter. */
export function pageOffset(
  pageParam: string,
  setPage: (value: string) => void,
  size: number,
): [number, (offset: number) => void] {
  const offset = Math.max(0, (Number(pageParam) || 1) - 1) * size;
  return [offset, (o) => setPage(o <= 0 ? '' : String(o / size + 1))];
}
