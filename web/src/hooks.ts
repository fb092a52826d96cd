import { useCallback, useContext, useEffect, useState, useSyncExternalStore } from 'react';
import { api } from './api.ts';
import { AppContext } from './context.ts';

export interface Loaded<T> {
  data: T | null;
  error: Error | null;
  loading: boolean;
}

/** Waits before asking again for an answer the server marked stale (ms), longer each time. */
const REVALIDATE_MS = [1000, 2000, 4000, 8000, 10_000];

/** The server is computing a fresher answer than this one (`stale: true`, e.g. `/metrics`). */
function isStale(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { stale?: unknown }).stale === true;
}

/**
 * GETs an API path; refetches when the path or the language (the server's wording) changes. An answer marked stale (the data
 * changed and the server is computing the fresh one) is shown at once and asked for again,
 * with growing pauses, until a fresh one replaces it.
 */
export function useApi<T>(path: string | null): Loaded<T> {
  // `answered` is the path the shown data answers: until the new path's answer lands, the
  // old one stays on screen but counts as loading (a page must not present it as the new).
  const [state, setState] = useState<Loaded<T> & { answered: string | null }>({
    data: null,
    error: null,
    loading: true,
    answered: null,
  });
  const locale = useContext(AppContext)?.formats.locale;
  useEffect(() => {
    if (path === null) return;
    let live = true;
    let timer: number | undefined;
    setState((s) => ({ ...s, loading: true, error: null }));
    const load = (attempt: number) =>
      api<T>(path).then(
        (data) => {
          if (!live) return;
          setState({ data, error: null, loading: false, answered: path });
          if (isStale(data))
            timer = window.setTimeout(
              () => load(attempt + 1),
              REVALIDATE_MS[Math.min(attempt, REVALIDATE_MS.length - 1)],
            );
        },
        (error: Error) => {
          if (!live) return;
          // Only the first load reports an error; a failed refresh keeps the answer shown
          // and tries again (a fresh answer is still owed).
          if (attempt === 0) setState({ data: null, error, loading: false, answered: path });
          else
            timer = window.setTimeout(
              () => load(attempt + 1),
              REVALIDATE_MS[Math.min(attempt, REVALIDATE_MS.length - 1)],
            );
        },
      );
    void load(0);
    return () => {
      live = false;
      window.clearTimeout(timer);
    };
  }, [path, locale]);
  const { answered, ...loaded } = state;
  return answered === path ? loaded : { ...loaded, loading: true };
}

// A tiny router over the History API: the server answers every dashboard path with index.html.
// Filters and page state live in the query string, so a reload or a shared link keeps them.
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((l) => l());
window.addEventListener('popstate', notify);

/** Query keys every page shares (the filter bar); other keys belong to one page. */
export const FILTER_KEYS = ['from', 'to', 'interval', 'segment'] as const;

/** `to` with the current filters added when it names no query of its own. */
export function withFilters(to: string, search = window.location.search): string {
  if (to.includes('?')) return to;
  const current = new URLSearchParams(search);
  const kept = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = current.get(key);
    if (value) kept.set(key, value);
  }
  const text = kept.toString();
  return text ? `${to}?${text}` : to;
}

export function navigate(to: string): void {
  window.history.pushState(null, '', withFilters(to));
  notify();
  window.scrollTo(0, 0);
}

/** Sets or removes query keys of the current page, replacing the history entry. */
export function setSearchParams(patch: Record<string, string | null>): void {
  const params = new URLSearchParams(window.location.search);
  for (const [key, value] of Object.entries(patch))
    if (value === null || value === '') params.delete(key);
    else params.set(key, value);
  const text = params.toString();
  window.history.replaceState(null, '', `${window.location.pathname}${text ? `?${text}` : ''}`);
  notify();
}

function useLocationPart(read: () => string): string {
  return useSyncExternalStore((listener) => {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, read);
}

export function usePath(): string {
  return useLocationPart(() => window.location.pathname);
}

export function useSearch(): string {
  return useLocationPart(() => window.location.search);
}

/** One query key as page state: its value ('' when absent) and a setter. */
export function useSearchParam(key: string): [string, (value: string) => void] {
  const search = useSearch();
  const value = new URLSearchParams(search).get(key) ?? '';
  const set = useCallback((next: string) => setSearchParams({ [key]: next }), [key]);
  return [value, set];
}
