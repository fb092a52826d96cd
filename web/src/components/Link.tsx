import type { AnchorHTMLAttributes, MouseEvent } from 'react';
import { navigate, useSearch, withFilters } from '../hooks.ts';

/**
 * An in-app link: a real <a href> (keyboard, middle-click, print) that navigates without
 * reload, carrying the current filters.
 */
export function Link({
  href,
  ...rest
}: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const search = useSearch();
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={withFilters(href, search)} onClick={onClick} {...rest} />;
}
